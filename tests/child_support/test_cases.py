"""A case's life through the services: opening, assessment, review, the versioned plan and its approval,
transfer, closing and reopening; each bad input refused with a message naming it, and nothing written."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import translation

from child_support import services, visibility
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


@pytest.fixture(autouse=True)
def _english():
    """Messages read in English (the platform's default is Georgian, translated where a msgid exists)."""
    with translation.override("en"):
        yield


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


# --- opening ------------------------------------------------------------------------------------------------


def test_cases_are_numbered_per_year_from_one(worker):
    first = open_case(worker, opened_on=datetime.date(2024, 12, 30))
    second = open_case(worker, opened_on=datetime.date(2024, 12, 31))
    third = open_case(worker, opened_on=datetime.date(2025, 1, 2))
    assert [c.number for c in (first, second, third)] == ["2024-0001", "2024-0002", "2025-0001"]


def test_a_case_opens_for_an_existing_household_and_person_of_the_register(worker):
    first = open_case(worker)
    person = first.children.get().person
    second = services.case_open(
        actor=worker,
        source="family",
        opened_on=days_ago(1),
        children=[{"person": person, "schooling": "school", "autism_diagnosis": True}],
    )
    assert second.household == first.household
    assert second.children.get().autism_diagnosis is True


def test_a_child_aged_18_on_the_opening_day_is_refused_by_name_and_nothing_is_written(worker):
    opened_on = days_ago(5)
    before = counts()
    with pytest.raises(ValidationError) as excinfo:
        open_case(
            worker,
            opened_on=opened_on,
            children=[child(age=3, on=opened_on), child(age=18, on=opened_on, first_name="ლაშა")],
        )
    assert "ლაშა ბერიძე is 18 or older on" in message(excinfo, "children")
    assert counts() == before


def test_a_child_a_day_short_of_18_is_a_child(worker):
    opened_on = days_ago(5)
    entry = child(on=opened_on)
    entry["birth_date"] = opened_on.replace(year=opened_on.year - 18) + datetime.timedelta(days=1)
    case = open_case(worker, opened_on=opened_on, children=[entry])
    assert case.children.count() == 1


@pytest.mark.parametrize(
    "change, field, text",
    [
        ({"children": []}, "children", "at least one child"),
        ({"opened_on": clock.today() + datetime.timedelta(days=1)}, "opened_on", "future"),
        ({"source": "rumour"}, "source", "how the case came"),
        ({"household_data": {"settlement": " ", "address": ""}}, "household", "settlement and address"),
        ({"children": [{**child(), "personal_number": "123"}]}, "children", "11 digits"),
        ({"children": [{**child(), "schooling": "university"}]}, "children", "kindergarten or school"),
        ({"children": [{"first_name": "ნინო", "sex": "female"}]}, "children", "Child 1: give the"),
    ],
)
def test_bad_openings_are_refused_naming_the_field_and_nothing_is_written(worker, change, field, text):
    before = counts()
    with pytest.raises(ValidationError) as excinfo:
        open_case(worker, **change)
    assert text in message(excinfo, field)
    assert counts() == before


def test_a_social_worker_opens_cases_for_themself_only(worker):
    other = social_worker()
    with pytest.raises(ValidationError) as excinfo:
        open_case(worker, assigned_worker=other)
    assert "head of service assigns" in message(excinfo, "assigned_worker")
    assert not Case.objects.exists()


def test_the_head_assigns_a_case_to_a_social_worker_or_themself_but_not_to_another_role(head, users):
    assert open_case(head, assigned_worker=users["worker"]).assigned_worker == users["worker"]
    assert open_case(head).assigned_worker == head
    with pytest.raises(ValidationError) as excinfo:
        open_case(head, assigned_worker=users["frontdesk"])
    assert "social worker role" in message(excinfo, "assigned_worker")
    assert Case.objects.count() == 2


@pytest.mark.parametrize("username", ["frontdesk", "commission", "council", "officer"])
def test_other_roles_cannot_open_a_case(users, username):
    with pytest.raises(PermissionDenied):
        open_case(users[username])
    assert not Case.objects.exists()


def test_a_child_is_added_to_an_open_case_with_its_history(worker):
    case = open_case(worker)
    services.child_add(actor=worker, case_id=case.pk, child=child(age=2, first_name="ანა"))
    assert case.children.count() == 2
    assert case.events.filter(action="child_added", changes__child="ანა ბერიძე").exists()
    with pytest.raises(ValidationError) as excinfo:
        services.child_add(actor=worker, case_id=case.pk, child=child(age=19, first_name="დათო"))
    assert "18 or older" in message(excinfo, "children")
    assert case.children.count() == 2


def test_the_same_child_is_not_added_twice(worker):
    case = open_case(worker)
    person = case.children.get().person
    with pytest.raises(ValidationError) as excinfo:
        services.child_add(actor=worker, case_id=case.pk, child={"person": person, "schooling": "home"})
    assert "already a child of this case" in message(excinfo, "children")


def test_updating_the_source_keeps_old_and_new_in_the_history(worker):
    case = open_case(worker, source="school")
    services.case_update(actor=worker, case_id=case.pk, source="health_worker", source_detail="Polyclinic")
    event = case.events.get(action="updated")
    assert event.changes == {"source": ["school", "health_worker"], "source_detail": ["", "Polyclinic"]}


# --- a worker touching another's case ------------------------------------------------------------------


def test_another_social_worker_gets_404_from_every_change_and_nothing_is_written(worker, head):
    case, plan = case_with_plan(worker, head)
    other = social_worker()
    before = case_state(case)
    action = plan.actions.first()
    attempts = [
        lambda: services.case_update(actor=other, case_id=case.pk, source="family"),
        lambda: services.child_add(actor=other, case_id=case.pk, child=child()),
        lambda: assess(other, case),
        lambda: services.review_record(
            actor=other, case_id=case.pk, assessment_id=1, held_on=days_ago(1), conclusion="x", members=[]
        ),
        lambda: write_plan(other, case, case.reviews.get()),
        lambda: services.plan_approve(actor=other, plan_id=plan.pk),
        lambda: services.plan_action_done(actor=other, action_id=action.pk, done_on=clock.today()),
        lambda: services.case_close(
            actor=other, case_id=case.pk, reason="goals_met", closed_on=clock.today()
        ),
        lambda: services.case_reopen(actor=other, case_id=case.pk, reason="x"),
        lambda: services.case_transfer(actor=other, case_id=case.pk, worker=other, reason="x"),
    ]
    for attempt in attempts:
        with pytest.raises(Http404):
            attempt()
    assert case_state(case) == before


@pytest.mark.parametrize("username", ["commission", "council", "frontdesk"])
def test_other_roles_get_404_from_a_change_of_a_case(worker, users, username):
    case = open_case(worker)
    with pytest.raises(Http404):
        services.case_close(
            actor=users[username], case_id=case.pk, reason="goals_met", closed_on=clock.today()
        )
    with pytest.raises(Http404):
        services.case_update(actor=users[username], case_id="not a number", source="family")


# --- transfer -------------------------------------------------------------------------------------------------


def test_the_head_transfers_a_case_with_the_reason_and_both_workers_in_the_history(worker, head):
    case = open_case(worker)
    other = social_worker()
    services.case_transfer(actor=head, case_id=case.pk, worker=other, reason="Workload")
    case.refresh_from_db()
    assert case.assigned_worker == other
    event = case.events.get(action="transferred")
    assert event.changes == {"assigned_worker": [str(worker), str(other)], "reason": "Workload"}
    assert event.actor == head
    # the first worker no longer touches it
    with pytest.raises(Http404):
        services.case_update(actor=worker, case_id=case.pk, source="family")


def test_a_social_worker_cannot_transfer_their_own_case(worker):
    case = open_case(worker)
    with pytest.raises(PermissionDenied):
        services.case_transfer(actor=worker, case_id=case.pk, worker=social_worker(), reason="Leaving")
    case.refresh_from_db()
    assert case.assigned_worker == worker and not case.events.filter(action="transferred").exists()


@pytest.mark.parametrize(
    "target, reason, field",
    [("frontdesk", "Workload", "worker"), ("worker", "Workload", "worker"), ("worker2", " ", "reason")],
)
def test_bad_transfers_are_refused(worker, head, users, target, reason, field):
    social_worker()
    case = open_case(worker)
    target_user = users.get(target) or type(worker).objects.get(username=target)
    with pytest.raises(ValidationError) as excinfo:
        services.case_transfer(actor=head, case_id=case.pk, worker=target_user, reason=reason)
    assert field in excinfo.value.message_dict
    case.refresh_from_db()
    assert case.assigned_worker == worker


# --- assessment -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "severities, expected",
    [
        ({}, "low"),
        ({"food": 1, "income": 1}, "low"),
        ({"food": 1, "income": 1, "care": 1}, "medium"),
        ({"housing": 2}, "medium"),
        ({"safety": 1}, "low"),
        ({"safety": 2}, "high"),
        ({"health": 3}, "high"),
    ],
)
def test_the_risk_rule(severities, expected):
    full = {domain: 0 for domain in all_needs()} | severities
    assert risk_level(full) == expected


