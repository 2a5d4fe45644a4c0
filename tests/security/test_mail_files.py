"""Development e-mail files (addresses, live links) are not kept for ever, and production never writes them."""

from __future__ import annotations

import os
import time

from django.core import mail

from tests.security.test_settings import settings_read_by_a_new_process

DAY = 24 * 3600


def test_sending_an_email_removes_the_files_older_than_the_retention(settings, tmp_path):
    settings.EMAIL_BACKEND = "municipal_platform.mail.DevelopmentFileEmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)
    settings.EMAIL_FILE_RETENTION_DAYS = 7
    old, recent = tmp_path / "old.log", tmp_path / "recent.log"
    for path, age in [(old, 8 * DAY), (recent, 6 * DAY)]:
        path.write_text("To: someone@example.ge\nhttp://ambrolauri.localhost/accounts/password/x/y/\n")
        os.utime(path, (time.time() - age, time.time() - age))

    mail.send_mail("subject", "body", "from@example.ge", ["to@example.ge"])

    assert not old.exists()
    assert recent.exists()
    assert len(list(tmp_path.glob("*.log"))) == 2  # the recent one and the new one


def test_development_writes_files_that_are_kept_a_week_by_default(db):
    result = settings_read_by_a_new_process("EMAIL_BACKEND EMAIL_FILE_RETENTION_DAYS", EMAIL_URL="")
    assert result.stdout.split() == ["municipal_platform.mail.DevelopmentFileEmailBackend", "7"]


def test_a_production_site_refuses_to_start_without_a_mail_server(db):
    result = settings_read_by_a_new_process("EMAIL_BACKEND", DJANGO_SECURE="1", EMAIL_URL="")
    assert result.returncode != 0
    assert "ImproperlyConfigured: Set EMAIL_URL" in result.stderr
    result = settings_read_by_a_new_process(
        "EMAIL_BACKEND", DJANGO_SECURE="1", EMAIL_URL="smtp+tls://user:password@mail.example.ge:587"
    )
    assert result.stdout.strip() == "django.core.mail.backends.smtp.EmailBackend"
