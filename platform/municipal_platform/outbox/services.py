"""Writing to the outbox and relaying it: each message goes out once, whatever fails on the way."""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from municipal_platform.tasks import enqueue_on_commit

from .models import OutboxMessage
from .senders import get_sender

logger = logging.getLogger(__name__)


def message_enqueue(*, kind: str, **params: Any) -> OutboxMessage:
    """Write a message to the outbox in the current transaction (and schema), and ask a worker to relay
    it once the transaction commits. If it rolls back, nothing is sent; if the relay cannot be asked
    (Redis is down) or dies, the sweep sends it later. ``params`` are ids and flags (JSON), never secrets."""
    get_sender(kind)  # an unknown kind is a programming error: refuse it now, not in the worker
    message = OutboxMessage.objects.create(kind=kind, params=params)
    from .tasks import relay

    enqueue_on_commit(relay, message.pk)
    return message


def message_relay(*, message_id: int) -> bool:
    """Send one message unless it went already. True when this call sent it.

    The row is locked (others skip it) for the whole sending, and marked sent in the same transaction:
    two relays, a relay and the sweep, or a redelivered task after a worker died never send it twice. A
    worker killed while sending rolls back its transaction, so the row is unsent and unlocked again and
    the sweep sends it. A sender that raises leaves the message for a later attempt (with a pause that
    grows, up to OUTBOX_MAX_ATTEMPTS)."""
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk=message_id, sent_at__isnull=True, failed_at__isnull=True)
            .first()
        )
        if message is None:
            return False
        try:
            with transaction.atomic():
                get_sender(message.kind)(**message.params)
        except Exception as exc:  # the mail server, a template, a missing row: tried again later
            _record_failure(message, exc)
            return False
        message.sent_at = timezone.now()
        message.save(update_fields=["sent_at"])
    logger.info("outbox message %s (%s) sent", message_id, message.kind)
    return True


def _record_failure(message: OutboxMessage, exc: Exception) -> None:
    message.attempts += 1
    message.last_error = f"{exc.__class__.__name__}: {exc}"[:200]
    now = timezone.now()
    if message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
        message.failed_at = now
        logger.error("outbox message %s (%s) given up: %s", message.pk, message.kind, message.last_error)
    else:
        pause = min(60 * 2 ** (message.attempts - 1), 6 * 3600)
        message.next_attempt_at = now + datetime.timedelta(seconds=pause)
        logger.warning(
            "outbox message %s (%s) failed (attempt %s): %s",
            message.pk,
            message.kind,
            message.attempts,
            message.last_error,
        )
    message.save(update_fields=["attempts", "last_error", "failed_at", "next_attempt_at"])


def messages_relay_due(*, limit: int = 200) -> int:
    """The sweep in the current schema: send the messages left unsent whose time has come, oldest first,
    and forget those sent more than OUTBOX_KEEP_DAYS ago. Returns how many this call sent."""
    now = timezone.now()
    due = list(
        OutboxMessage.objects.filter(sent_at__isnull=True, failed_at__isnull=True, next_attempt_at__lte=now)
        .order_by("id")
        .values_list("id", flat=True)[:limit]
    )
    sent = sum(message_relay(message_id=message_id) for message_id in due)
    OutboxMessage.objects.filter(
        sent_at__lt=now - datetime.timedelta(days=settings.OUTBOX_KEEP_DAYS)
    ).delete()
    return sent
