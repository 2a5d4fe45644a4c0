"""The in-app inbox's bookkeeping: a user marks their own notifications read (not a change of a case, so
no history or audit row)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from ..models import Notification

__all__ = ["notification_read"]


@transaction.atomic
def notification_read(*, actor, notification_id: int) -> bool:
    """Mark one of ``actor``'s own unread notifications read; False when there is none such (another
    user's notification, or one already read, is left as it is)."""
    return bool(
        Notification.objects.filter(pk=notification_id, user=actor, read_at__isnull=True).update(
            read_at=timezone.now()
        )
    )
