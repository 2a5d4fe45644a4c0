"""The platform's idea of "today": the calendar day in Tbilisi (settings.TIME_ZONE), whatever the server's clock zone."""

from __future__ import annotations

import datetime

from django.utils import timezone


def today() -> datetime.date:
    """Today in the platform's time zone (Asia/Tbilisi)."""
    return timezone.localdate()