def test_a_screening_rates_some_domains_and_an_assessment_all_eight(worker):
    case = open_case(worker)
    screening = assess(worker, case, kind="screening", needs={"food": {"severity": 3, "note": "No food"}})
    need = screening.needs.get()
    visibility.open_texts(worker, [need], purpose="test")  # the note is sealed
    assert (screening.risk_level, need.note) == ("high", "No food")
    before = counts()
    with pytest.raises(ValidationError) as excinfo:
        assess(worker, case, needs={"food": {"severity": 1}})
    assert "all eight domains; missing: Housing" in message(excinfo, "needs")
    with pytest.raises(ValidationError) as excinfo:
        assess(worker, case, kind="screening", needs={})
    assert "at least one" in message(excinfo, "needs")
    assert counts() == before


@pytest.mark.parametrize(
    "change, field, text",
    [
        ({"on": days_ago(61)}, "assessed_on", "cannot be earlier"),
        ({"on": clock.today() + datetime.timedelta(days=1)}, "assessed_on", "future"),
        ({"findings": "  "}, "findings", "Write the findings"),
        ({"needs": all_needs(1, food=4)}, "needs", "Food: choose a severity from 0 to 3"),
        ({"needs": {**all_needs(), "luck": {"severity": 1}}}, "needs", "Unknown domains: luck"),
        ({"kind": "gossip"}, "kind", "screening"),
    ],
)
def test_bad_assessments_are_refused_and_nothing_is_written(worker, change, field, text):
    case = open_case(worker, opened_on=days_ago(60))
    before = case_state(case)
    with pytest.raises(ValidationError) as excinfo:
        assess(worker, case, **change)
    assert text in message(excinfo, field)
    assert case_state(case) == before


