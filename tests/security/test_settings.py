"""Production settings: the site does not start with a key written in the code; HTTPS for a year."""

from __future__ import annotations

import subprocess
import sys

from tests.servers import ROOT, subprocess_env


def settings_read_by_a_new_process(names: str, **env: str) -> subprocess.CompletedProcess:
    """Start Django in a new process with ``env`` and print the settings named (space-separated)."""
    code = (
        "import django; django.setup(); from django.conf import settings; "
        f"print(*[getattr(settings, name) for name in {names.split()!r}])"
    )
    return subprocess.run(
        [sys.executable, "-c", code], env=subprocess_env(**env), cwd=ROOT, capture_output=True, text=True
    )


def test_the_site_refuses_to_start_without_a_secret_key_when_debug_is_off(db):
    result = settings_read_by_a_new_process("SECRET_KEY", DJANGO_SECRET_KEY="", DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "ImproperlyConfigured: Set DJANGO_SECRET_KEY" in result.stderr


def test_the_site_starts_with_the_key_it_is_given(db):
    result = settings_read_by_a_new_process(
        "SECRET_KEY", DJANGO_SECRET_KEY="a-key-given-by-the-deployment", DJANGO_DEBUG="0"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "a-key-given-by-the-deployment"


def test_production_asks_browsers_for_https_for_a_year_on_every_subdomain(db):
    result = settings_read_by_a_new_process(
        "SECURE_HSTS_SECONDS SECURE_HSTS_INCLUDE_SUBDOMAINS",
        DJANGO_SECURE="1",
        DJANGO_DEBUG="0",
        EMAIL_URL="smtp+tls://user:password@mail.example.ge:587",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [str(365 * 24 * 3600), "True"]
