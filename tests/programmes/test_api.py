"""The REST API under /api/v1/programmes/: the same workflow and rules as the pages."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from programmes import services
from programmes.models import BenefitApplication, Person
from tests.conftest import client_for

API = "/api/v1/programmes"
Status = BenefitApplication.Status
DAY = datetime.date(2025, 7, 1)


def new_application(service, **overrides):
    body = {
        "applicant": {
            "personal_number": "01001088888",
            "first_name": "ლია",
            "last_name": "სულაძე",
            "sex": "female",
            "email": "lia@example.ge",
        },
        "service": service.pk,
        "channel": "email",
        "received_on": "2025-07-01",
        "consent_social_status": True,
    }
    body.update(overrides)
    return body


def test_register_decide_pay_and_end_through_the_api(ambrolauri, fire):
    frontdesk, head = client_for(ambrolauri, "frontdesk"), client_for(ambrolauri, "head")
    response = frontdesk.post(f"{API}/applications/", new_application(fire), content_type="application/json")
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert response.json()["applicant"]["personal_number"] == "01001088888"

    response = head.post(f"{API}/applications/{pk}/review/")
    assert response.json()["status"] == "under_review"
    response = head.post(
        f"{API}/applications/{pk}/decide/",
        {"approved": True, "amount": "2500", "decided_on": "2025-07-03"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["decided_amount"] == "2500.00"
    response = head.post(
        f"{API}/applications/{pk}/payments/",
        {"amount": "2500", "paid_on": "2025-07-04"},
        content_type="application/json",
    )
    assert response.status_code == 201
    response = head.post(
        f"{API}/applications/{pk}/end-service/", {"ended_on": "2025-07-04"}, content_type="application/json"
    )
    body = response.json()
    assert body["status"] == "service_ended"
    assert [e["action"] for e in body["events"]] == [
        "registered",
        "review_started",
        "approved",
        "paid",
        "service_ended",
    ]

    budget = head.get(f"{API}/budget/?year=2025").json()
    assert budget["totals"] == {
        "planned": "15000.00",
        "committed": "2500.00",
        "paid": "2500.00",
        "child_support": "0.00",
        "available": "12500.00",
    }


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"received_on": "2099-01-01"}, "received_on"),
        ({"requested_amount": "3000.01"}, "requested_amount"),
        ({"channel": "fax"}, "channel"),
    ],
)
def test_bad_registrations_are_refused_naming_the_field(ambrolauri, fire, overrides, field):
    response = client_for(ambrolauri, "frontdesk").post(
        f"{API}/applications/", new_application(fire, **overrides), content_type="application/json"
    )
    assert response.status_code == 400
    assert field in response.json()
    assert not BenefitApplication.objects.exists()


def test_an_invalid_personal_number_is_refused_by_the_api(ambrolauri, fire):
    body = new_application(fire)
    body["applicant"]["personal_number"] = "123"
    response = client_for(ambrolauri, "frontdesk").post(
        f"{API}/applications/", body, content_type="application/json"
    )
    assert response.status_code == 400
    assert "personal_number" in response.json()["applicant"]
    assert not Person.objects.exists() and not BenefitApplication.objects.exists()


def test_decision_errors_name_the_field_and_change_nothing(ambrolauri, fire, make_application, head):
    application = make_application(fire)
    client = client_for(ambrolauri, "head")
    url = f"{API}/applications/{application.pk}/decide/"
    response = client.post(url, {"approved": True, "amount": "3000.01"}, content_type="application/json")
    assert response.status_code == 400 and "amount" in response.json()
    response = client.post(
        url, {"approved": True, "amount": "10", "decided_on": "2099-01-01"}, content_type="application/json"
    )
    assert response.status_code == 400 and "decided_on" in response.json()
    application.refresh_from_db()
    assert (
        application.status == Status.RECEIVED and not application.events.exclude(action="registered").exists()
    )

    services.application_decide(
        application=application, actor=head, approved=True, amount=Decimal(100), decided_on=DAY
    )
    response = client.post(url, {"approved": False, "reason": "x"}, content_type="application/json")
    assert response.status_code == 400 and "status" in response.json()
    response = client.post(
        f"{API}/applications/{application.pk}/payments/",
        {"amount": "100.01", "paid_on": "2025-07-02"},
        content_type="application/json",
    )
    assert response.status_code == 400 and "amount" in response.json()
    response = client.post(
        f"{API}/applications/{application.pk}/payments/",
        {"amount": "100", "paid_on": "2099-07-02"},
        content_type="application/json",
    )
    assert response.status_code == 400 and "paid_on" in response.json()
    assert not application.payments.exists()


def test_front_desk_cannot_decide_through_the_api(ambrolauri, fire, make_application):
    application = make_application(fire)
    response = client_for(ambrolauri, "frontdesk").post(
        f"{API}/applications/{application.pk}/decide/",
        {"approved": True, "amount": "100"},
        content_type="application/json",
    )
    assert response.status_code == 403
    application.refresh_from_db()
    assert application.status == Status.RECEIVED


def test_a_council_member_gets_aggregates_only(ambrolauri, fire, make_application, make_person, head):
    application = make_application(
        fire, person=make_person(last_name="ყიფიანი", personal_number="01009011111")
    )
    services.application_decide(
        application=application, actor=head, approved=True, amount=Decimal(2130), decided_on=DAY
    )
    client = client_for(ambrolauri, "council")
    assert client.get(f"{API}/applications/").status_code == 403
    assert client.get(f"{API}/applications/{application.pk}/").status_code == 403
    response = client.get(f"{API}/summary/?received_from=2025-06-01&received_to=2025-08-31")
    assert response.status_code == 200
    row = response.json()[0]
    assert row["code"] == "fire_aid" and row["total"] is None, "a single application is hidden"
    assert row["women"] is None and row["decided_amount"] is None
    head = client_for(ambrolauri, "head").get(
        f"{API}/summary/?received_from=2025-06-01&received_to=2025-08-31"
    )
    assert head.json()[0]["total"] == 1 and head.json()[0]["women"] == 1, "staff read exact figures"
    assert head.json()[0]["decided_amount"] == "2130.00"
    assert client.get(f"{API}/budget/?year=2025").status_code == 200
    text = response.content.decode() + client.get(f"{API}/budget/?year=2025").content.decode()
    assert "ყიფიანი" not in text and "01009011111" not in text


def test_the_register_api_filters_and_paginates(ambrolauri, fire, newborn, make_application):
    for _ in range(3):
        make_application(fire)
    make_application(newborn, channel="online")
    client = client_for(ambrolauri, "head")
    body = client.get(f"{API}/applications/?page_size=2").json()
    assert body["count"] == 4 and len(body["results"]) == 2
    assert client.get(f"{API}/applications/?service={newborn.pk}").json()["count"] == 1
    assert client.get(f"{API}/applications/?channel=online").json()["count"] == 1
    assert client.get(f"{API}/applications/?status=bogus").status_code == 400


def test_the_catalogue_is_edited_through_the_api(ambrolauri, programme):
    head = client_for(ambrolauri, "head")
    response = head.post(
        f"{API}/services/",
        {
            "programme": programme.pk,
            "code": "dialysis_aid",
            "name_ka": "დიალიზი",
            "kind": "monthly_cash",
            "amount_rule": "cap",
            "amount": "1200",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    response = head.patch(f"{API}/services/{pk}/", {"amount": "1500"}, content_type="application/json")
    assert response.json()["amount"] == "1500.00"
    response = head.post(
        f"{API}/budget/", {"service": pk, "planned": "18000"}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["planned"] == "18000.00"
    response = head.post(
        f"{API}/services/",
        {
            "programme": programme.pk,
            "code": "capped",
            "name_ka": "x",
            "kind": "in_kind",
            "amount_rule": "cap",
        },
        content_type="application/json",
    )
    assert response.status_code == 400 and "amount" in response.json()
    frontdesk = client_for(ambrolauri, "frontdesk")
    assert (
        frontdesk.patch(f"{API}/services/{pk}/", {"amount": "1"}, content_type="application/json").status_code
        == 403
    )
    assert len(frontdesk.get(f"{API}/programmes/").json()[0]["services"]) == 1


def test_the_openapi_schema_documents_the_programmes_api(ambrolauri):
    response = client_for(ambrolauri, "head").get("/api/schema/?format=json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in (
        "/api/v1/programmes/applications/",
        "/api/v1/programmes/applications/{id}/decide/",
        "/api/v1/programmes/budget/",
        "/api/v1/programmes/summary/",
        "/api/v1/programmes/services/{id}/",
    ):
        assert path in paths, path


def test_registration_is_corrected_through_the_api_until_decided(
    ambrolauri, fire, newborn, make_application, head
):
    application = make_application(fire)
    client = client_for(ambrolauri, "frontdesk")
    url = f"{API}/applications/{application.pk}/"
    response = client.patch(url, {"service": newborn.pk}, content_type="application/json")
    assert response.status_code == 200 and response.json()["service_code"] == "newborn_aid"
    assert response.json()["events"][-1]["action"] == "updated"
    services.application_decide(
        application=application, actor=head, approved=True, amount=None, decided_on=DAY
    )
    response = client.patch(url, {"channel": "online"}, content_type="application/json")
    assert response.status_code == 400 and "status" in response.json()


def test_consents_are_given_and_withdrawn_through_the_api(ambrolauri, make_person):
    person = make_person()
    client = client_for(ambrolauri, "frontdesk")
    response = client.post(
        f"{API}/persons/{person.pk}/consents/",
        {"purpose": "social_status_data", "given_on": "2025-07-01"},
        content_type="application/json",
    )
    assert response.status_code == 201
    consent_id = response.json()["id"]
    response = client.post(
        f"{API}/consents/{consent_id}/withdraw/",
        {"withdrawn_on": "2025-06-30"},
        content_type="application/json",
    )
    assert response.status_code == 400 and "withdrawn_on" in response.json()
    response = client.post(
        f"{API}/consents/{consent_id}/withdraw/",
        {"withdrawn_on": "2025-08-01"},
        content_type="application/json",
    )
    assert response.json()["withdrawn_on"] == "2025-08-01"
    assert client_for(ambrolauri, "council").get(f"{API}/persons/{person.pk}/consents/").status_code == 403


def test_a_commission_member_cannot_read_applications_through_the_api(ambrolauri, fire, make_application):
    application = make_application(fire)
    client = client_for(ambrolauri, "commission")
    assert client.get(f"{API}/applications/").status_code == 403
    assert client.get(f"{API}/applications/{application.pk}/").status_code == 403
    response = client.post(f"{API}/applications/{application.pk}/review/")
    assert response.status_code == 403, "putting it under review would answer with the applicant's data"
    application.refresh_from_db()
    assert application.status == Status.RECEIVED
    assert client.get(f"{API}/budget/?year=2025").status_code == 200


def test_an_api_registration_cannot_rename_an_existing_applicant_or_take_their_email(
    ambrolauri, fire, make_person
):
    person = make_person(
        personal_number="01001088888", first_name="ლია", last_name="სულაძე", email="lia@example.ge"
    )
    body = new_application(fire)
    body["applicant"].update(first_name="Attacker", last_name="Changed", email="attacker@evil.example")
    response = client_for(ambrolauri, "frontdesk").post(
        f"{API}/applications/", body, content_type="application/json"
    )
    assert response.status_code == 400
    errors = response.json()["applicant"]
    assert "სახელი, გვარი" in errors["personal_number"][0], "names the differing first and last name"
    person.refresh_from_db()
    assert (person.first_name, person.last_name, person.email) == ("ლია", "სულაძე", "lia@example.ge")
    assert not BenefitApplication.objects.exists()

    body["applicant"].update(first_name="ლია", last_name="სულაძე")
    response = client_for(ambrolauri, "frontdesk").post(
        f"{API}/applications/", body, content_type="application/json"
    )
    assert response.status_code == 400 and "email" in response.json()["applicant"]
    person.refresh_from_db()
    assert person.email == "lia@example.ge" and not BenefitApplication.objects.exists()


def test_contact_details_change_through_the_persons_record_and_the_change_is_kept(ambrolauri, make_person):
    person = make_person(email="lia@example.ge")
    url = f"{API}/persons/{person.pk}/"
    frontdesk = client_for(ambrolauri, "frontdesk")
    response = frontdesk.patch(url, {"email": "lia.new@example.ge"}, content_type="application/json")
    assert response.status_code == 200, response.json()
    assert response.json()["email"] == "lia.new@example.ge"
    assert [(e["actor"], e["changes"]) for e in response.json()["events"]] == [
        ("თამარ გელაშვილი", {"email": ["lia@example.ge", "lia.new@example.ge"]})
    ]
    assert frontdesk.patch(url, {"email": "nope"}, content_type="application/json").status_code == 400
    response = frontdesk.patch(url, {"first_name": "Attacker"}, content_type="application/json")
    assert response.status_code == 403, "only the head of service corrects who a person is"
    for username in ("council", "commission"):
        client = client_for(ambrolauri, username)
        assert (
            client.patch(url, {"email": "x@evil.example"}, content_type="application/json").status_code == 403
        )
        assert client.get(url).status_code == 403
    response = client_for(ambrolauri, "head").patch(
        url, {"first_name": "ლიანა"}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["first_name"] == "ლიანა"
    person.refresh_from_db()
    assert (person.first_name, person.email, person.events.count()) == ("ლიანა", "lia.new@example.ge", 2)


def test_an_api_registration_joins_the_household_given_like_the_register_page(ambrolauri, fire, make_person):
    parent = make_person(personal_number="01001055555", first_name="გელა", last_name="ქარჩავა", sex="male")
    client = client_for(ambrolauri, "frontdesk")
    response = client.post(
        f"{API}/applications/",
        new_application(fire, household_of="01001066666"),
        content_type="application/json",
    )
    assert response.status_code == 400 and "household_of" in response.json()
    assert not BenefitApplication.objects.exists()
    assert not Person.objects.filter(personal_number="01001088888").exists()

    response = client.post(
        f"{API}/applications/",
        new_application(fire, household_of="01001055555"),
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["applicant"]["household"] == parent.household_id
    applicant = BenefitApplication.objects.get().applicant
    assert applicant.household_id == parent.household_id
    assert applicant.consents.get().purpose == "social_status_data"


def test_the_application_detail_lists_the_steps_the_user_may_take_now(
    ambrolauri, fire, make_application, head
):
    application = make_application(fire)
    url = f"{API}/applications/{application.pk}/"
    frontdesk, head_client = client_for(ambrolauri, "frontdesk"), client_for(ambrolauri, "head")
    assert frontdesk.get(url).json()["allowed_actions"] == ["correct", "edit_applicant", "withdraw_consent"]
    assert head_client.get(url).json()["allowed_actions"] == [
        "review",
        "correct",
        "decide",
        "edit_applicant",
        "withdraw_consent",
    ]
    response = head_client.post(
        f"{API}/applications/{application.pk}/decide/",
        {"approved": True, "amount": "1000", "decided_on": "2025-07-03"},
        content_type="application/json",
    )
    assert response.json()["allowed_actions"] == ["pay", "edit_applicant", "withdraw_consent"]
    response = head_client.post(
        f"{API}/applications/{application.pk}/payments/",
        {"amount": "1000", "paid_on": "2025-07-04"},
        content_type="application/json",
    )
    assert response.json()["allowed_actions"] == ["end_service", "edit_applicant", "withdraw_consent"], (
        "paid in full: nothing is left to pay"
    )
    assert frontdesk.get(url).json()["allowed_actions"] == [
        "end_service",
        "edit_applicant",
        "withdraw_consent",
    ]