def test_a_closed_case_is_not_assessed_until_it_is_reopened(worker):
    case = open_case(worker)
    services.case_close(actor=worker, case_id=case.pk, reason="no_need", closed_on=clock.today())
    with pytest.raises(ValidationError) as excinfo:
        assess(worker, case)
    assert "reopen it first" in message(excinfo, "case")
    services.case_reopen(actor=worker, case_id=case.pk, reason="The school called again")
    assess(worker, case)
    case.refresh_from_db()
    assert case.status == Status.ASSESSMENT


# --- review ------------------------------------------------------------------------------------------------------


def test_a_review_needs_two_members_and_cannot_come_before_its_assessment(worker):
    case = open_case(worker)
    assessment = assess(worker, case, on=days_ago(50))
    before = case_state(case)
    base = {
        "actor": worker,
        "case_id": case.pk,
        "assessment_id": assessment.pk,
        "conclusion": "Plan food aid",
    }
    one = [{"name": "ეკა", "role": "Psychologist"}]
    with pytest.raises(ValidationError) as excinfo:
        services.review_record(**base, held_on=days_ago(40), members=one)
    assert "at least two members" in message(excinfo, "members")
    two = [*one, {"name": "ნიკა", "role": ""}]
    with pytest.raises(ValidationError) as excinfo:
        services.review_record(**base, held_on=days_ago(40), members=two)
    assert "Member 2: give the name and the role" in message(excinfo, "members")
    two = [*one, {"name": "ნიკა", "role": "Teacher"}]
    with pytest.raises(ValidationError) as excinfo:
        services.review_record(**base, held_on=days_ago(51), members=two)
    assert "before the assessment" in message(excinfo, "held_on")
    with pytest.raises(ValidationError) as excinfo:
        services.review_record(**{**base, "conclusion": ""}, held_on=days_ago(40), members=two)
    assert "conclusion" in excinfo.value.message_dict
    assert case_state(case) == before


