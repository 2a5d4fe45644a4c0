"""The application workflow and its rules, through the service layer."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from municipal_platform import clock
from municipal_platform.periods import Period
from programmes import selectors, services
from programmes.models import ApplicationEvent, BenefitApplication, BudgetLine, Person
from programmes.signals import service_ended

Status = BenefitApplication.Status
DAY = datetime.date(2025, 7, 1)


def errors_of(excinfo) -> dict:
    return excinfo.value.message_dict


def snapshot(application: BenefitApplication) -> tuple:
    application.refresh_from_db()
    return (
        application.status,
        application.decided_on,
        application.decided_amount,
        application.decided_by_id,
        application.payments.count(),
        application.events.count(),
    )


# --- the whole workflow ------------------------------------------------------------------------------------


def test_an_application_goes_from_received_to_service_ended_and_keeps_its_history(
    newborn, make_application, head
):
    application = make_application(newborn, feedback_form_handed=True)
    assert application.status == Status.RECEIVED
    assert application.number == f"2025-{application.pk:06d}"

    services.application_start_review(application=application, actor=head)
    services.application_decide(
        application=application, actor=head, approved=True, amount=None, reason="", decided_on=DAY
    )
    application.refresh_from_db()
    assert (application.status, application.decided_amount, application.decided_by) == (
        Status.APPROVED,
        500,
        head,
    )

    services.payment_record(application=application, actor=head, amount=Decimal(500), paid_on=DAY)
    application.refresh_from_db()
    assert application.status == Status.PAID

    received = []

    def listener(sender, application, **kwargs):
        received.append((sender, application.pk, application.status))

    service_ended.connect(listener)
    try:
        services.application_end_service(application=application, actor=head, ended_on=DAY)
    finally:
        service_ended.disconnect(listener)
    assert received == [(BenefitApplication, application.pk, Status.SERVICE_ENDED)]

    actions = list(application.events.order_by("at", "id").values_list("action", "actor__username"))
    assert actions == [
        ("registered", "frontdesk"),
        ("review_started", "head"),
        ("approved", "head"),
        ("paid", "head"),
        ("service_ended", "head"),
    ]
    approved = application.events.get(action="approved")
    assert approved.changes["status"] == ["under_review", "approved"]
    assert approved.changes["amount"] == "500.00"


def test_a_rejection_needs_a_reason_and_commits_no_money(fire, make_application, head):
    application = make_application(fire)
    with pytest.raises(ValidationError) as excinfo:
        services.application_decide(
            application=application, actor=head, approved=False, amount=None, reason=""
        )
    assert "reason" in errors_of(excinfo)
    services.application_decide(
        application=application,
        actor=head,
        approved=False,
        amount=None,
        reason="Income above the threshold",
    )
    application.refresh_from_db()
    assert application.status == Status.REJECTED
    assert selectors.budget_totals(year=2025)["committed"] == 0


def test_a_service_without_money_is_delivered_then_ended(meals, make_application, head):
    application = make_application(meals)
    services.application_decide(
        application=application, actor=head, approved=True, amount=None, decided_on=DAY
    )
    services.application_mark_delivered(application=application, actor=head, delivered_on=DAY)
    services.application_end_service(application=application, actor=head, ended_on=DAY)
    application.refresh_from_db()
    assert application.status == Status.SERVICE_ENDED


def test_registration_corrections_are_kept_in_the_history(newborn, fire, make_application, frontdesk):
    application = make_application(newborn)
    services.application_update(application=application, actor=frontdesk, service=fire, channel="email")
    event = application.events.get(action="updated")
    assert event.changes == {"service": ["newborn_aid", "fire_aid"], "channel": ["paper", "email"]}
    assert event.actor == frontdesk


# --- budget ----------------------------------------------------------------------------------------------


def test_budget_committed_and_paid_follow_decisions_and_payments(newborn, fire, make_application, head):
    first, second, third = make_application(newborn), make_application(fire), make_application(fire)
    services.application_decide(application=first, actor=head, approved=True, amount=None, decided_on=DAY)
    services.application_decide(
        application=second, actor=head, approved=True, amount=Decimal("1200.50"), decided_on=DAY
    )
    services.application_decide(
        application=third, actor=head, approved=False, amount=None, reason="no", decided_on=DAY
    )
    services.payment_record(application=second, actor=head, amount=Decimal(1000), paid_on=DAY)

    lines = {line.service.code: line for line in selectors.budget_lines(year=2025)}
    assert (lines["newborn_aid"].planned, lines["newborn_aid"].committed, lines["newborn_aid"].paid) == (
        Decimal(10000),
        Decimal(500),
        Decimal(0),
    )
    assert (lines["fire_aid"].committed, lines["fire_aid"].paid) == (Decimal("1200.50"), Decimal(1000))
    assert lines["fire_aid"].available == Decimal("13799.50")
    assert selectors.budget_totals(year=2025) == {
        "planned": Decimal(25000),
        "committed": Decimal("1700.50"),
        "paid": Decimal(1000),
        "available": Decimal("23299.50"),
    }


def test_a_budget_line_is_for_the_programmes_year(newborn, head):
    with pytest.raises(ValidationError) as excinfo:
        services.budget_line_set(actor=head, service=newborn, year=2024, planned=Decimal(1))
    assert "year" in errors_of(excinfo)
    assert BudgetLine.objects.get(service=newborn).planned == Decimal(10000)


# --- bad input: a clear error naming the field, and nothing changes -------------------------------------------


@pytest.mark.parametrize("number", ["1234567890", "123456789012", "1234567890a", ""])
def test_an_invalid_personal_number_is_refused(number, make_person):
    with pytest.raises(ValidationError) as excinfo:
        make_person(personal_number=number)
    assert "personal_number" in errors_of(excinfo)
    assert not Person.objects.filter(personal_number=number).exists()


def test_an_amount_above_the_cap_is_refused(fire, make_application, head):
    application = make_application(fire)
    before = snapshot(application)
    with pytest.raises(ValidationError) as excinfo:
        services.application_decide(
            application=application, actor=head, approved=True, amount=Decimal("3000.01"), decided_on=DAY
        )
    assert "3000" in errors_of(excinfo)["amount"][0]
    assert snapshot(application) == before


def test_an_amount_other_than_the_fixed_one_is_refused(newborn, make_application, head):
    application = make_application(newborn)
    with pytest.raises(ValidationError) as excinfo:
        services.application_decide(application=application, actor=head, approved=True, amount=Decimal(700))
    assert "amount" in errors_of(excinfo)


def test_a_requested_amount_above_the_cap_is_refused_at_registration(fire, make_application):
    with pytest.raises(ValidationError) as excinfo:
        make_application(fire, requested_amount=Decimal(5000))
    assert "requested_amount" in errors_of(excinfo)
    assert not BenefitApplication.objects.exists()


def test_a_decided_application_cannot_be_decided_again(fire, make_application, head):
    application = make_application(fire)
    services.application_decide(
        application=application, actor=head, approved=True, amount=Decimal(100), decided_on=DAY
    )
    before = snapshot(application)
    with pytest.raises(ValidationError) as excinfo:
        services.application_decide(
            application=application, actor=head, approved=False, amount=None, reason="changed my mind"
        )
    assert "status" in errors_of(excinfo)
    assert snapshot(application) == before


def test_a_payment_above_the_decided_amount_is_refused(fire, make_application, head):
    application = make_application(fire)
    services.application_decide(
        application=application, actor=head, approved=True, amount=Decimal(800), decided_on=DAY
    )
    services.payment_record(application=application, actor=head, amount=Decimal(500), paid_on=DAY)
    before = snapshot(application)
    with pytest.raises(ValidationError) as excinfo:
        services.payment_record(application=application, actor=head, amount=Decimal("300.01"), paid_on=DAY)
    assert "amount" in errors_of(excinfo)
    assert snapshot(application) == before


def test_a_payment_on_an_undecided_application_is_refused(fire, make_application, head):
    application = make_application(fire)
    with pytest.raises(ValidationError) as excinfo:
        services.payment_record(application=application, actor=head, amount=Decimal(1), paid_on=DAY)
    assert "status" in errors_of(excinfo)


@pytest.mark.parametrize("field", ["received_on", "decided_on", "paid_on", "ended_on", "birth_date"])
def test_a_date_in_the_future_is_refused(field, fire, make_application, make_person, head, frozen_clock):
    # tomorrow as the services will see it: the clock stands still, so a run at midnight cannot make it today
    tomorrow = clock.today() + datetime.timedelta(days=1)
    if field == "received_on":
        with pytest.raises(ValidationError) as excinfo:
            make_application(fire, received_on=tomorrow)
        assert not BenefitApplication.objects.exists()
    elif field == "birth_date":
        with pytest.raises(ValidationError) as excinfo:
            make_person(birth_date=tomorrow)
        assert not Person.objects.exists()
    else:
        application = make_application(fire)
        if field != "decided_on":
            services.application_decide(
                application=application, actor=head, approved=True, amount=Decimal(100), decided_on=DAY
            )
        if field == "ended_on":
            services.payment_record(application=application, actor=head, amount=Decimal(100), paid_on=DAY)
        before = snapshot(application)
        with pytest.raises(ValidationError) as excinfo:
            if field == "decided_on":
                services.application_decide(
                    application=application,
                    actor=head,
                    approved=True,
                    amount=Decimal(100),
                    decided_on=tomorrow,
                )
            elif field == "paid_on":
                services.payment_record(
                    application=application, actor=head, amount=Decimal(100), paid_on=tomorrow
                )
            else:
                services.application_end_service(application=application, actor=head, ended_on=tomorrow)
        assert snapshot(application) == before
    assert field in errors_of(excinfo)
    assert "future" in errors_of(excinfo)[field][0]


def test_a_decision_dated_before_the_application_is_refused(fire, make_application, head):
    application = make_application(fire, received_on=DAY)
    with pytest.raises(ValidationError) as excinfo:
        services.application_decide(
            application=application,
            actor=head,
            approved=True,
            amount=Decimal(1),
            decided_on=DAY - datetime.timedelta(days=1),
        )
    assert "decided_on" in errors_of(excinfo)


# --- roles ---------------------------------------------------------------------------------------------------


def test_front_desk_registers_but_cannot_decide(fire, make_application, frontdesk):
    application = make_application(fire)
    with pytest.raises(PermissionDenied):
        services.application_decide(
            application=application, actor=frontdesk, approved=True, amount=Decimal(100)
        )
    application.refresh_from_db()
    assert application.status == Status.RECEIVED


@pytest.mark.parametrize("username", ["council", "officer", "worker"])
def test_only_front_desk_and_the_head_register_applications(username, users, fire, make_person):
    person = make_person()
    with pytest.raises(PermissionDenied):
        services.application_register(
            actor=users[username], applicant=person, service=fire, channel="paper", received_on=DAY
        )


def test_a_commission_member_cannot_put_an_application_under_review(fire, make_application, users):
    application = make_application(fire)
    with pytest.raises(PermissionDenied):
        services.application_start_review(application=application, actor=users["commission"])
    application.refresh_from_db()
    assert application.status == Status.RECEIVED


def test_the_head_of_service_may_register_too(fire, make_person, head):
    application = services.application_register(
        actor=head, applicant=make_person(), service=fire, channel="paper", received_on=DAY
    )
    assert application.registered_by == head


@pytest.mark.parametrize("username", ["frontdesk", "council", "commission"])
def test_only_the_head_edits_the_catalogue(username, users, programme):
    with pytest.raises(PermissionDenied):
        services.service_create(
            actor=users[username], programme=programme, code="x", name_ka="x", kind="service"
        )


def test_a_capped_service_needs_its_cap(head, programme):
    with pytest.raises(ValidationError) as excinfo:
        services.service_create(
            actor=head,
            programme=programme,
            code="capped",
            name_ka="x",
            kind="one_time_cash",
            amount_rule="cap",
        )
    assert "amount" in errors_of(excinfo)


# --- people and consents ----------------------------------------------------------------------------------------


def test_a_person_is_found_again_by_personal_number_with_the_same_or_empty_details(make_person):
    first = make_person(
        personal_number="01001012345", phone="599123456", birth_date=datetime.date(1970, 1, 2)
    )
    again = make_person(personal_number="01001012345", first_name=" ნინო ", phone="", birth_date=None)
    assert again.pk == first.pk
    assert Person.objects.get(pk=first.pk).phone == "599123456"
    assert first.household is not None


def test_registering_with_someone_elses_personal_number_never_renames_them(make_person):
    person = make_person(personal_number="01001012345", email="nino@example.ge", phone="599123456")
    with pytest.raises(ValidationError) as excinfo:
        make_person(
            personal_number="01001012345",
            first_name="Attacker",
            last_name="Changed",
            sex="male",
            email="attacker@evil.example",
        )
    errors = errors_of(excinfo)
    assert (
        "belongs to a registered person whose first name, last name, sex differ"
        in errors["personal_number"][0]
    )
    assert {"first_name", "last_name", "sex"} <= set(errors)
    person.refresh_from_db()
    assert (person.first_name, person.last_name, person.sex, person.email, person.phone) == (
        "ნინო",
        "ჩიხლაძე",
        "female",
        "nino@example.ge",
        "599123456",
    )
    assert not person.events.exists()


def test_registering_with_a_different_birth_date_is_refused(make_person):
    person = make_person(personal_number="01001012345", birth_date=datetime.date(1970, 1, 2))
    with pytest.raises(ValidationError) as excinfo:
        make_person(personal_number="01001012345", birth_date=datetime.date(1971, 1, 2))
    assert "date of birth" in errors_of(excinfo)["personal_number"][0]
    person.refresh_from_db()
    assert person.birth_date == datetime.date(1970, 1, 2)


@pytest.mark.parametrize(
    ("field", "stored", "submitted"),
    [
        ("email", "nino@example.ge", "attacker@evil.example"),
        ("email", "", "attacker@evil.example"),
        ("phone", "599123456", "555000000"),
    ],
)
def test_registration_does_not_change_contact_details(make_person, field, stored, submitted):
    person = make_person(personal_number="01001012345", **{field: stored})
    with pytest.raises(ValidationError) as excinfo:
        make_person(personal_number="01001012345", **{field: submitted})
    assert set(errors_of(excinfo)) == {field}
    assert "contact details are changed on the person's record" in errors_of(excinfo)[field][0]
    person.refresh_from_db()
    assert getattr(person, field) == stored


def test_moving_a_returning_person_into_another_household_is_kept_in_their_history(make_person, frontdesk):
    parent = make_person()
    person = make_person(personal_number="01001012345")
    old_household = person.household_id
    again = make_person(personal_number="01001012345", household=parent.household)
    assert again.household_id == parent.household_id
    event = again.events.get()
    assert (event.actor, event.changes) == (frontdesk, {"household": [old_household, parent.household_id]})


def test_the_front_desk_changes_contact_details_and_the_history_keeps_who_and_what(make_person, frontdesk):
    person = make_person(email="nino@example.ge")
    services.person_update(person=person, actor=frontdesk, email="nino.new@example.ge", phone="")
    person.refresh_from_db()
    assert person.email == "nino.new@example.ge"
    event = person.events.get()
    assert (event.actor, event.action, event.changes) == (
        frontdesk,
        "updated",
        {"email": ["nino@example.ge", "nino.new@example.ge"]},
    )


@pytest.mark.parametrize("username", ["council", "commission", "worker", "officer"])
def test_only_the_front_desk_and_the_head_change_contact_details(make_person, users, username):
    person = make_person(email="nino@example.ge")
    with pytest.raises(PermissionDenied):
        services.person_update(person=person, actor=users[username], email="x@evil.example")
    person.refresh_from_db()
    assert person.email == "nino@example.ge" and not person.events.exists()


def test_only_the_head_of_service_corrects_who_a_person_is(make_person, frontdesk, head):
    person = make_person(last_name="ჩიხლაზე")
    with pytest.raises(PermissionDenied):
        services.person_update(person=person, actor=frontdesk, last_name="ჩიხლაძე")
    services.person_update(person=person, actor=head, last_name="ჩიხლაძე")
    person.refresh_from_db()
    assert person.last_name == "ჩიხლაძე"
    assert person.events.get().changes == {"last_name": ["ჩიხლაზე", "ჩიხლაძე"]}


def test_a_bad_contact_change_names_the_field_and_changes_nothing(make_person, frontdesk):
    person = make_person(email="nino@example.ge")
    with pytest.raises(ValidationError) as excinfo:
        services.person_update(person=person, actor=frontdesk, email="not-an-address")
    assert "email" in errors_of(excinfo)
    with pytest.raises(ValidationError) as excinfo:
        services.person_update(person=person, actor=frontdesk, personal_number="01001012345")
    assert "personal_number" in errors_of(excinfo)
    person.refresh_from_db()
    assert person.email == "nino@example.ge" and not person.events.exists()


def test_consent_is_given_and_withdrawn(make_person, frontdesk):
    person = make_person()
    consent = services.consent_give(
        actor=frontdesk, person=person, purpose="social_status_data", given_on=DAY
    )
    with pytest.raises(ValidationError) as excinfo:
        services.consent_withdraw(actor=frontdesk, consent=consent, withdrawn_on=DAY - datetime.timedelta(1))
    assert "withdrawn_on" in errors_of(excinfo)
    services.consent_withdraw(actor=frontdesk, consent=consent, withdrawn_on=DAY)
    consent.refresh_from_db()
    assert consent.withdrawn_on == DAY


def test_the_summary_counts_per_service_by_sex_and_channel(
    newborn, fire, make_application, make_person, head
):
    make_application(newborn, person=make_person(sex="male"))
    make_application(newborn, channel="email")
    make_application(fire, received_on=datetime.date(2025, 10, 1))
    rows = {
        r["code"]: r
        for r in selectors.applications_by_service(
            received=Period(datetime.date(2025, 6, 1), datetime.date(2025, 8, 31))
        )
    }
    assert set(rows) == {"newborn_aid"}
    assert (rows["newborn_aid"]["total"], rows["newborn_aid"]["women"], rows["newborn_aid"]["men"]) == (
        2,
        1,
        1,
    )
    assert (rows["newborn_aid"]["paper"], rows["newborn_aid"]["email"]) == (1, 1)
    assert ApplicationEvent.objects.count() == 3


def test_the_invitation_queued_at_service_end_commits_or_rolls_back_with_it(newborn, make_application, head):
    """The listener's outbox row lives in the same transaction as the end of service."""
    from django.db import transaction

    from feedback.models import Invitation

    def ended_application(email):
        application = make_application(newborn)
        application.applicant.email = email
        application.applicant.save(update_fields=["email"])
        services.application_decide(
            application=application, actor=head, approved=True, amount=None, decided_on=DAY
        )
        services.payment_record(application=application, actor=head, amount=Decimal("500"), paid_on=DAY)
        return application

    before = Invitation.objects.count()
    rolled_back = ended_application("rolled.back@example.ge")
    with pytest.raises(RuntimeError), transaction.atomic():
        services.application_end_service(application=rolled_back, actor=head, ended_on=DAY)
        assert Invitation.objects.count() == before + 1, "queued inside the transaction"
        raise RuntimeError("the request fails after the end of service")
    assert Invitation.objects.count() == before
    rolled_back.refresh_from_db()
    assert rolled_back.status == Status.PAID

    kept = ended_application("kept@example.ge")
    services.application_end_service(application=kept, actor=head, ended_on=DAY)
    assert Invitation.objects.count() == before + 1


