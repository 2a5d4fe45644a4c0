"""The programmes builders, for the tests of pages a walk through the journeys found wanting."""

from tests.programmes.conftest import fire, make_application, make_person, programme  # noqa: F401
