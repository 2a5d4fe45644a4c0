"""Two workers recording aid for the same family at the same moment cannot pass its cap together.

Runs on committed data with two real database connections (threads): the family has two cases, one
worked by the social worker and one by the head of service, so nothing but the family's own row lock
stands between the two recordings. Each recording's transaction stays open a moment after its check, so
without the lock both would read 0 GEL given and both 1,200 GEL provisions would pass a 2,000 GEL cap.
"""

from __future__ import annotations

import datetime
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import translation
from django_tenants.utils import schema_context

from child_support import services
from child_support.models import Provision
from municipal_platform.accounts.models import User

from .conftest import YEAR, budget_line_make, case_make, wipe_child_support


@pytest.fixture
def one_family_two_cases(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        with schema_context("ambrolauri"), transaction.atomic():
            head = User.objects.get(username="head")
            line = budget_line_make()  # in-kind aid, up to 2,000 GEL per family and year
            first = case_make()  # the demo worker's
            second = case_make(household=first.household, worker=head)
            made = {"line": line.pk, "cases": {"worker": first.pk, "head": second.pk}}
        yield made
        connection.close()
        wipe_child_support("ambrolauri")


def test_two_recordings_at_once_for_one_family_cannot_pass_its_cap(one_family_two_cases, django_db_blocker):
    barrier = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def record(username: str) -> None:
        with django_db_blocker.unblock(), schema_context("ambrolauri"), translation.override("en"):
            try:
                with transaction.atomic():
                    actor = User.objects.get(username=username)
                    barrier.wait(timeout=10)
                    provision = services.provision_record(
                        actor=actor,
                        case_id=one_family_two_cases["cases"][username],
                        category=Provision.Category.APPLIANCES,
                        budget_line_id=one_family_two_cases["line"],
                        delivered_on=datetime.date(YEAR, 9, 1),
                        handed_over_by="საწყობი",
                        received_by="დედა",
                        items=[{"name": "სარეცხი მანქანა", "quantity": 1, "unit_value": "1200"}],
                    )
                    time.sleep(0.5)  # still uncommitted while the other worker checks the cap
                outcomes[username] = provision.pk
            except ValidationError as refused:
                outcomes[username] = refused.message_dict
            except BaseException as exc:  # re-raised below, in the test's thread
                outcomes[username] = exc
            finally:
                connection.close()

    threads = [threading.Thread(target=record, args=(username,)) for username in ("worker", "head")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    for outcome in outcomes.values():
        if isinstance(outcome, BaseException):
            raise outcome
    recorded = [u for u, outcome in outcomes.items() if isinstance(outcome, int)]
    refused = [outcome for outcome in outcomes.values() if isinstance(outcome, dict)]
    assert len(recorded) == 1 and len(refused) == 1, outcomes
    assert refused[0] == {
        "total": [
            "Over the family's 2,000.00 GEL cap for 2025: 1,200.00 GEL already given, 800.00 GEL remains."
        ]
    }
    with django_db_blocker.unblock(), schema_context("ambrolauri"):
        assert [str(p.total) for p in Provision.objects.all()] == ["1200.00"]
