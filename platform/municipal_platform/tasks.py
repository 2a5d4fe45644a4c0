"""Dispatching Celery tasks safely: after the transaction commits, in the schema that sent them."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import transaction
from django_tenants.utils import get_public_schema_name, get_tenant_model, schema_context
from kombu.exceptions import OperationalError as BrokerError

from .celery import MunicipalityTask, app
from .schemas import current_schema, in_public_schema

logger = logging.getLogger(__name__)


def enqueue_on_commit(task, *args, **kwargs) -> None:
    """Send ``task`` once the current transaction commits, pinned to the current schema.

    The schema is captured now, not when the callback runs, so the task runs where the change
    was made even if the connection has moved on by then.

    The change is committed by then, so a broker that cannot be reached (Redis is down) must not fail
    the request: the task is dropped with a warning. Work that must not be lost is written to the
    outbox first (municipal_platform.outbox), whose sweep sends it once Redis is back.
    """
    schema = current_schema()

    def send() -> None:
        try:
            # nobody waits for the result of a task sent on commit: ignore_result keeps the sending away
            # from the result backend (which would otherwise retry a stopped Redis for many seconds)
            task.apply_async(args=args, kwargs=kwargs, headers={"_schema_name": schema}, ignore_result=True)
        except (BrokerError, ConnectionError, OSError) as exc:
            logger.warning("task %s not sent from %s (broker unreachable: %s)", task.name, schema, exc)

    transaction.on_commit(send)


def enqueue_for_municipality_on_commit(task, *args, **kwargs) -> None:
    """Like enqueue_on_commit, but refuses to send from the public schema (municipal work only)."""
    if in_public_schema():
        raise RuntimeError(f"{task.name} must be sent from a municipality's schema, not public")
    enqueue_on_commit(task, *args, **kwargs)


def for_each_active_municipality(task, *args, when: Callable[[], bool] | None = None, **kwargs) -> list[str]:
    """The fan-out every beat entry uses: in each active municipality's own schema, send ``task`` on
    commit when ``when()`` (asked inside that schema, e.g. "is today its sending day?") is true.

    Returns the schemas it was sent to. Each municipality commits on its own: the tasks of the
    municipalities before a failing one are sent; the failure itself stops the fan-out (and the beat runs
    it again the next day).
    """
    sent = []
    municipalities = (
        get_tenant_model().objects.filter(is_active=True).exclude(schema_name=get_public_schema_name())
    )
    for municipality in municipalities.order_by("schema_name"):
        with schema_context(municipality.schema_name), transaction.atomic():
            if when is None or when():
                enqueue_for_municipality_on_commit(task, *args, **kwargs)
                sent.append(municipality.schema_name)
    return sent


@app.task(name="platform.where_am_i")
def where_am_i() -> dict:
    """Report the schema the worker ran this task in, and that the stdlib `platform` module is intact.

    Used by the integration test that proves the schema travels with a task.
    """
    import platform as stdlib_platform

    return {"schema": current_schema(), "system": stdlib_platform.system()}


@app.task(name="platform.municipality_where_am_i", base=MunicipalityTask)
def municipality_where_am_i() -> str:
    """A municipal task: refused when sent without a municipality's schema."""
    return current_schema()
