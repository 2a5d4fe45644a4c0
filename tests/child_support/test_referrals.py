"""Referrals: what each internal service needs, the consent gate of an external referral, the violence
referral (no consent, the case restricted for good, the head of service alerted through the outbox), and
the status a referral moves through. Every bad input is refused naming its field, with nothing written."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404

from child_support import services, visibility
from child_support.emails import violence
from child_support.models import (
    Case,
    CaseAuditEntry,
    CaseEvent,
    CommissionMeeting,
    Notification,
    Referral,
)
from municipal_platform import clock
from municipal_platform.accounts.services import user_create
from municipal_platform.outbox.models import OutboxMessage
from municipal_platform.outbox.services import message_relay
from municipal_platform.roles import Role
from programmes.models import Consent, Person

from .conftest import YEAR, child_spec

pytestmark = pytest.mark.usefixtures("english")

DAY = datetime.date(YEAR, 4, 1)
Kind = Referral.Kind


def refer(actor, case, **overrides) -> Referral:
    values = {
        "actor": actor,
        "case_id": case.pk,
        "kind": Kind.REHABILITATION,
        "target": "რეაბილიტაციის ცენტრი",
    }
    values.update({"referred_on": DAY, **overrides})
    return services.referral_create(**values)


def consent_of(case: Case, **overrides) -> Consent:
    guardian = Person.objects.create(
        household=case.household,
        first_name="ნანა",
        last_name="ბერიძე",
        personal_number=f"8{case.pk:010d}",
        sex=Person.Sex.FEMALE,
    )
    values = {"purpose": Consent.Purpose.REFERRAL, "given_on": datetime.date(YEAR, 3, 1)}
    values.update(overrides)
    return Consent.objects.create(person=guardian, **values)


def written():
    return (
        Referral.objects.count(),
        CaseEvent.objects.count(),
        CaseAuditEntry.objects.count(),
        OutboxMessage.objects.count(),
        Case.objects.filter(restricted=True).count(),
    )


# --- internal referrals ---------------------------------------------------------------------------------


def test_autism_therapy_is_funded_for_a_child_by_months_from_its_budget_line(
    worker, case_factory, autism_line
):
    case = case_factory()
    child = case.children.get()
    referral = refer(
        worker,
        case,
        kind=Kind.AUTISM_THERAPY,
        target="დღის ცენტრი „ნაბიჯი“",
        child_id=child.pk,
        monthly_cost=Decimal("450"),
        months=6,
        budget_line_id=autism_line.pk,
    )
    referral.refresh_from_db()
    assert (referral.status, referral.child, referral.cost) == ("in_progress", child, Decimal("2700.00"))
    assert referral.consent is None and referral.override_by is None  # internal: no consent needed
    event = CaseEvent.objects.get(case=case)
    assert event.action == CaseEvent.Action.REFERRAL and event.changes["cost"] == "2700.00"
    assert list(CaseAuditEntry.objects.values_list("kind", "what")) == [("change", "referral_create")]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"target": "   "}, "target", "Say where the child or family is referred."),
        ({"kind": "school_trip"}, "kind", "Choose the service"),
        ({"referred_on": None}, "referred_on", "Give the date"),
        ({"referred_on": "tomorrow"}, "referred_on", "cannot be in the future"),
        ({"referred_on": datetime.date(YEAR, 1, 1)}, "referred_on", "The case was opened on 2025-01-15"),
        ({"direction": "sideways"}, "direction", "direction"),
        ({"child_id": 999999}, "child", "Choose a child of this case."),
        # autism therapy: the child, the monthly cost and months, the budget line
        ({"kind": Kind.AUTISM_THERAPY, "child_id": None}, "child", "Choose the child"),
        ({"kind": Kind.AUTISM_THERAPY, "monthly_cost": None}, "monthly_cost", "monthly cost"),
        ({"kind": Kind.AUTISM_THERAPY, "months": 0}, "months", "how many months"),
        ({"kind": Kind.AUTISM_THERAPY, "budget_line_id": None}, "budget_line", "budget line"),
        # early development: trips and amount
        ({"kind": Kind.EARLY_DEVELOPMENT, "trips": None}, "trips", "how many trips"),
        ({"kind": Kind.EARLY_DEVELOPMENT, "amount": Decimal("-1")}, "amount", "travel amount"),
        # inclusive centre: enrolment date and capacity
        ({"kind": Kind.INCLUSIVE_CENTRE, "enrolled_on": None}, "enrolled_on", "enrolled"),
        ({"kind": Kind.INCLUSIVE_CENTRE, "enrolled_on": datetime.date(YEAR, 3, 1)}, "enrolled_on", "before"),
        ({"kind": Kind.INCLUSIVE_CENTRE, "capacity": None}, "capacity", "capacity"),
        ({"kind": Kind.AUTISM_THERAPY, "months": 40000}, "months", "too large"),
        ({"amount": Decimal("-5")}, "amount", "cannot be negative"),
        ({"monthly_cost": Decimal("-5")}, "monthly_cost", "cannot be negative"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_written(
    worker, case_factory, autism_line, overrides, field, message
):
    case = case_factory()
    values = {
        "child_id": case.children.get().pk,
        "monthly_cost": Decimal("450"),
        "months": 6,
        "budget_line_id": autism_line.pk,
        "trips": 4,
        "amount": Decimal("80"),
        "capacity": 20,
        "enrolled_on": datetime.date(YEAR, 5, 1),
    }
    values.update(overrides)
    if values.get("referred_on") == "tomorrow":
        values["referred_on"] = clock.today() + datetime.timedelta(days=1)
    before = written()
    with pytest.raises(ValidationError) as refused:
        refer(worker, case, **values)
    assert list(refused.value.message_dict) == [field]
    assert message in refused.value.message_dict[field][0]
    assert written() == before


def test_early_development_is_for_children_under_seven_on_the_day_of_the_referral(worker, case_factory):
    case = case_factory(
        children=[
            child_spec("ლუკა", datetime.date(YEAR - 7, 4, 2)),  # 6 on 1 April, 7 the next day
            child_spec("ანა", datetime.date(YEAR - 7, 4, 1)),  # 7 on 1 April
        ]
    )
    luka, ana = (case.children.get(person__first_name=name) for name in ("ლუკა", "ანა"))
    values = {"kind": Kind.EARLY_DEVELOPMENT, "target": "სპეციალისტი", "trips": 8, "amount": Decimal("120")}
    with pytest.raises(ValidationError) as refused:
        refer(worker, case, child_id=ana.pk, **values)
    assert refused.value.message_dict == {
        "child": ["ანა ბერიძე is 7 or older: early development is for children aged 0-7."]
    }
    assert not Referral.objects.exists()
    assert refer(worker, case, child_id=luka.pk, **values).cost == Decimal("120")


def test_an_inclusive_centre_enrolment_keeps_its_attendance(worker, case_factory):
    case = case_factory()
    referral = refer(
        worker,
        case,
        kind=Kind.INCLUSIVE_CENTRE,
        target="ინკლუზიური ცენტრი",
        child_id=case.children.get().pk,
        capacity=25,
        enrolled_on=datetime.date(YEAR, 4, 15),
    )
    with pytest.raises(ValidationError) as refused:
        services.referral_attendance(actor=worker, referral_id=referral.pk, attendance_days=3)
    assert "accepted" in refused.value.message_dict["attendance_days"][0]
    services.referral_status(actor=worker, referral_id=referral.pk, status="accepted")
    services.referral_attendance(actor=worker, referral_id=referral.pk, attendance_days=42)
    referral.refresh_from_db()
    assert referral.attendance_days == 42


# --- the consent gate of external referrals -------------------------------------------------------------


def test_an_external_referral_without_consent_or_override_is_refused(worker, case_factory):
    case = case_factory()
    with pytest.raises(ValidationError) as refused:
        refer(worker, case, kind=Kind.HEALTH, target="პოლიკლინიკა")
    assert refused.value.message_dict == {
        "consent": [
            "A referral to an outside service needs the guardian's recorded consent, or the head of "
            "service's override with a reason."
        ]
    }
    assert written() == (0, 0, 0, 0, 0)


def test_an_external_referral_with_the_guardian_s_consent_is_made(worker, case_factory):
    case = case_factory()
    consent = consent_of(case)
    referral = refer(
        worker, case, kind=Kind.STATE_AGENCY, target="სოციალური მომსახურების სააგენტო", consent_id=consent.pk
    )
    assert (referral.consent, referral.override_by) == (consent, None)
    assert CaseEvent.objects.get(case=case).changes["consent"] == consent.pk


@pytest.mark.parametrize(
    ("consent", "message"),
    [
        ({"withdrawn_on": datetime.date(YEAR, 3, 20)}, "This consent was withdrawn on 2025-03-20."),
        (
            {"given_on": datetime.date(YEAR, 4, 2)},
            "This consent was given on 2025-04-02, after the referral.",
        ),
        ({"purpose": Consent.Purpose.CONTACT_BY_EMAIL}, "This consent is not for a referral"),
        ({"other_family": True}, "Choose a consent given by a member of the family."),
    ],
)
def test_a_consent_that_does_not_cover_the_referral_is_refused(worker, case_factory, consent, message):
    case = case_factory()
    if consent.pop("other_family", False):
        given = consent_of(case_factory())
    else:
        given = consent_of(case, **consent)
    with pytest.raises(ValidationError) as refused:
        refer(worker, case, kind=Kind.EDUCATION, target="სკოლა", consent_id=given.pk)
    assert message in refused.value.message_dict["consent"][0]
    assert not Referral.objects.exists()


def test_only_the_head_of_service_overrides_the_guardian_s_consent(worker, head, case_factory):
    case = case_factory()
    with pytest.raises(ValidationError) as refused:
        refer(worker, case, kind=Kind.HEALTH, target="საავადმყოფო", override_reason="დედა მიუწვდომელია")
    assert refused.value.message_dict == {
        "override_reason": ["Only the head of service may override the guardian's consent."]
    }
    assert not Referral.objects.exists()
    referral = refer(head, case, kind=Kind.HEALTH, target="საავადმყოფო", override_reason="დედა მიუწვდომელია")
    assert (referral.override_by, referral.override_reason, referral.consent) == (
        head,
        "დედა მიუწვდომელია",
        None,
    )


# --- violence -------------------------------------------------------------------------------------------


def test_a_violence_referral_needs_no_consent_restricts_the_case_and_alerts_the_head_at_once(
    worker, head, users, case_factory, django_capture_on_commit_callbacks
):
    case = case_factory()
    commission = users["commission"]
    meeting = CommissionMeeting.objects.create(
        held_on=DAY, title="კომისია", status=CommissionMeeting.Status.OPEN
    )
    meeting.members.add(commission)
    meeting.cases.add(case)
    assert visibility.case_read(commission, case.pk, what="test").pk == case.pk  # before: on the agenda

    with django_capture_on_commit_callbacks(execute=True):
        referral = refer(worker, case, kind=Kind.POLICE, target="ამბროლაურის პოლიცია", is_violence=True)

    case.refresh_from_db()
    assert case.restricted and referral.is_violence and referral.consent is None
    assert CaseEvent.objects.filter(case=case, action=CaseEvent.Action.VIOLENCE).count() == 1
    # the outbox message went out through the relay: an in-app notification and one e-mail
    message = OutboxMessage.objects.get()
    assert (message.kind, message.params, message.sent_at is not None) == (
        "child_support.violence",
        {"referral_id": referral.pk},
        True,
    )
    notification = Notification.objects.get()
    assert (notification.user, notification.kind, notification.case, notification.referral) == (
        head,
        "violence_referral",
        case,
        referral,
    )
    assert [m.to for m in mail.outbox] == [[head.email]]
    sent = mail.outbox[0]
    assert case.number in sent.subject and case.number in sent.body
    assert "http://ambrolauri.localhost" in sent.body and f"/cases/{case.pk}/" in sent.body
    child = case.children.get().person
    for name in (child.first_name, child.last_name, case.household.address):
        assert name not in sent.subject + sent.body, "no names or address of the family in an e-mail"
    # from now on: its worker and the head only, even for a commission member in an open meeting
    with pytest.raises(Http404):
        visibility.case_read(commission, case.pk, what="test")
    assert visibility.case_read(worker, case.pk, what="test") == case
    assert visibility.case_read(head, case.pk, what="test") == case


def test_the_alert_sent_again_adds_no_second_notification_or_e_mail(
    worker, head, case_factory, django_capture_on_commit_callbacks
):
    case = case_factory()
    with django_capture_on_commit_callbacks(execute=True):
        referral = refer(worker, case, kind=Kind.STATE_AGENCY, target="სააგენტო", is_violence=True)
    assert len(mail.outbox) == 1
    violence.send(referral_id=referral.pk)  # a retry, or the sweep after a lost acknowledgement
    assert message_relay(message_id=OutboxMessage.objects.get().pk) is False  # sent once
    assert Notification.objects.count() == 1 and len(mail.outbox) == 1


def test_every_active_head_of_service_is_alerted_and_nobody_else(
    worker, head, case_factory, django_capture_on_commit_callbacks
):
    second = user_create(
        username="head2", password="x", roles=(Role.HEAD_OF_SERVICE,), email="head2@example.ge"
    )
    left = user_create(
        username="head3", password="x", roles=(Role.HEAD_OF_SERVICE,), email="head3@example.ge"
    )
    left.is_active = False
    left.save(update_fields=["is_active"])
    no_address = user_create(username="head4", password="x", roles=(Role.HEAD_OF_SERVICE,))
    case = case_factory()
    with django_capture_on_commit_callbacks(execute=True):
        refer(worker, case, kind=Kind.POLICE, target="პოლიცია", is_violence=True)
    assert set(Notification.objects.values_list("user__username", flat=True)) == {
        head.username,
        second.username,
        no_address.username,  # reads it in the inbox
    }
    assert sorted(m.to[0] for m in mail.outbox) == sorted([head.email, second.email])


def test_a_rolled_back_violence_referral_leaves_no_alert(
    worker, case_factory, django_capture_on_commit_callbacks
):
    case = case_factory()
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            refer(worker, case, kind=Kind.POLICE, target="პოლიცია", is_violence=True)
            raise RuntimeError("the page failed after the service")
    assert written() == (0, 0, 0, 0, 0)
    assert mail.outbox == [] and not Notification.objects.exists()


def test_a_violence_referral_goes_to_a_competent_authority(worker, case_factory):
    case = case_factory()
    with pytest.raises(ValidationError) as refused:
        refer(worker, case, kind=Kind.REHABILITATION, target="ცენტრი", is_violence=True)
    assert "police" in refused.value.message_dict["is_violence"][0]
    assert written() == (0, 0, 0, 0, 0)


# --- who may refer --------------------------------------------------------------------------------------


def test_another_worker_or_a_commission_member_finds_no_case_to_refer(users, other_worker, case_factory):
    case = case_factory()
    for actor in (other_worker, users["commission"], users["council"]):
        with pytest.raises(Http404):
            refer(actor, case)
    assert written() == (0, 0, 0, 0, 0)


def test_a_closed_case_gets_no_referral(worker, case_factory):
    case = case_factory(status="closed")
    with pytest.raises(ValidationError) as refused:
        refer(worker, case)
    assert "reopen it" in refused.value.message_dict["case"][0]


# --- status ---------------------------------------------------------------------------------------------


def test_a_referral_moves_in_progress_accepted_done_with_its_history(worker, case_factory):
    case = case_factory()
    referral = refer(worker, case)
    services.referral_status(actor=worker, referral_id=referral.pk, status="accepted")
    services.referral_status(actor=worker, referral_id=referral.pk, status="done", outcome="სიარული ისწავლა")
    referral.refresh_from_db()
    visibility.open_texts(worker, [referral], purpose="test")  # the outcome is sealed
    assert (referral.status, referral.outcome) == ("done", "სიარული ისწავლა")
    assert [
        e.changes["status"] for e in CaseEvent.objects.filter(action="referral_status").order_by("id")
    ] == [
        ["in_progress", "accepted"],
        ["accepted", "done"],
    ]
    assert CaseAuditEntry.objects.filter(what="referral_status").count() == 2


@pytest.mark.parametrize(
    ("status", "message"), [("rejected", "rejected the referral"), ("revoked", "revoked")]
)
def test_rejecting_or_revoking_needs_a_reason(worker, case_factory, status, message):
    referral = refer(worker, case_factory())
    before = written()
    with pytest.raises(ValidationError) as refused:
        services.referral_status(actor=worker, referral_id=referral.pk, status=status, reason=" ")
    assert message in refused.value.message_dict["reason"][0]
    assert written() == before
    services.referral_status(actor=worker, referral_id=referral.pk, status=status, reason="ადგილი არ არის")
    referral.refresh_from_db()
    visibility.open_texts(worker, [referral], purpose="test")  # the reason is sealed
    assert (referral.status, referral.status_reason) == (status, "ადგილი არ არის")


@pytest.mark.parametrize(
    ("path", "message"),
    [
        (["done"], "A referral that is “In progress” cannot become “Done”."),
        (["rejected", "accepted"], "A referral that is “Rejected” cannot become “Accepted”."),
        (["accepted", "done", "revoked"], "A referral that is “Done” cannot become “Revoked”."),
        (["accepted", "in_progress"], "A referral that is “Accepted” cannot become “In progress”."),
    ],
)
def test_a_move_the_workflow_does_not_allow_names_both_statuses(worker, case_factory, path, message):
    referral = refer(worker, case_factory())
    *allowed, refused_status = path
    for status in allowed:
        services.referral_status(actor=worker, referral_id=referral.pk, status=status, reason="მიზეზი")
    before = written()
    with pytest.raises(ValidationError) as refused:
        services.referral_status(
            actor=worker, referral_id=referral.pk, status=refused_status, reason="მიზეზი"
        )
    assert refused.value.message_dict == {"status": [message]}
    assert written() == before


def test_another_worker_cannot_move_a_referral(worker, other_worker, case_factory):
    referral = refer(worker, case_factory())
    for referral_id in (referral.pk, 999999):
        with pytest.raises(Http404):
            services.referral_status(actor=other_worker, referral_id=referral_id, status="accepted")
    referral.refresh_from_db()
    assert referral.status == "in_progress"
