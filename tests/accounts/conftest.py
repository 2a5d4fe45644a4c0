"""Fixtures of the accounts tests: a fast password hasher (these tests set passwords through the pages,
and the strong default hash costs most of a second each time), and Georgian as the active language."""

from __future__ import annotations

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]


@pytest.fixture(autouse=True)
def _georgian_by_default():
    """Services called directly speak the default language, whatever an earlier request activated."""
    with translation.override("ka"):
        yield
