"""Secrets never reach the logs: invitation tokens in URLs and client addresses are redacted."""

import logging

from django.test import Client

from municipal_platform.logging_filters import RedactSecretsFilter, redact


def test_tokens_and_addresses_are_redacted_from_any_message():
    line = 'Forbidden (CSRF cookie not set.): /f/annex-2/t/9T239Iabc_-x/ from 10.1.2.3 "GET /f/optout/Zx9/ HTTP/1.1"'
    cleaned = redact(line)
    assert "9T239Iabc_-x" not in cleaned and "Zx9" not in cleaned and "10.1.2.3" not in cleaned
    assert "/f/annex-2/t/[redacted]/" in cleaned


def test_django_request_log_lines_pass_through_the_filter(ambrolauri, caplog):
    handler_filter = RedactSecretsFilter()
    caplog.handler.addFilter(handler_filter)
    try:
        with caplog.at_level(logging.WARNING, logger="django.request"):
            Client(HTTP_HOST="ambrolauri.localhost").get("/nothing-here/t/SECRET-TOKEN-123/")
    finally:
        caplog.handler.removeFilter(handler_filter)
    assert caplog.records, "a 404 is logged"
    assert "SECRET-TOKEN-123" not in caplog.text
    assert "/t/[redacted]/" in caplog.text


def test_console_handler_of_the_settings_carries_the_filter(settings):
    handler = settings.LOGGING["handlers"]["console"]
    assert "redact" in handler["filters"]
    assert settings.LOGGING["filters"]["redact"]["()"].endswith("RedactSecretsFilter")
