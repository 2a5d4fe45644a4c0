"""The outbox in-process: an e-mail is a row written with the change, sent once, kept when sending fails."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from django.utils import timezone

from municipal_platform.outbox import services
from municipal_platform.outbox.models import OutboxMessage
from municipal_platform.roles import Role
from tests.accounts.helpers import invite
from tests.servers import free_port


def test_an_invitation_writes_one_outbox_row_without_its_link_and_sends_on_commit(
    head, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        user = invite(head, username="nino")
    message = OutboxMessage.objects.get()
    assert (message.kind, message.params, message.sent_at) == (
        "accounts.invitation",
        {"user_id": user.pk},
        None,
    )
    assert mail.outbox == []  # nothing goes out before the commit

    for callback in callbacks:  # the commit: the relay task (run in-process here) sends it
        callback()
    assert [m.to for m in mail.outbox] == [["nino@example.ge"]]
    message.refresh_from_db()
    assert message.sent_at is not None
    link = mail.outbox[0].body.split("/accounts/password/")[1].split()[0]
    assert link not in str(OutboxMessage.objects.values_list("params", flat=True)[0]), "no link is stored"


def test_a_rolled_back_invitation_leaves_no_row_and_sends_nothing(head, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            invite(head, username="rolled")
            raise RuntimeError("the change fails after the invitation")
    assert not OutboxMessage.objects.exists()
    assert mail.outbox == []


def test_relaying_twice_and_sweeping_send_the_message_once(head, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):  # the relay task was lost (Redis down)
        invite(head, username="once")
    message = OutboxMessage.objects.get()

    assert services.messages_relay_due() == 1  # the sweep sends what was left
    assert services.message_relay(message_id=message.pk) is False  # a late or redelivered relay
    assert services.messages_relay_due() == 0
    assert len(mail.outbox) == 1


def test_a_deactivated_user_gets_nothing_from_a_message_still_waiting(
    head, django_capture_on_commit_callbacks
):
    from municipal_platform.accounts import services as accounts

    with django_capture_on_commit_callbacks(execute=False):
        user = invite(head, username="gone", roles=(Role.FRONT_DESK,))
    accounts.user_deactivate(actor=head, user=user)
    assert services.messages_relay_due() == 1  # done: there is nobody to send it to
    assert mail.outbox == []


def test_a_mail_server_that_refuses_keeps_the_message_for_later_attempts(
    head, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    with django_capture_on_commit_callbacks(execute=True):  # the relay on commit fails: nobody listens
        user = invite(head, username="later")
    message = OutboxMessage.objects.get()
    assert (message.sent_at, message.attempts) == (None, 1)
    assert "ConnectionRefusedError" in message.last_error
    assert message.next_attempt_at > timezone.now()
    assert services.messages_relay_due() == 0, "the sweep waits for the next attempt's time"

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with time_machine.travel(message.next_attempt_at + datetime.timedelta(seconds=1)):
        assert services.messages_relay_due() == 1
    assert [m.to for m in mail.outbox] == [[user.email]]


def test_a_message_refused_too_often_is_given_up_and_kept(head, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    settings.OUTBOX_MAX_ATTEMPTS = 2
    with django_capture_on_commit_callbacks(execute=True):
        invite(head, username="never")
    message = OutboxMessage.objects.get()
    with time_machine.travel(message.next_attempt_at + datetime.timedelta(seconds=1)):
        assert services.messages_relay_due() == 0
    message.refresh_from_db()
    assert (message.attempts, message.sent_at) == (2, None) and message.failed_at is not None
    with time_machine.travel(timezone.now() + datetime.timedelta(days=1)):
        assert services.messages_relay_due() == 0  # not tried again


def test_the_sweep_covers_the_portal_and_every_active_municipality(db):
    from django.conf import settings

    from municipal_platform.outbox.tasks import sweep

    entry = settings.CELERY_BEAT_SCHEDULE["outbox-sweep"]
    assert entry["task"] == sweep.name
    assert sweep() == ["public", "ambrolauri", "tskaltubo"]


def test_an_unknown_kind_is_refused_before_anything_is_written(in_ambrolauri):
    with pytest.raises(LookupError):
        services.message_enqueue(kind="nobody.knows")
    assert not OutboxMessage.objects.exists()
