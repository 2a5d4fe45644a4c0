"""The daily digest: each social worker with an overdue review or plan action gets one e-mail a day,
through the outbox, naming cases by number only."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext, ngettext
from django_tenants.utils import schema_context

from child_support import services, tasks
from municipal_platform import clock
from municipal_platform.outbox.models import OutboxMessage
from municipal_platform.outbox.services import messages_relay_due
from tests.child_support.test_cases_builders import case_with_plan, days_ago, open_case, social_worker

KIND = "child_support.digest"


@pytest.fixture
def worker(users):
    worker = users["worker"]
    if not worker.email:
        worker.email = "worker@example.ge"
        worker.save(update_fields=["email"])
    return worker


def in_days(n: int) -> datetime.date:
    return clock.today() + datetime.timedelta(days=n)


def run_digest(day: datetime.date, django_capture_on_commit_callbacks, *, execute: bool = True) -> list[int]:
    """The municipality's task of ``day``, as the worker runs it, and the commit's callbacks (the relay)."""
    with django_capture_on_commit_callbacks(execute=execute):
        return tasks.send_overdue_digests.apply(
            kwargs={"on": day.isoformat()}, headers={"_schema_name": "ambrolauri"}
        ).get()


def test_a_worker_with_overdue_work_gets_one_digest_a_day_by_case_number_only(
    worker, head, django_capture_on_commit_callbacks
):
    late, _ = case_with_plan(worker, head, due=[days_ago(2), days_ago(1)], next_review_on=in_days(30))
    review_late, _ = case_with_plan(worker, head, due=[in_days(40)], next_review_on=in_days(5))
    case_with_plan(worker, head, due=[in_days(20)], next_review_on=in_days(30))  # nothing overdue
    open_case(worker)  # nothing planned yet

    today = in_days(10)
    assert run_digest(today, django_capture_on_commit_callbacks) == [worker.pk]
    assert [m.to for m in mail.outbox] == [[worker.email]]
    message = mail.outbox[0]
    assert late.number in message.body and review_late.number in message.body
    assert message.body.count("ambrolauri.") >= 3, "a link to each case and to the list"
    assert f"/cases/{late.pk}/" in message.body
    child_names = {child.person.first_name for c in (late, review_late) for child in c.children.all()}
    assert not any(name in message.body or name in message.subject for name in child_names)
    assert OutboxMessage.objects.get(kind=KIND).sent_at is not None

    # the task again the same day (a retry, a second beat): nothing more
    assert run_digest(today, django_capture_on_commit_callbacks) == []
    assert len(mail.outbox) == 1 and OutboxMessage.objects.filter(kind=KIND).count() == 1
    # the next day: the next digest
    assert run_digest(today + datetime.timedelta(days=1), django_capture_on_commit_callbacks) == [worker.pk]
    assert len(mail.outbox) == 2


def test_the_digest_is_written_in_georgian_whatever_language_the_sender_runs_in(
    worker, head, django_capture_on_commit_callbacks
):
    late, _ = case_with_plan(worker, head, due=[days_ago(2)], next_review_on=in_days(1))
    with translation.override("en"):
        run_digest(in_days(3), django_capture_on_commit_callbacks)
    with translation.override("ka"):
        subject = ngettext("Overdue work on %(count)d case", "Overdue work on %(count)d cases", 1) % {
            "count": 1
        }
        opening = gettext("Good morning. These of your cases have a review or plan actions overdue:")
    assert mail.outbox[0].subject == subject
    assert mail.outbox[0].body.startswith(opening)
    assert late.number in mail.outbox[0].body


def test_each_worker_gets_their_own_digest_and_the_head_none_without_own_cases(
    worker, head, django_capture_on_commit_callbacks
):
    other = social_worker()
    mine, _ = case_with_plan(worker, head, due=[days_ago(1)])
    theirs, _ = case_with_plan(other, head, due=[days_ago(1)])
    assert sorted(run_digest(clock.today(), django_capture_on_commit_callbacks)) == sorted(
        [worker.pk, other.pk]
    )
    by_recipient = {m.to[0]: m.body for m in mail.outbox}
    assert set(by_recipient) == {worker.email, other.email}
    assert mine.number in by_recipient[worker.email] and theirs.number not in by_recipient[worker.email]
    assert theirs.number in by_recipient[other.email] and mine.number not in by_recipient[other.email]


def test_closed_cases_and_done_actions_are_not_in_the_digest(
    worker, head, django_capture_on_commit_callbacks
):
    closed, _ = case_with_plan(worker, head, due=[days_ago(1)])
    services.case_close(actor=worker, case_id=closed.pk, reason="goals_met", closed_on=clock.today())
    done, plan = case_with_plan(worker, head, due=[days_ago(1)])
    services.plan_action_done(actor=worker, action_id=plan.actions.get().pk, done_on=clock.today())
    assert run_digest(clock.today(), django_capture_on_commit_callbacks) == []
    assert mail.outbox == []


def test_work_done_before_the_digest_goes_out_is_not_sent(worker, head, django_capture_on_commit_callbacks):
    _case, plan = case_with_plan(worker, head, due=[days_ago(1)])
    run_digest(clock.today(), django_capture_on_commit_callbacks, execute=False)  # Redis down: not relayed
    services.plan_action_done(actor=worker, action_id=plan.actions.get().pk, done_on=clock.today())
    assert messages_relay_due() == 1  # the sweep: the message is done, with nothing to say
    assert mail.outbox == []


def test_a_deactivated_worker_or_one_without_an_address_gets_no_e_mail(
    worker, head, django_capture_on_commit_callbacks
):
    silent = social_worker("silent")
    silent.email = ""
    silent.save(update_fields=["email"])
    case_with_plan(silent, head, due=[days_ago(1)])
    gone = social_worker("gone")
    case_with_plan(gone, head, due=[days_ago(1)])
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    assert run_digest(clock.today(), django_capture_on_commit_callbacks) == [silent.pk]
    assert mail.outbox == []


def test_the_daily_beat_entry_sends_the_digest_task_to_every_active_municipality(
    ambrolauri, tskaltubo, django_capture_on_commit_callbacks
):
    entry = settings.CELERY_BEAT_SCHEDULE["child-support-overdue-digests"]
    assert entry["task"] == "child_support.schedule_overdue_digests" == tasks.schedule_overdue_digests.name
    with schema_context("public"), django_capture_on_commit_callbacks(execute=False) as sent:
        schemas = tasks.schedule_overdue_digests(on="2026-12-01")
    assert schemas == ["ambrolauri", "tskaltubo"]
    assert len(sent) == 2


def test_the_digest_task_refuses_to_run_outside_a_municipality(db):
    with pytest.raises(RuntimeError):
        tasks.send_overdue_digests.apply(kwargs={"on": "2026-12-01"}).get()
