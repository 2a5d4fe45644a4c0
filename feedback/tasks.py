"""Celery tasks of the feedback cycle: they take ids, call services, and are safe to run twice."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.utils import timezone
from django_tenants.utils import get_tenant_model, schema_context

from municipal_platform.celery import MunicipalityTask

from . import services


@shared_task(
    base=MunicipalityTask, bind=True, name="feedback.send_invitation", max_retries=5,
    autoretry_for=(OSError,), retry_backoff=60, retry_backoff_max=3600,
)  # fmt: skip
def send_invitation(self, invitation_id: int, reminder: bool = False) -> bool:
    """Send one invitation or its reminder; a retry or a second worker never sends twice (see the service)."""
    return services.invitation_send_one(invitation_id=invitation_id, reminder=reminder)


@shared_task(
    base=MunicipalityTask, bind=True, name="feedback.send_invitation_batch", max_retries=3, retry_backoff=60
)
def send_invitation_batch(self) -> dict[str, int]:
    """The municipality's scheduled batch: expire old links, then one task per invitation to send or remind."""
    from municipal_platform.tasks import enqueue_for_municipality_on_commit

    expired = services.invitations_expire()
    due = services.invitations_due()
    for invitation_id in due["send"]:
        enqueue_for_municipality_on_commit(send_invitation, invitation_id)
    for invitation_id in due["remind"]:
        enqueue_for_municipality_on_commit(send_invitation, invitation_id, reminder=True)
    return {"expired": expired, "send": len(due["send"]), "remind": len(due["remind"])}


@shared_task(name="feedback.schedule_invitation_batches")
def schedule_invitation_batches(on: str | None = None) -> list[str]:
    """Beat entry (daily): send each active municipality's batch on its configured weekdays."""
    from django.db import transaction

    from municipal_platform.tasks import enqueue_for_municipality_on_commit

    from .selectors import settings_get

    day = datetime.date.fromisoformat(on) if on else timezone.localdate()
    scheduled = []
    for municipality in get_tenant_model().objects.filter(is_active=True).exclude(schema_name="public"):
        with schema_context(municipality.schema_name), transaction.atomic():
            if day.isoweekday() in settings_get().weekdays():
                enqueue_for_municipality_on_commit(send_invitation_batch)
                scheduled.append(municipality.schema_name)
    return scheduled


@shared_task(
    base=MunicipalityTask, bind=True, name="feedback.draft_quarterly_report", max_retries=3, retry_backoff=60
)
def draft_quarterly_report(self, on: str) -> int | None:
    """Draft the report of the quarter that ended before ``on`` (idempotent: none if it exists)."""
    report = services.report_draft_for_quarter(on=datetime.date.fromisoformat(on))
    return report.pk if report else None


@shared_task(name="feedback.schedule_quarterly_drafts")
def schedule_quarterly_drafts(on: str | None = None) -> list[str]:
    """Beat entry (daily): on the first day of a quarter, a draft report for every active municipality."""
    from django.db import transaction

    from municipal_platform.tasks import enqueue_for_municipality_on_commit

    day = datetime.date.fromisoformat(on) if on else timezone.localdate()
    if day.day != 1 or day.month not in (1, 4, 7, 10):
        return []
    scheduled = []
    for municipality in get_tenant_model().objects.filter(is_active=True).exclude(schema_name="public"):
        with schema_context(municipality.schema_name), transaction.atomic():
            enqueue_for_municipality_on_commit(draft_quarterly_report, day.isoformat())
            scheduled.append(municipality.schema_name)
    return scheduled


@shared_task(base=MunicipalityTask, bind=True, name="feedback.send_box_reminder", max_retries=5,
             autoretry_for=(OSError,), retry_backoff=60)  # fmt: skip
def send_box_reminder(self) -> int:
    return services.box_reminder_send()


@shared_task(name="feedback.schedule_box_reminders")
def schedule_box_reminders(on: str | None = None) -> list[str]:
    """Beat entry (daily): the box reminder for municipalities whose reminder weekday is today."""
    from django.db import transaction

    from municipal_platform.tasks import enqueue_for_municipality_on_commit

    from .selectors import settings_get

    day = datetime.date.fromisoformat(on) if on else timezone.localdate()
    scheduled = []
    for municipality in get_tenant_model().objects.filter(is_active=True).exclude(schema_name="public"):
        with schema_context(municipality.schema_name), transaction.atomic():
            if settings_get().box_reminder_weekday == day.isoweekday():
                enqueue_for_municipality_on_commit(send_box_reminder)
                scheduled.append(municipality.schema_name)
    return scheduled
