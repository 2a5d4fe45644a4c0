"""Print the current one-time code of the demo's authenticator (the demo only: computed from the
published DEMO_TOTP_SECRET, it reads nothing from the database and works for no real account)."""

import time
from base64 import b32decode

from django.core.management.base import BaseCommand
from django_otp.oath import totp

from tenants.demo import DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = (
        "The current two-factor code of the demo users whose role requires it (head, worker, "
        "platformadmin), from the demo's published authenticator key."
    )

    def handle(self, *args, **opts):
        code = totp(b32decode(DEMO_TOTP_SECRET), step=30, digits=6)
        left = 30 - int(time.time()) % 30
        self.stdout.write(f"{code:06d}")
        self.stderr.write(f"(valid for {left} more seconds; each code signs in once)")
