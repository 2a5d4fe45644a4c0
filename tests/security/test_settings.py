"""Production settings: the site does not start with a key written in the code."""

from __future__ import annotations

import subprocess
import sys

from tests.servers import ROOT, subprocess_env

START = "import django; django.setup(); from django.conf import settings; print(settings.SECRET_KEY)"


def start(**env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", START], env=subprocess_env(**env), cwd=ROOT, capture_output=True, text=True
    )


def test_the_site_refuses_to_start_without_a_secret_key_when_debug_is_off(db):
    result = start(DJANGO_SECRET_KEY="", DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "ImproperlyConfigured: Set DJANGO_SECRET_KEY" in result.stderr


def test_the_site_starts_with_the_key_it_is_given(db):
    result = start(DJANGO_SECRET_KEY="a-key-given-by-the-deployment", DJANGO_DEBUG="0")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "a-key-given-by-the-deployment"
