"""A mail server that answers slowly: the worker of the kill test sits inside sending until the test
removes the gate file (MAIL_GATE), so it can be killed right there."""

from __future__ import annotations

import os
import time
from pathlib import Path

from municipal_platform.mail import DevelopmentFileEmailBackend


class GatedFileBackend(DevelopmentFileEmailBackend):
    def send_messages(self, email_messages):
        gate = Path(os.environ["MAIL_GATE"])
        (gate.parent / "inside-send").touch()
        deadline = time.monotonic() + 120
        while gate.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        return super().send_messages(email_messages)
