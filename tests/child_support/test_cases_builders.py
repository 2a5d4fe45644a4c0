"""Small builders for the case tests (no tests here): children, a second social worker, a case taken
through the services up to an approved plan."""

from __future__ import annotations

import datetime
import itertools

from child_support import services
from child_support.models import AssessmentNeed, Case
from municipal_platform import clock
from municipal_platform.accounts.services import user_create
from municipal_platform.roles import Role

_numbers = itertools.count(1)


def days_ago(n: int) -> datetime.date:
    return clock.today() - datetime.timedelta(days=n)


def child(*, age: int = 6, on: datetime.date | None = None, first_name: str = "ნინო", **extra) -> dict:
    """A new child of the register, ``age`` years old on ``on`` (today by default)."""
    on = on or clock.today()
    number = next(_numbers)
    born = on.replace(year=on.year - age) - datetime.timedelta(days=30)
    return {
        "first_name": first_name,
        "last_name": "ბერიძე",
        "personal_number": f"5{number:010d}",
        "birth_date": born,
        "sex": "female",
        "schooling": "school",
        **extra,
    }


def social_worker(username: str = "worker2", *, roles=(Role.SOCIAL_WORKER,)):
    return user_create(username=username, password="x", roles=roles, email=f"{username}@example.ge")


def all_needs(severity: int = 1, **overrides: int) -> dict:
    return {
        domain: {"severity": overrides.get(domain, severity), "note": ""}
        for domain in AssessmentNeed.Domain.values
    }


def open_case(actor, *, opened_on: datetime.date | None = None, children=None, **kwargs) -> Case:
    opened_on = opened_on or days_ago(60)
    return services.case_open(
        actor=actor,
        source=kwargs.pop("source", Case.Source.SCHOOL),
        opened_on=opened_on,
        children=children if children is not None else [child(on=opened_on)],
        household_data=kwargs.pop("household_data", {"settlement": "წყალტუბო", "address": "რუსთაველის 1"}),
        **kwargs,
    )


def assess(actor, case: Case, *, on: datetime.date | None = None, **kwargs):
    return services.assessment_record(
        actor=actor,
        case_id=case.pk,
        kind=kwargs.pop("kind", "assessment"),
        assessed_on=on or days_ago(50),
        findings=kwargs.pop("findings", "The family lives in one damp room."),
        needs=kwargs.pop("needs", all_needs()),
    )


def review(actor, case: Case, assessment, *, on: datetime.date | None = None):
    return services.review_record(
        actor=actor,
        case_id=case.pk,
        assessment_id=assessment.pk,
        held_on=on or days_ago(40),
        conclusion="Food and school supplies first; therapy for the younger child.",
        members=[
            {"user": actor, "name": "", "role": "Social worker"},
            {"name": "ეკა მაისურაძე", "role": "Psychologist"},
        ],
    )


def write_plan(actor, case: Case, rev, *, due: list[datetime.date] | None = None, next_review_on=None):
    due = due or [days_ago(10), clock.today() + datetime.timedelta(days=20)]
    return services.plan_write(
        actor=actor,
        case_id=case.pk,
        review_id=rev.pk,
        term="short",
        goals="The children go to school fed and equipped.",
        next_review_on=next_review_on or clock.today() + datetime.timedelta(days=30),
        actions=[
            {"what": f"Action {n}", "responsible": "Social worker", "due_on": day}
            for n, day in enumerate(due, start=1)
        ],
    )


def case_with_plan(worker, head, **plan_kwargs):
    """A case of ``worker`` taken to an approved plan (the head of service approves)."""
    case = open_case(worker)
    assessment = assess(worker, case)
    rev = review(worker, case, assessment)
    plan = write_plan(worker, case, rev, **plan_kwargs)
    services.plan_approve(actor=head, plan_id=plan.pk)
    case.refresh_from_db()
    return case, plan
