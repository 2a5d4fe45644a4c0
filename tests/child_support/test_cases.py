"""A case's life through the services: opening, assessment, review, the versioned plan and its approval,
transfer, closing and reopening; each bad input refused with a message naming it, and nothing written."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from child_support import services
from child_support.models import (
    Assessment,
    Case,
    CaseAuditEntry,
    CaseChild,
    CaseEvent,
    Plan,
    Referral,
    Review,
)
from child_support.risk import risk_level
from municipal_platform import clock
from programmes.models import Household, Person
from tests.child_support.test_cases_builders import (
    all_needs,
    assess,
    case_with_plan,
    child,
    days_ago,
    open_case,
    review,
    social_worker,
    write_plan,
)

Status = Case.Status


@pytest.fixture
def worker(users):
    return users["worker"]


def message(excinfo, field: str) -> str:
    return " ".join(excinfo.value.message_dict[field])


def counts() -> tuple:
    return (
        Case.objects.count(),
        CaseChild.objects.count(),
        Person.objects.count(),
        Household.objects.count(),
        Assessment.objects.count(),
        Review.objects.count(),
        Plan.objects.count(),
        CaseEvent.objects.count(),
        CaseAuditEntry.objects.count(),
    )


def case_state(case: Case) -> tuple:
    case.refresh_from_db()
    return (case.status, case.closed_on, case.close_reason, case.assigned_worker_id, counts())


# --- the whole life -------------------------------------------------------------------------------------


def test_a_case_goes_from_intake_to_an_active_plan_and_closes_with_its_history_and_audit(worker, head):
    case = open_case(worker, children=[child(age=4), child(age=9, first_name="გიორგი")])
    assert case.status == Status.INTAKE
    assert case.assigned_worker == worker and case.children.count() == 2
    assert case.number == f"{case.year}-{case.sequence:04d}"
    assert case.household.settlement == "წყალტუბო"
    assert set(case.household.members.values_list("first_name", flat=True)) == {"ნინო", "გიორგი"}

    assessment = assess(worker, case, needs=all_needs(1, food=2))
    case.refresh_from_db()
    assert (case.status, assessment.risk_level, assessment.needs.count()) == (
        Status.ASSESSMENT,
        Assessment.Risk.MEDIUM,
        8,
    )

    rev = review(worker, case, assessment)
    case.refresh_from_db()
    assert case.status == Status.REVIEW and rev.members.count() == 2

    plan = write_plan(worker, case, rev)
    assert (plan.version, plan.status, plan.actions.count()) == (1, Plan.Status.DRAFT, 2)
    services.plan_approve(actor=head, plan_id=plan.pk)
    plan.refresh_from_db()
    case.refresh_from_db()
    assert (plan.status, plan.approved_by, plan.approved_own) == (Plan.Status.APPROVED, head, False)
    assert case.status == Status.PLAN_ACTIVE

    services.case_close(actor=worker, case_id=case.pk, reason="goals_met", closed_on=clock.today())
    case.refresh_from_db()
    assert (case.status, case.closed_on) == (Status.CLOSED, clock.today())

    assert list(case.events.order_by("id").values_list("action", flat=True)) == [
        "opened",
        "assessed",
        "reviewed",
        "plan_written",
        "plan_approved",
        "closed",
    ]
    trail = CaseAuditEntry.objects.filter(case_id=case.pk).order_by("id")
    assert [(e.kind, e.what, e.user_id) for e in trail] == [
        ("change", "case_open", worker.pk),
        ("change", "assessment_record", worker.pk),
        ("change", "review_record", worker.pk),
        ("change", "plan_write", worker.pk),
        ("change", "plan_approve", head.pk),
        ("change", "case_close", worker.pk),
    ]
