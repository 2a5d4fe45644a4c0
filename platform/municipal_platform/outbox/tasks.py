"""Celery tasks of the outbox: the relay sent on commit and the periodic sweep (CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

from celery import shared_task
from django.db import transaction
from django_tenants.utils import get_public_schema_name, schema_context

from municipal_platform.tasks import enqueue_on_commit, for_each_active_municipality

from . import services


# acks_late (the settings' default too): the message is taken off the queue only once the task ended, so
# a worker that dies in the middle leaves it to be delivered again; reject_on_worker_lost does the same
# when only the pool's child process dies. Either way the row's lock and sent mark keep it to one e-mail.
@shared_task(name="outbox.relay", acks_late=True, reject_on_worker_lost=True)
def relay(message_id: int) -> bool:
    """Send one outbox message, in the schema it was written in (carried by the task)."""
    return services.message_relay(message_id=message_id)


@shared_task(name="outbox.relay_due", acks_late=True, reject_on_worker_lost=True)
def relay_due() -> int:
    """The sweep of one schema: send what is left unsent there."""
    return services.messages_relay_due()


@shared_task(name="outbox.sweep")
def sweep() -> list[str]:
    """Beat entry (every OUTBOX_SWEEP_SECONDS): the sweep of the portal (public schema) and of each
    active municipality, each in its own schema. Returns the schemas it was sent to."""
    with schema_context(get_public_schema_name()), transaction.atomic():
        enqueue_on_commit(relay_due)
    return [get_public_schema_name(), *for_each_active_municipality(relay_due)]
