"""Two workers sending the same invitation at the same moment: one sends, the other skips the locked row.

Runs on committed data with two real database connections (threads), then wipes what it made.
"""

from __future__ import annotations

import threading
import time

import pytest
from django.core import mail
from django.db import connection, transaction
from django_tenants.utils import schema_context

from feedback import services
from feedback.models import Invitation
from feedback.services import invitations as invitation_module
from programmes.models import BenefitApplication

from .conftest import committed_ended_application, wipe_municipality_data


def test_a_second_worker_never_sends_the_same_invitation(
    committed_invitation, django_db_blocker, monkeypatch
):
    real_send = invitation_module.send_mail

    def slow_send(*args, **kwargs):
        time.sleep(1.0)  # the first worker holds the row lock while the mail goes out
        return real_send(*args, **kwargs)

    monkeypatch.setattr(invitation_module, "send_mail", slow_send)
    mail.outbox = []
    results: list[bool] = []

    def worker() -> None:
        with django_db_blocker.unblock(), schema_context("ambrolauri"):
            try:
                results.append(services.invitation_send_one(invitation_id=committed_invitation))
            finally:
                connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
        time.sleep(0.2)
    for t in threads:
        t.join(timeout=20)
    assert sorted(results) == [False, True]
    assert len(mail.outbox) == 1
    with django_db_blocker.unblock(), schema_context("ambrolauri"):
        assert Invitation.objects.get(pk=committed_invitation).status == "sent"


@pytest.fixture
def committed_application(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        application = committed_ended_application(
            number="RACE-2", personal_number="55500000002", email="twice@example.ge"
        )
        yield application.pk
        connection.close()
        wipe_municipality_data("ambrolauri")


def test_two_service_end_signals_at_once_queue_one_invitation(committed_application, django_db_blocker):
    """E.g. the signal sent inside programmes' transaction and again on commit, by two processes."""
    from programmes.signals import service_ended

    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def worker() -> None:
        with django_db_blocker.unblock(), schema_context("ambrolauri"):
            try:
                with transaction.atomic():
                    application = BenefitApplication.objects.get(pk=committed_application)
                    barrier.wait(timeout=10)
                    service_ended.send(sender=BenefitApplication, application=application)
                    time.sleep(0.3)  # both transactions are open at once
            except BaseException as exc:
                errors.append(exc)
            finally:
                connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=20)
    assert errors == []
    with django_db_blocker.unblock(), schema_context("ambrolauri"):
        assert Invitation.objects.filter(status="queued").count() == 1
        assert Invitation.objects.get().email == "twice@example.ge"
