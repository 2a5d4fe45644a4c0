"""The platform's settings with a slow mail server (gated_mail.py), for the worker the kill test kills."""

from municipal_platform.settings import *  # noqa: F403

EMAIL_BACKEND = "tests.faults.gated_mail.GatedFileBackend"
