"""The settings mypy's Django plugin loads (pyproject.toml [tool.django-stubs]): the real ones, with a key
that signs nothing, since type-checking serves no one (the settings refuse to start without a key)."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "type-checking-only-not-a-secret")

from municipal_platform.settings import *  # noqa: F403
