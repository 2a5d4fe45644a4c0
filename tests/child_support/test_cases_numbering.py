"""Two cases opened at the same moment on two real database connections get consecutive numbers.

The first opening stays uncommitted until the second is seen waiting on a lock; without the year's lock
the second would read the same highest number, take it too, and fail on the unique number when the first
commits."""

from __future__ import annotations

import datetime
import threading
import time

import pytest
from django.db import connection, transaction
from django_tenants.utils import schema_context

from child_support import services
from child_support.models import Case
from municipal_platform.accounts.models import User
from tests.child_support.test_cases_builders import child

from .conftest import wipe_child_support

DAY = datetime.date(2024, 3, 1)


@pytest.fixture
def committed(django_db_setup, django_db_blocker):
    yield
    with django_db_blocker.unblock():
        connection.close()
        wipe_child_support("ambrolauri")


def _open(username: str):
    actor = User.objects.get(username=username)
    return services.case_open(
        actor=actor,
        source="school",
        opened_on=DAY,
        children=[child(on=DAY)],
        household_data={"settlement": "ამბროლაური", "address": "1"},
    )


def _someone_waits_on_a_lock() -> bool:
    """Whether another connection waits on a lock this one holds."""
    with connection.cursor() as cursor:
        # pg_locks, not pg_stat_activity: the latter is a snapshot kept for the whole transaction
        cursor.execute(
            "SELECT count(*) FROM pg_locks WHERE NOT granted AND pg_backend_pid() = ANY(pg_blocking_pids(pid))"
        )
        return cursor.fetchone()[0] > 0


def test_two_openings_at_once_get_consecutive_numbers(committed, django_db_blocker):
    first_opened, outcomes = threading.Event(), {}

    def first() -> None:
        with django_db_blocker.unblock(), schema_context("ambrolauri"):
            try:
                with transaction.atomic():
                    outcomes["first"] = _open("worker").number
                    first_opened.set()
                    for _ in range(200):  # hold the transaction until the second opening waits
                        if _someone_waits_on_a_lock():
                            break
                        time.sleep(0.05)
                    outcomes["second_waited"] = _someone_waits_on_a_lock()
            except BaseException as exc:
                outcomes["first"] = exc
                first_opened.set()
            finally:
                connection.close()

    def second() -> None:
        first_opened.wait(timeout=20)
        with django_db_blocker.unblock(), schema_context("ambrolauri"):
            try:
                with transaction.atomic():
                    outcomes["second"] = _open("head").number
            except BaseException as exc:
                outcomes["second"] = exc
            finally:
                connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    for outcome in outcomes.values():
        if isinstance(outcome, BaseException):
            raise outcome
    assert outcomes == {"first": "2024-0001", "second": "2024-0002", "second_waited": True}
    with django_db_blocker.unblock(), schema_context("ambrolauri"):
        assert sorted(Case.objects.values_list("sequence", flat=True)) == [1, 2]