def test_a_review_of_another_cases_assessment_is_refused(worker):
    case, other = open_case(worker), open_case(worker)
    foreign = assess(worker, other)
    with pytest.raises(ValidationError) as excinfo:
        review(worker, case, foreign)
    assert "assessment_id" in excinfo.value.message_dict


# --- plan ----------------------------------------------------------------------------------------------------


def test_plan_rules_name_the_problem_and_write_nothing(worker):
    case = open_case(worker)
    rev = review(worker, case, assess(worker, case), on=days_ago(40))
    before = case_state(case)
    base = {
        "actor": worker,
        "case_id": case.pk,
        "review_id": rev.pk,
        "term": "short",
        "goals": "Food",
        "next_review_on": days_ago(-30),
        "actions": [{"what": "Food parcel", "responsible": "Worker", "due_on": days_ago(30)}],
    }
    bad = [
        ({"goals": " "}, "goals", "A plan needs at least one goal."),
        ({"actions": []}, "actions", "at least one action"),
        ({"next_review_on": days_ago(40)}, "next_review_on", "after the review"),
        ({"term": "forever"}, "term", "short- or long-term"),
        (
            {
                "actions": [
                    {"what": "Food parcel", "responsible": "Worker", "due_on": days_ago(30)},
                    {"what": "School kit", "responsible": "Worker", "due_on": days_ago(41)},
                ]
            },
            "actions",
            "Action 2 is due before the review it comes from",
        ),
        (
            {"actions": [{"what": "Food parcel", "responsible": "", "due_on": days_ago(3)}]},
            "actions",
            "Action 1",
        ),
    ]
    for change, field, text in bad:
        with pytest.raises(ValidationError) as excinfo:
            services.plan_write(**{**base, **change})
        assert text in message(excinfo, field), change
    assert case_state(case) == before


def test_a_revision_is_a_new_draft_and_the_approved_version_stays_active_until_it_is_approved(worker, head):
    case, first = case_with_plan(worker, head)
    second = write_plan(worker, case, case.reviews.get())
    first.refresh_from_db()
    assert (first.version, first.status, second.version, second.status) == (1, "approved", 2, "draft")
    case.refresh_from_db()
    assert case.status == Status.PLAN_ACTIVE
    services.plan_approve(actor=head, plan_id=second.pk)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("superseded", "approved")
    assert first.actions.count() == 2, "the earlier version stays readable"


def test_only_the_head_approves_a_plan_and_a_heads_own_case_is_marked_as_such(worker, head):
    case = open_case(worker)
    plan = write_plan(worker, case, review(worker, case, assess(worker, case)))
    with pytest.raises(PermissionDenied):
        services.plan_approve(actor=worker, plan_id=plan.pk)
    plan.refresh_from_db()
    assert plan.status == "draft"

    own = open_case(head)
    own_plan = write_plan(head, own, review(head, own, assess(head, own)))
    services.plan_approve(actor=head, plan_id=own_plan.pk)
    own_plan.refresh_from_db()
    assert own_plan.approved_own is True
    with pytest.raises(ValidationError) as excinfo:
        services.plan_approve(actor=head, plan_id=own_plan.pk)
    assert "only a plan waiting for approval" in message(excinfo, "plan_id")


def test_an_action_of_the_approved_plan_is_marked_done_once(worker, head):
    case, plan = case_with_plan(worker, head)
    action = plan.actions.order_by("due_on").first()
    services.plan_action_done(actor=worker, action_id=action.pk, done_on=clock.today())
    action.refresh_from_db()
    assert action.done_on == clock.today()
    with pytest.raises(ValidationError) as excinfo:
        services.plan_action_done(actor=worker, action_id=action.pk, done_on=clock.today())
    assert "marked done on" in message(excinfo, "action_id")
    draft = write_plan(worker, case, case.reviews.get())
    with pytest.raises(ValidationError) as excinfo:
        services.plan_action_done(actor=worker, action_id=draft.actions.first().pk, done_on=clock.today())
    assert "approved plan" in message(excinfo, "action_id")


