"""The messages child-support cases send (outbox kinds), one module each."""

from . import digest, violence  # noqa: F401
