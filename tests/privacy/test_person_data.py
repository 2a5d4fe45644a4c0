"""A person's data request: the copy (JSON and PDF, page and API) and erasure where the law allows, with
decisions and payments kept and the reason shown; both recorded in the person's history."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from programmes import services
from programmes.models import BenefitApplication, Consent, Household, Payment, Person, PersonEvent
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def nino(frontdesk, head, newborn, make_person, make_application):
    """A person with contact details, a household, a consent, a decided and paid application."""
    person = make_person(
        first_name="ნინო",
        phone="599 12 34 56",
        email="nino@example.ge",
        birth_date=datetime.date(1990, 5, 1),
        settlement="ამბროლაური",
        address="რუსთაველის 5",
    )
    services.consent_give(
        actor=frontdesk,
        person=person,
        purpose=Consent.Purpose.SOCIAL_STATUS_DATA,
        given_on=datetime.date(2025, 7, 1),
    )
    application = make_application(newborn, person=person)
    services.application_decide(
        application=application,
        actor=head,
        approved=True,
        amount=Decimal(500),
        decided_on=datetime.date(2025, 7, 5),
    )
    services.payment_record(
        application=application, actor=head, amount=Decimal(500), paid_on=datetime.date(2025, 7, 10)
    )
    person.refresh_from_db()
    return person


def test_the_copy_holds_every_record_of_the_person_and_is_recorded(nino, head):
    data = json.loads(services.person_data_export(actor=head, person=nino, fmt="json"))
    assert data["person"]["personal_number"] == nino.personal_number
    assert data["person"]["phone"] == "599 12 34 56"
    assert data["household"]["address"] == "რუსთაველის 5"
    assert [c["purpose"] for c in data["consents"]] == ["social_status_data"]
    (application,) = data["applications"]
    assert (application["status"], application["decided_amount"]) == ("paid", "500.00")
    assert application["payments"] == [{"paid_on": "2025-07-10", "amount": "500.00"}]
    assert [e["action"] for e in application["history"]][:2] == ["registered", "approved"]
    assert nino.events.filter(action=PersonEvent.Action.DATA_EXPORTED, actor=head).exists()

    pdf = services.person_data_export(actor=head, person=nino, fmt="pdf")
    assert pdf.startswith(b"%PDF")
    assert nino.events.filter(action=PersonEvent.Action.DATA_EXPORTED).count() == 2


def test_only_the_head_of_service_may_export_or_erase(nino, frontdesk):
    with pytest.raises(PermissionDenied):
        services.person_data_export(actor=frontdesk, person=nino, fmt="json")
    with pytest.raises(PermissionDenied):
        services.person_erase(actor=frontdesk, person=nino, reason="asked")


def test_erasure_keeps_decisions_and_payments_and_says_why(nino, head):
    household_pk = nino.household_id
    plan = services.person_erase(actor=head, person=nino, reason="written request of 2025-09-01")
    nino.refresh_from_db()
    assert (nino.phone, nino.email, nino.birth_date, nino.household_id) == ("", "", None, None)
    assert not Household.objects.filter(pk=household_pk).exists()
    assert not nino.consents.exists()
    # the decision names its person: name and number stay, the application and payment stay
    assert nino.first_name == "ნინო" and len(nino.personal_number) == 11
    assert BenefitApplication.objects.filter(applicant=nino, status="paid").exists()
    assert Payment.objects.filter(application__applicant=nino).count() == 1
    assert any(nino.applications.get().number in line for line in plan.kept)
    assert "public money" in plan.reason_kept
    erased = nino.events.get(action=PersonEvent.Action.ERASED)
    assert erased.actor == head and erased.changes["erasure_reason"] == "written request of 2025-09-01"
    assert "public money" in erased.changes["why_kept"]
    # earlier history no longer holds the old values
    assert all(e.changes == {} for e in nino.events.exclude(pk=erased.pk))

    with pytest.raises(ValidationError) as refused:
        services.person_erase(actor=head, person=nino, reason="again")
    assert "person" in refused.value.message_dict


def test_a_person_with_no_decision_is_erased_entirely(make_person, head):
    person = make_person(first_name="გიორგი", email="g@example.ge")
    services.person_erase(actor=head, person=person, reason="request")
    person.refresh_from_db()
    assert (person.first_name, person.last_name, person.email) == ("—", "—", "")
    assert person.personal_number.startswith("X")
    assert not Person.objects.filter(first_name="გიორგი").exists()


def test_erasure_is_refused_without_a_reason_or_while_an_application_is_undecided(
    make_person, make_application, newborn, head
):
    person = make_person()
    with pytest.raises(ValidationError) as no_reason:
        services.person_erase(actor=head, person=person, reason="  ")
    assert "reason" in no_reason.value.message_dict
    application = make_application(newborn, person=person)
    with pytest.raises(ValidationError) as undecided:
        services.person_erase(actor=head, person=person, reason="request")
    assert application.number in undecided.value.message_dict["person"][0]
    person.refresh_from_db()
    assert not person.events.filter(action=PersonEvent.Action.ERASED).exists()


def test_the_page_shows_the_plan_and_erases(nino, ambrolauri):
    client = client_for(ambrolauri, "head")
    page = client.get(f"/programmes/persons/{nino.pk}/data/")
    assert page.status_code == 200
    text = page.content.decode()
    assert nino.applications.get().number in text and 'id="why-kept"' in text

    download = client.get(f"/programmes/persons/{nino.pk}/data.pdf")
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert download.content.startswith(b"%PDF")
    assert client.get(f"/programmes/persons/{nino.pk}/data.xml").status_code == 302

    refused = client.post(f"/programmes/persons/{nino.pk}/erase/", {"reason": ""})
    assert refused.status_code == 200 and 'id="id_reason_error"' in refused.content.decode()
    done = client.post(f"/programmes/persons/{nino.pk}/erase/", {"reason": "request"}, follow=True)
    assert 'id="erased-notice"' in done.content.decode()

    assert client_for(ambrolauri, "frontdesk").get(f"/programmes/persons/{nino.pk}/data/").status_code == 403


def test_the_api(nino, ambrolauri):
    client = client_for(ambrolauri, "head")
    data = client.get(f"/api/v1/programmes/persons/{nino.pk}/data/")
    assert data.status_code == 200 and data.json()["person"]["email"] == "nino@example.ge"
    pdf = client.get(f"/api/v1/programmes/persons/{nino.pk}/data/pdf/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")

    bad = client.post(f"/api/v1/programmes/persons/{nino.pk}/erase/", {}, content_type="application/json")
    assert bad.status_code == 400 and "reason" in bad.json()
    done = client.post(
        f"/api/v1/programmes/persons/{nino.pk}/erase/", {"reason": "request"}, content_type="application/json"
    )
    assert done.status_code == 200 and done.json()["kept"]
    assert client.get("/api/v1/programmes/persons/999999/data/").status_code == 404
    frontdesk = client_for(ambrolauri, "frontdesk")
    assert frontdesk.get(f"/api/v1/programmes/persons/{nino.pk}/data/").status_code == 403


def test_erasure_of_a_child_in_a_case_keeps_the_case_file_and_its_referral_consent(make_person, head, users):
    """A child and family case is a child-protection record: erasing the child's mother removes her
    contact details but keeps the name, the household and the consent the case's referral rests on (and
    nothing in the register refuses: no error page)."""
    from child_support.models import Case, CaseChild, Referral

    mother = make_person(first_name="მარიამი", phone="599 00 00 01", settlement="წყალტუბო", address="ა 1")
    child = Person.objects.create(
        first_name="ლუკა",
        last_name="ბერიძე",
        personal_number="01001012345",
        birth_date=datetime.date(2018, 3, 1),
        sex="male",
        household=mother.household,
    )
    kept_consent = Consent.objects.create(
        person=mother, purpose=Consent.Purpose.REFERRAL, given_on=datetime.date(2025, 1, 5)
    )
    other_consent = Consent.objects.create(
        person=mother, purpose=Consent.Purpose.CONTACT_BY_EMAIL, given_on=datetime.date(2025, 1, 5)
    )
    case = Case.objects.create(
        year=2025,
        sequence=1,
        household=mother.household,
        source=Case.Source.FAMILY,
        opened_on=datetime.date(2025, 1, 2),
        assigned_worker=users["worker"],
        created_by=users["worker"],
    )
    CaseChild.objects.create(case=case, person=child, schooling=CaseChild.Schooling.SCHOOL)
    Referral.objects.create(
        case=case,
        kind=Referral.Kind.HEALTH,
        target="polyclinic",
        referred_on=datetime.date(2025, 1, 6),
        consent=kept_consent,
        created_by=users["worker"],
    )

    plan = services.person_erase(actor=head, person=mother, reason="written request")
    mother.refresh_from_db()
    assert (mother.phone, mother.first_name, mother.household_id) == ("", "მარიამი", case.household_id)
    assert list(Consent.objects.filter(person=mother)) == [kept_consent]
    assert not Consent.objects.filter(pk=other_consent.pk).exists()
    assert any(case.number in str(line) for line in plan.kept)
    assert "child-protection record" in plan.reason_kept

    services.person_erase(actor=head, person=child, reason="request of the guardian")
    child.refresh_from_db()
    assert (child.personal_number, child.birth_date) == ("01001012345", datetime.date(2018, 3, 1))
