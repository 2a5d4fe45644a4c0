"""Celery tasks of child and family cases: they take a day, call a service, and are safe to run twice."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.db import DatabaseError

from municipal_platform.celery import MunicipalityTask
from municipal_platform.clock import today
from municipal_platform.tasks import for_each_active_municipality

from . import services

# A run that fails on the database (a lost connection, a deadlock) is retried; the work is idempotent.
RETRY_ON = (OSError, DatabaseError)


@shared_task(
    base=MunicipalityTask,
    bind=True,
    name="child_support.send_overdue_digests",
    max_retries=3,
    autoretry_for=RETRY_ON,
    retry_backoff=60,
)
def send_overdue_digests(self, on: str) -> list[int]:
    """The municipality's digests of ``on``: one outbox message per worker with something overdue."""
    return services.digests_enqueue(day=datetime.date.fromisoformat(on))


@shared_task(name="child_support.schedule_overdue_digests")
def schedule_overdue_digests(on: str | None = None) -> list[str]:
    """Beat entry (daily): the overdue digests in every active municipality, for ``on`` (YYYY-MM-DD, for
    tests and reruns) or today in Tbilisi."""
    day = datetime.date.fromisoformat(on) if on else today()
    return for_each_active_municipality(send_overdue_digests, day.isoformat())
