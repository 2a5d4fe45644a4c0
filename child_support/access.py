"""Who may open each child-support URL (read by the URL matrix test, see municipal_platform/access.py).

The object rule is `child_support.visibility`: a case is read by its assigned worker and the head of
service, and by a commission member only while a meeting they sit in is open with the case on its
agenda (never a restricted, violence case); anybody else gets 404. So every URL naming a case is
narrowed per object: the example case of the demo `worker` (label "case"), a restricted one
("restricted_case"), and one on an open meeting's agenda ("agenda_case"). Council members read
aggregates only (the yearly report).

`examples` makes one of each object the rules' finders look for; the pages' rules (PAGE_RULES, in
access_pages.py) use the same objects under the labels listed in its docstring.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal

from municipal_platform.access import Rule, who
from municipal_platform.roles import Role

from .access_pages import PAGE_RULES

WORKER = who(Role.SOCIAL_WORKER)
HEAD = who(Role.HEAD_OF_SERVICE)
CASE_READERS = who(Role.SOCIAL_WORKER, Role.COMMISSION_MEMBER)
# The example cases are the demo worker's; one of them is on an open meeting's agenda, where the demo
# commission member sits (the head of service's reach is applied by `access.allows`).
PER_CASE = {
    "case": WORKER,
    "restricted_case": WORKER,
    "agenda_case": who(Role.SOCIAL_WORKER, Role.COMMISSION_MEMBER),
}
EXAMPLE = "matrix"  # the examples' marker (household settlement, meeting title)


def _case(label: str):
    from .models import Case

    filters = {
        "case": {"restricted": False, "commission_meetings__isnull": True},
        "restricted_case": {"restricted": True},
        "agenda_case": {"commission_meetings__status": "open"},
    }[label]
    case = Case.objects.filter(household__settlement=EXAMPLE, **filters).order_by("pk").first()
    assert case is not None, f"no example {label} in this schema"
    return case


def cases(param: str = "pk"):
    """The three example cases, per label."""

    def find() -> Mapping[str, Mapping[str, object]]:
        return {label: {param: _case(label).pk} for label in PER_CASE}

    return find


def draft_plan() -> Mapping[str, Mapping[str, object]]:
    """The example case's plan waiting for approval."""
    case = _case("case")
    plan = case.plans.filter(status="draft").order_by("pk").first()
    assert plan is not None, "no example draft plan in this schema"
    return {"case": {"pk": plan.pk}}


def open_action() -> Mapping[str, Mapping[str, object]]:
    """An action of the example case's approved plan, not done yet."""
    case = _case("case")
    action = (
        case.plans.filter(status="approved")
        .values_list("actions__pk", flat=True)
        .order_by("actions__pk")
        .first()
    )
    assert action is not None, "no example action of an approved plan in this schema"
    return {"case": {"pk": action}}


def in_progress_referral() -> Mapping[str, Mapping[str, object]]:
    case = _case("case")
    referral = case.referrals.filter(status="in_progress").order_by("pk").first()
    assert referral is not None, "no example referral in this schema"
    return {"case": {"pk": referral.pk}}


def _under_case(**kwargs) -> Rule:
    return Rule(objects=cases(), per_object=PER_CASE, **kwargs)


API_RULES = {
    # the list is exactly what the reader may read (visibility.cases_visible_to); opening: workers
    "child_support_api:cases": Rule(read=CASE_READERS, post=WORKER),
    "child_support_api:case": _under_case(read=CASE_READERS),
    "child_support_api:case_assessments": _under_case(read=CASE_READERS, post=WORKER),
    "child_support_api:case_reviews": _under_case(read=CASE_READERS, post=WORKER),
    "child_support_api:case_plans": _under_case(read=CASE_READERS, post=WORKER),
    "child_support_api:case_provisions": _under_case(read=CASE_READERS, post=WORKER),
    "child_support_api:case_referrals": _under_case(read=CASE_READERS, post=WORKER),
    "child_support_api:case_close": _under_case(post=WORKER),
    "child_support_api:case_reopen": _under_case(post=WORKER),
    "child_support_api:case_transfer": _under_case(post=HEAD),
    "child_support_api:plan_approve": Rule(post=HEAD, objects=draft_plan),
    "child_support_api:plan_action_done": Rule(post=WORKER, objects=open_action),
    "child_support_api:referral_status": Rule(post=WORKER, objects=in_progress_referral),
    # figures only: council members read them with small cells hidden
    "child_support_api:report_yearly": Rule(
        read=who(Role.SOCIAL_WORKER, Role.COUNCIL_MEMBER), query="year=2025"
    ),
}

RULES = {**API_RULES, **PAGE_RULES}