# --- what a council member may see ------------------------------------------------------------------------------


def _table(*rows):
    keys = ("total", "approved", "rejected", "pending", "paper", "email", "online", "women", "men")
    out = []
    for code, counts, amount in rows:
        out.append({"code": code, **dict(zip(keys, counts, strict=True)), "decided_amount": Decimal(amount)})
    return out


def _recoverable(rows, totals) -> list[str]:
    """Cells an attentive reader could still work out: a group with exactly one hidden figure."""
    table = [*rows, totals]
    found = []
    for i in range(len(table)):
        for part in selectors.SUMMARY_PARTS:
            cells = [(i, k) for k in (*part, "total")]
            if sum(table[r][k] is None for r, k in cells) == 1:
                found.append(f"row {i} {part}")
    for k in (*selectors.SUMMARY_COUNTS, "decided_amount"):
        if sum(row[k] is None for row in table) == 1:
            found.append(f"column {k}")
    return found


def test_no_hidden_summary_figure_can_be_worked_out_by_subtraction():
    import random

    rng = random.Random(7)
    for _ in range(200):
        rows = []
        for n in range(rng.randrange(1, 6)):
            approved, rejected, pending = (rng.choice([0, 0, 1, 2, 4, 5, 9, 30]) for _ in range(3))
            total = approved + rejected + pending
            paper = rng.randrange(total + 1)
            email = rng.randrange(total - paper + 1)
            women = rng.randrange(total + 1)
            counts = (
                total,
                approved,
                rejected,
                pending,
                paper,
                email,
                total - paper - email,
                women,
                total - women,
            )
            rows.append((f"s{n}", counts, 500 * approved))
        table = _table(*rows)
        hidden_rows, hidden_totals = selectors.suppress_summary(
            table, selectors.summary_totals(table), threshold=5
        )
        assert _recoverable(hidden_rows, hidden_totals) == [], (rows, hidden_rows, hidden_totals)
        for before, after in zip(
            [*table, selectors.summary_totals(table)], [*hidden_rows, hidden_totals], strict=True
        ):
            for k in selectors.SUMMARY_COUNTS:
                assert after[k] == before[k] or after[k] is None
                if 0 < before[k] < 5:
                    assert after[k] is None, "every small figure is hidden"
            if after["approved"] is None:
                assert after["decided_amount"] is None, "the money of a hidden count is hidden"


def test_exactly_one_small_cell_in_a_row_hides_the_next_smallest():
    rows = _table(("fire_aid", (6, 1, 5, 0, 6, 0, 0, 6, 0), 2130))
    hidden, totals = selectors.suppress_summary(rows, selectors.summary_totals(rows), threshold=5)
    assert (hidden[0]["total"], hidden[0]["approved"], hidden[0]["rejected"]) == (6, None, None)
    assert hidden[0]["decided_amount"] is None and totals["decided_amount"] is None
    assert (hidden[0]["women"], hidden[0]["men"]) == (6, 0)


def test_registration_works_for_a_person_with_a_large_id(newborn, make_application, make_person):
    """The registration's placeholder number fitted the 30-character column only while person ids had
    fewer than five digits: a municipality's 10,000th person got an error page."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT setval(pg_get_serial_sequence('programmes_person', 'id'), 1234567)")
    person = make_person()
    assert person.pk > 1234567
    application = make_application(newborn, person=person)
    assert application.number == f"{application.received_on.year}-{application.pk:06d}"
