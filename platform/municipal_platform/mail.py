"""The development e-mail backend: Django's file backend that forgets old e-mails.

Each file holds an e-mail's addresses and its links (single-use, but live until used or expired), so
nothing is kept longer than EMAIL_FILE_RETENTION_DAYS: every sending first removes older files.
"""

from __future__ import annotations

import time
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.filebased import EmailBackend


class DevelopmentFileEmailBackend(EmailBackend):
    def send_messages(self, email_messages):
        self.remove_old_files()
        return super().send_messages(email_messages)

    def remove_old_files(self) -> int:
        """Delete the e-mail files older than EMAIL_FILE_RETENTION_DAYS; how many there were."""
        cutoff = time.time() - settings.EMAIL_FILE_RETENTION_DAYS * 24 * 3600
        removed = 0
        for path in Path(self.file_path).glob("*.log"):
            try:
                if path.stat().st_mtime < cutoff:
                    path.unlink()
                    removed += 1
            except FileNotFoundError:  # another process removed it first
                continue
        return removed