def examples(*, municipality) -> None:
    """One of each child-support object, for the URL matrix test (after programmes' examples, whose
    2025 service gets a budget line here). Labels the finders use:

    - "case": the demo `worker`'s case, with a child, an assessment (all eight needs), a review with two
      members, an approved plan (v1) with an action and a draft (v2), a provision with an item, and an
      external referral in progress (the head's override);
    - "restricted_case": another of the worker's cases, restricted by a violence referral, with the
      head of service's notification of it;
    - "agenda_case": a third case of the worker, on the agenda of an open commission meeting where the
      demo `commission` member sits;
    - "meeting": that meeting; "user": the demo worker (the audit trail per user).
    Rows are written directly: the examples are objects to request, not a journey through the services.
    """
    from municipal_platform.accounts.models import User
    from programmes.models import BudgetLine, Household, Person, Service

    from .models import (
        Assessment,
        AssessmentNeed,
        Case,
        CaseChild,
        CommissionMeeting,
        Notification,
        Plan,
        PlanAction,
        Provision,
        ProvisionItem,
        Referral,
        Review,
        ReviewMember,
    )

    users = {u.username: u for u in User.objects.filter(username__in=("head", "worker", "commission"))}
    head, worker = users["head"], users["worker"]
    day = datetime.date(2025, 3, 3)

    def new_case(sequence: int, personal_number: str, **extra) -> tuple[Case, CaseChild]:
        household = Household.objects.create(settlement=EXAMPLE, address=f"{sequence}")
        person = Person.objects.create(
            household=household,
            first_name="ლუკა",
            last_name="მატრიცა",
            personal_number=personal_number,
            sex="male",
            birth_date=datetime.date(2016, 5, 1),
        )
        case = Case.objects.create(
            year=2025,
            sequence=sequence,
            household=household,
            source=Case.Source.OWN_FINDING,
            opened_on=day,
            assigned_worker=worker,
            created_by=worker,
            **extra,
        )
        child = CaseChild.objects.create(case=case, person=person, schooling=CaseChild.Schooling.SCHOOL)
        return case, child

    case, child = new_case(1, "01002022221", status=Case.Status.PLAN_ACTIVE)
    assessment = Assessment.objects.create(
        case=case,
        assessed_on=day,
        assessed_by=worker,
        findings="საჭიროებები",
        risk_level=Assessment.Risk.MEDIUM,
    )
    AssessmentNeed.objects.bulk_create(
        AssessmentNeed(assessment=assessment, domain=domain, severity=2 if domain == "food" else 0)
        for domain in AssessmentNeed.Domain.values
    )
    review = Review.objects.create(
        case=case,
        assessment=assessment,
        held_on=datetime.date(2025, 3, 10),
        conclusion="დასკვნა",
        recorded_by=worker,
    )
    ReviewMember.objects.bulk_create(
        [
            ReviewMember(review=review, user=worker, name="მარიამ ჯაფარიძე", role="სოციალური მუშაკი"),
            ReviewMember(review=review, name="ნინო ფსიქოლოგი", role="ფსიქოლოგი"),
        ]
    )
    plan_fields = {
        "case": case,
        "review": review,
        "term": Plan.Term.SHORT,
        "goals": "მიზანი",
        "next_review_on": datetime.date(2025, 9, 10),
        "written_by": worker,
    }
    approved = Plan.objects.create(
        version=1,
        status=Plan.Status.APPROVED,
        approved_by=head,
        approved_on=datetime.date(2025, 3, 12),
        **plan_fields,
    )
    PlanAction.objects.create(
        plan=approved, what="სასკოლო ნივთები", responsible="მარიამი", due_on=datetime.date(2025, 5, 1)
    )
    draft = Plan.objects.create(version=2, **plan_fields)
    PlanAction.objects.create(
        plan=draft, what="თერაპია", responsible="მარიამი", due_on=datetime.date(2025, 6, 1)
    )
    service = Service.objects.filter(programme__year=2025).order_by("pk").first()
    assert service is not None, "programmes' examples make a 2025 service first"
    line, _created = BudgetLine.objects.get_or_create(
        service=service, year=2025, defaults={"planned": Decimal("10000")}
    )
    provision = Provision.objects.create(
        case=case,
        household=case.household,
        category=Provision.Category.STATIONERY,
        budget_line=line,
        delivered_on=datetime.date(2025, 4, 1),
        handed_over_by="მარიამ ჯაფარიძე",
        received_by="დედა",
        total=Decimal("60.00"),
        recorded_by=worker,
    )
    ProvisionItem.objects.create(
        provision=provision, name="რვეულები", quantity=Decimal(10), unit_value=Decimal(6), total=Decimal(60)
    )
    Referral.objects.create(
        case=case,
        child=child,
        kind=Referral.Kind.HEALTH,
        target="პოლიკლინიკა",
        referred_on=datetime.date(2025, 4, 2),
        override_by=head,
        override_reason="მეურვე მიუწვდომელია",
        created_by=worker,
    )

    restricted, restricted_child = new_case(2, "01002022222", restricted=True)
    violence = Referral.objects.create(
        case=restricted,
        child=restricted_child,
        kind=Referral.Kind.POLICE,
        target="პოლიცია",
        referred_on=datetime.date(2025, 4, 3),
        is_violence=True,
        created_by=worker,
    )
    Notification.objects.create(
        user=head, kind=Notification.Kind.VIOLENCE_REFERRAL, case=restricted, referral=violence
    )

    on_agenda, _child = new_case(3, "01002022223", status=Case.Status.REVIEW)
    meeting = CommissionMeeting.objects.create(
        held_on=datetime.date(2025, 5, 5), title=EXAMPLE, status=CommissionMeeting.Status.OPEN
    )
    meeting.members.add(users["commission"])
    meeting.cases.add(on_agenda)
