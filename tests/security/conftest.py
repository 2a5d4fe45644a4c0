"""The programmes builders (a 2025 programme, its services, people) for the tests of who reaches what."""

from tests.programmes.conftest import fire, make_application, make_person, meals, programme  # noqa: F401
