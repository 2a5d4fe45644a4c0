"""Dispatching Celery tasks safely: after the transaction commits, in the schema that sent them."""

from __future__ import annotations

from django.db import connection, transaction
from django_tenants.utils import get_public_schema_name

from .celery import MunicipalityTask, app


def enqueue_on_commit(task, *args, **kwargs) -> None:
    """Send ``task`` once the current transaction commits, pinned to the current schema.

    The schema is captured now, not when the callback runs, so the task runs where the change
    was made even if the connection has moved on by then.
    """
    schema = connection.schema_name
    transaction.on_commit(lambda: task.apply_async(args=args, kwargs=kwargs, headers={"_schema_name": schema}))


def enqueue_for_municipality_on_commit(task, *args, **kwargs) -> None:
    """Like enqueue_on_commit, but refuses to send from the public schema (municipal work only)."""
    if connection.schema_name == get_public_schema_name():
        raise RuntimeError(f"{task.name} must be sent from a municipality's schema, not public")
    enqueue_on_commit(task, *args, **kwargs)


@app.task(name="platform.where_am_i")
def where_am_i() -> dict:
    """Report the schema the worker ran this task in, and that the stdlib `platform` module is intact.

    Used by the integration test that proves the schema travels with a task.
    """
    import platform as stdlib_platform

    return {"schema": connection.schema_name, "system": stdlib_platform.system()}


@app.task(name="platform.municipality_where_am_i", base=MunicipalityTask)
def municipality_where_am_i() -> str:
    """A municipal task: refused when sent without a municipality's schema."""
    return connection.schema_name
