"""Celery tasks of the feedback cycle: they take ids, call services, and are safe to run twice."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.db import DatabaseError

from municipal_platform.celery import MunicipalityTask
from municipal_platform.clock import today
from municipal_platform.tasks import enqueue_for_municipality_on_commit, for_each_active_municipality

from . import services


@shared_task(
    base=MunicipalityTask,
    bind=True,
    name="feedback.send_invitation",
    max_retries=5,
    autoretry_for=(OSError,),
    retry_backoff=60,
    retry_backoff_max=3600,
)
def send_invitation(self, invitation_id: int, reminder: bool = False) -> bool:
    """Send one invitation or its reminder; a retry or a second worker never sends twice (see the service)."""
    return services.invitation_send_one(invitation_id=invitation_id, reminder=reminder)


# A batch or a draft that fails on the database (a lost connection, a deadlock) is retried; the work is
# idempotent, so a retry after a partial run does no harm.
RETRY_ON = (OSError, DatabaseError)


@shared_task(
    base=MunicipalityTask,
    bind=True,
    name="feedback.send_invitation_batch",
    max_retries=3,
    autoretry_for=RETRY_ON,
    retry_backoff=60,
)
def send_invitation_batch(self) -> dict[str, int]:
    """The municipality's scheduled batch: expire old links, then one task per invitation to send or remind."""
    expired = services.invitations_expire()
    due = services.invitations_due()
    for invitation_id in due["send"]:
        enqueue_for_municipality_on_commit(send_invitation, invitation_id)
    for invitation_id in due["remind"]:
        enqueue_for_municipality_on_commit(send_invitation, invitation_id, reminder=True)
    return {"expired": expired, "send": len(due["send"]), "remind": len(due["remind"])}


@shared_task(name="feedback.schedule_invitation_batches")
def schedule_invitation_batches(on: str | None = None) -> list[str]:
    """Beat entry (daily): each active municipality's batch, on its configured weekdays."""
    from .selectors import settings_get

    day = _day(on)
    return for_each_active_municipality(
        send_invitation_batch, when=lambda: day.isoweekday() in settings_get().weekdays()
    )


@shared_task(
    base=MunicipalityTask,
    bind=True,
    name="feedback.draft_quarterly_report",
    max_retries=3,
    autoretry_for=RETRY_ON,
    retry_backoff=60,
)
def draft_quarterly_report(self, on: str) -> int | None:
    """Draft the report of the reporting period that ended before ``on`` (idempotent: none if it exists)."""
    report = services.report_draft_for_period(on=datetime.date.fromisoformat(on))
    return report.pk if report else None


@shared_task(name="feedback.schedule_quarterly_drafts")
def schedule_quarterly_drafts(on: str | None = None) -> list[str]:
    """Beat entry (daily): a draft report for each active municipality whose reporting period (three
    months by default, from the start it sets) begins that day, for the period that just ended."""
    day = _day(on)
    return for_each_active_municipality(
        draft_quarterly_report, day.isoformat(), when=lambda: services.period_starts_on(day)
    )


@shared_task(
    base=MunicipalityTask,
    bind=True,
    name="feedback.send_box_reminder",
    max_retries=5,
    autoretry_for=(OSError,),
    retry_backoff=60,
)
def send_box_reminder(self) -> int:
    return services.box_reminder_send()


@shared_task(name="feedback.schedule_box_reminders")
def schedule_box_reminders(on: str | None = None) -> list[str]:
    """Beat entry (daily): the box reminder for municipalities whose reminder weekday is today."""
    from .selectors import settings_get

    day = _day(on)
    return for_each_active_municipality(
        send_box_reminder, when=lambda: settings_get().box_reminder_weekday == day.isoweekday()
    )


@shared_task(
    base=MunicipalityTask,
    bind=True,
    name="feedback.run_retention",
    max_retries=3,
    autoretry_for=RETRY_ON,
    retry_backoff=60,
)
def run_retention(self, on: str | None = None) -> dict[str, int]:
    """Delete what the municipality's retention periods say is due (services.retention_run; idempotent)."""
    return services.retention_run(on=_day(on))


@shared_task(name="feedback.schedule_retention")
def schedule_retention(on: str | None = None) -> list[str]:
    """Beat entry (daily): the retention run in every active municipality."""
    return for_each_active_municipality(run_retention, _day(on).isoformat())


def _day(on: str | None) -> datetime.date:
    """The day a beat entry runs for: ``on`` (YYYY-MM-DD, for tests and reruns) or today in Tbilisi."""
    return datetime.date.fromisoformat(on) if on else today()
