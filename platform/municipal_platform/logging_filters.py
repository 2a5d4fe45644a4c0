"""Keeps secrets out of every log line: invitation tokens in URLs and client addresses.

Feedback is anonymous by construction; a log line that pairs a token or an address with a time
would undo that. The filter sits on the handlers, so it sees records from every logger (Django's
request and CSRF loggers, the dev server, Celery, gunicorn's error log).
"""

import logging
import re

_PATTERNS = [
    # /f/<form-code>/t/<token>/ and the opt-out link /f/optout/<token>/
    (re.compile(r"(/t/)[^/\s\"'?]+"), r"\1[redacted]"),
    (re.compile(r"(/optout/)[^/\s\"'?]+"), r"\1[redacted]"),
    # the set-password link of an account invitation or reset: /accounts/password/<uid>/<token>/
    (
        re.compile(r"(/accounts/password/(?!reset/)[^/\s\"'?]+/)(?!set-password\b)[^/\s\"'?]+"),
        r"\1[redacted]",
    ),
    # IPv4 addresses (the loopback range stays: it identifies nobody)
    (re.compile(r"\b(?!127\.)(?:\d{1,3}\.){3}\d{1,3}\b"), "[address]"),
]


def redact(text: str) -> str:
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class RedactSecretsFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is left to the handler to report
            return True
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        # Django attaches the request to its records; formatters never need it here.
        if hasattr(record, "request"):
            record.request = None
        return True
