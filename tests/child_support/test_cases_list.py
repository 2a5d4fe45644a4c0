"""The worker's list: their own open cases, overdue reviews and actions first, then by the next date due,
in one query however many cases; the case page's queryset in a fixed number of queries."""

from __future__ import annotations

import datetime

import pytest

from child_support import selectors, services, visibility
from child_support.models import Case
from municipal_platform import clock
from tests.child_support.test_cases_builders import (
    assess,
    case_with_plan,
    child,
    days_ago,
    open_case,
    review,
    social_worker,
    write_plan,
)
from tests.queries import assert_query_count


@pytest.fixture
def worker(users):
    return users["worker"]


def in_days(n: int) -> datetime.date:
    return clock.today() + datetime.timedelta(days=n)


def test_overdue_reviews_and_actions_come_first_then_the_next_date_due(worker, head):
    # nothing due yet (intake): last
    quiet = open_case(worker)
    # approved plan: review in 30 days, one action due in 28 days
    soon, _ = case_with_plan(worker, head, due=[in_days(28)], next_review_on=in_days(30))
    # approved plan: next review in 40 days, two actions overdue (one done)
    late_actions, plan = case_with_plan(
        worker, head, due=[days_ago(3), days_ago(2)], next_review_on=in_days(40)
    )
    services.plan_action_done(actor=worker, action_id=plan.actions.first().pk, done_on=clock.today())
    # approved plan whose review is overdue: the review date was moved back by time passing
    late_review, plan = case_with_plan(worker, head, due=[in_days(50)], next_review_on=in_days(20))
    # another worker's case never shows
    case_with_plan(social_worker(), head, due=[days_ago(5)])

    listed = list(selectors.worker_cases(worker, today=in_days(25)))
    # on day +25: late_review's review (day +20) is overdue; late_actions has actions overdue
    assert [c.pk for c in listed] == [late_actions.pk, late_review.pk, soon.pk, quiet.pk]
    by_pk = {c.pk: c for c in listed}
    assert (by_pk[late_actions.pk].overdue_actions, by_pk[late_actions.pk].review_overdue) == (1, False)
    assert (by_pk[late_review.pk].overdue_actions, by_pk[late_review.pk].review_overdue) == (0, True)
    assert by_pk[late_review.pk].next_review_on == in_days(20)
    assert (by_pk[soon.pk].overdue_actions, by_pk[soon.pk].next_due_on) == (0, in_days(28))
    assert (by_pk[quiet.pk].next_review_on, by_pk[quiet.pk].is_overdue, by_pk[quiet.pk].risk) == (
        None,
        False,
        None,
    )
    assert by_pk[soon.pk].risk == "medium" and by_pk[soon.pk].children_count == 1


def test_the_list_orders_cases_with_nothing_overdue_by_the_next_date_due(worker, head):
    later, _ = case_with_plan(worker, head, due=[in_days(9)], next_review_on=in_days(30))
    sooner, _ = case_with_plan(worker, head, due=[in_days(20)], next_review_on=in_days(4))
    listed = list(selectors.worker_cases(worker))
    assert [c.pk for c in listed] == [sooner.pk, later.pk]
    assert [c.next_due_on for c in listed] == [in_days(4), in_days(9)]
    assert not any(c.is_overdue for c in listed)


def test_closed_cases_leave_the_list_and_the_head_sees_every_open_case(worker, head):
    mine, theirs = open_case(worker), open_case(social_worker())
    closed = open_case(worker)
    services.case_close(actor=worker, case_id=closed.pk, reason="no_need", closed_on=clock.today())
    assert [c.pk for c in selectors.worker_cases(worker)] == [mine.pk]
    assert {c.pk for c in selectors.worker_cases(head)} == {mine.pk, theirs.pk}
    assert list(selectors.worker_cases(head, mine=True)) == []
    assert [c.pk for c in selectors.worker_cases(head, worker_id=worker.pk)] == [mine.pk]
    assert [c.pk for c in selectors.worker_cases(head, status="closed")] == [closed.pk]


@pytest.mark.parametrize("username", ["commission", "council", "frontdesk"])
def test_other_roles_have_an_empty_list(worker, users, username):
    open_case(worker)
    assert list(selectors.worker_cases(users[username])) == []


def test_the_list_costs_one_query_for_one_case_and_for_many(worker, head):
    case_with_plan(worker, head)
    with assert_query_count(1):
        assert len(list(selectors.worker_cases(worker))) == 1
    for _ in range(4):
        case_with_plan(worker, head, due=[days_ago(1)])
    open_case(worker, children=[child(), child(age=3)])
    with assert_query_count(1):
        assert len(list(selectors.worker_cases(worker))) == 6


def _read_page(user, pk) -> None:
    """What the case page touches: every section the queryset loads."""
    case = visibility.case_read(user, pk, what="page:test", queryset=selectors.case_detail_queryset())
    for c in case.children.all():
        str(c.person)
    for a in case.assessments.all():
        list(a.needs.all()), str(a.assessed_by)
    for r in case.reviews.all():
        list(r.members.all()), str(r.assessment), str(r.recorded_by)
    for p in case.plans.all():
        list(p.actions.all()), str(p.review), str(p.written_by), str(p.approved_by)
    for pr in case.provisions.all():
        list(pr.items.all()), str(pr.budget_line)
    for ref in case.referrals.all():
        str(ref.child and ref.child.person), str(ref.consent)
    for e in case.events.all():
        str(e.actor)
    str(case.household), str(case.assigned_worker)


def test_the_case_page_queryset_costs_the_same_for_a_small_and_a_full_case(worker, head):
    small, _ = case_with_plan(worker, head)
    full, _ = case_with_plan(worker, head)
    services.child_add(actor=worker, case_id=full.pk, child=child(age=2))
    second = assess(worker, full, kind="screening", needs={"food": {"severity": 2}})
    write_plan(worker, full, review(worker, full, second, on=days_ago(30)))
    assert Case.objects.get(pk=full.pk).plans.count() == 2
    # the case, 11 prefetches (children, assessments, needs, reviews, members, plans, actions,
    # provisions, referrals, events; items only when there are provisions), 1 audit row, 1 insert of
    # the reads of sealed text (findings, conclusions: one row each, one statement); the user's roles
    # are read once per request and cached on the user (read by the first call)
    _read_page(worker, small.pk)
    with assert_query_count(13):
        _read_page(worker, small.pk)
    with assert_query_count(13):
        _read_page(worker, full.pk)