# --- closing and reopening ------------------------------------------------------------------------------------


def _referral(case: Case, worker, **kwargs) -> Referral:
    return Referral.objects.create(
        case=case, kind="health", target="Polyclinic", referred_on=days_ago(3), created_by=worker, **kwargs
    )


def test_closing_with_referrals_in_progress_needs_a_note_saying_how_many(worker):
    case = open_case(worker)
    _referral(case, worker)
    _referral(case, worker)
    _referral(case, worker, status="done")
    before = case_state(case)
    with pytest.raises(ValidationError) as excinfo:
        services.case_close(actor=worker, case_id=case.pk, reason="moved_away", closed_on=clock.today())
    assert message(excinfo, "note") == "2 referrals are still in progress: say why the case closes anyway."
    assert case_state(case) == before
    services.case_close(
        actor=worker, case_id=case.pk, reason="moved_away", closed_on=clock.today(), note="Moved to Kutaisi"
    )
    case.refresh_from_db()
    visibility.open_texts(worker, [case], purpose="test")  # the note is sealed
    assert (case.status, case.close_note) == (Status.CLOSED, "Moved to Kutaisi")
    assert case.events.get(action="closed").changes["referrals_in_progress"] == 2


@pytest.mark.parametrize(
    "change, field",
    [
        ({"reason": "bored"}, "reason"),
        ({"closed_on": days_ago(61)}, "closed_on"),
        ({"closed_on": days_ago(-1)}, "closed_on"),
        ({"reason": "other"}, "note"),
    ],
)
def test_bad_closings_are_refused(worker, change, field):
    case = open_case(worker, opened_on=days_ago(60))
    before = case_state(case)
    with pytest.raises(ValidationError) as excinfo:
        services.case_close(
            **{
                "actor": worker,
                "case_id": case.pk,
                "reason": "goals_met",
                "closed_on": clock.today(),
                **change,
            }
        )
    assert field in excinfo.value.message_dict
    assert case_state(case) == before


def test_a_reopened_case_goes_back_to_the_step_it_had_reached(worker, head):
    plain = open_case(worker)
    case, _plan = case_with_plan(worker, head)
    for c in (plain, case):
        services.case_close(actor=worker, case_id=c.pk, reason="refused", closed_on=clock.today())
    services.case_reopen(actor=worker, case_id=plain.pk, reason="The family asked again")
    services.case_reopen(actor=worker, case_id=case.pk, reason="The family asked again")
    plain.refresh_from_db()
    case.refresh_from_db()
    assert (plain.status, plain.closed_on, plain.close_reason) == (Status.INTAKE, None, "")
    assert case.status == Status.PLAN_ACTIVE
    assert case.events.get(action="reopened").changes["reason"] == "The family asked again"
    with pytest.raises(ValidationError) as excinfo:
        services.case_reopen(actor=worker, case_id=case.pk, reason="again")
    assert "is open" in message(excinfo, "case")


def test_empty_details_of_a_child_take_their_defaults_and_a_missing_schooling_is_named(worker):
    case = open_case(worker, children=[child(disability="", orphan=None, institution="")])
    entry = case.children.get()
    assert (entry.disability, entry.orphan, entry.institution) == ("none", "no", "")
    with pytest.raises(ValidationError) as excinfo:
        open_case(worker, children=[child(schooling="")])
    assert "kindergarten or school" in message(excinfo, "children")


# --- the inbox --------------------------------------------------------------------------------------------------


def test_a_user_marks_only_their_own_notification_read(worker, head):
    from child_support.models import Notification

    case = open_case(worker)
    mine = Notification.objects.create(user=head, kind="violence_referral", case=case)
    theirs = Notification.objects.create(user=worker, kind="violence_referral", case=case)
    assert services.notification_read(actor=head, notification_id=mine.pk) is True
    assert services.notification_read(actor=head, notification_id=mine.pk) is False  # already read
    assert services.notification_read(actor=head, notification_id=theirs.pk) is False
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.read_at is not None and theirs.read_at is None
    from child_support import selectors

    newer = Notification.objects.create(user=head, kind="violence_referral", case=case)
    assert list(selectors.notifications_for(head)) == [newer, mine]
    assert selectors.unread_notifications_count(head) == 1
