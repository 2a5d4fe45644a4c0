"""The front desk's registration form: impossible personal numbers are refused on their field, and
nothing is stored."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from programmes import services
from programmes.models import BenefitApplication, Person
from tests.conftest import client_for

from .test_pages import register_form_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("number", ["00000000000", "11111111111", "99999999999"])
def test_a_personal_number_of_one_repeated_digit_is_refused_on_its_field(ambrolauri, fire, number):
    response = client_for(ambrolauri, "frontdesk").post(
        "/programmes/applications/new/", register_form_data(fire, personal_number=number)
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_personal_number_error"' in html and "პირადი ნომერი" in html
    assert not BenefitApplication.objects.exists() and not Person.objects.exists()


def test_the_service_refuses_an_all_zero_personal_number(frontdesk):
    with pytest.raises(ValidationError) as refused:
        services.person_register(
            actor=frontdesk, personal_number="00000000000", first_name="ა", last_name="ბ", sex="female"
        )
    assert "personal_number" in refused.value.message_dict
    assert not Person.objects.exists()


def test_an_ordinary_personal_number_is_accepted(frontdesk):
    person = services.person_register(
        actor=frontdesk, personal_number="01001012345", first_name="ა", last_name="ბ", sex="female"
    )
    assert person.personal_number == "01001012345"


def test_registering_the_same_person_again_while_the_first_is_open_warns_and_saves_nothing(ambrolauri, fire):
    client = client_for(ambrolauri, "frontdesk")
    assert client.post("/programmes/applications/new/", register_form_data(fire)).status_code == 302
    first = BenefitApplication.objects.get()
    response = client.post("/programmes/applications/new/", register_form_data(fire))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_duplicate_reason_error"' in html and first.number in html
    assert "?q=01001099999" in html  # a link to the applicant's applications
    assert BenefitApplication.objects.count() == 1


def test_with_a_reason_the_second_application_is_registered_and_the_reason_is_in_its_history(
    ambrolauri, fire
):
    client = client_for(ambrolauri, "frontdesk")
    client.post("/programmes/applications/new/", register_form_data(fire))
    first = BenefitApplication.objects.get()
    response = client.post(
        "/programmes/applications/new/", register_form_data(fire, duplicate_reason="ხანძარი განმეორდა")
    )
    assert response.status_code == 302
    second = BenefitApplication.objects.exclude(pk=first.pk).get()
    page = client.get(f"/programmes/applications/{second.pk}/").content.decode()
    assert "ხანძარი განმეორდა" in page and first.number in page


def test_once_the_first_is_decided_a_new_application_needs_no_reason(ambrolauri, fire, head):
    client = client_for(ambrolauri, "frontdesk")
    client.post("/programmes/applications/new/", register_form_data(fire))
    first = BenefitApplication.objects.get()
    services.application_decide(
        application=first, actor=head, approved=False, amount=None, reason="არა", decided_on=first.received_on
    )
    assert client.post("/programmes/applications/new/", register_form_data(fire)).status_code == 302
    assert BenefitApplication.objects.count() == 2


def test_the_api_refuses_a_second_open_application_naming_the_reason_field(
    ambrolauri, fire, make_application, make_person
):
    person = make_person(personal_number="01001055555")
    make_application(fire, person=person)
    payload = {
        "applicant": {
            "personal_number": "01001055555",
            "first_name": "ნინო",
            "last_name": "ჩიხლაძე",
            "sex": "female",
        },
        "service": fire.pk,
        "channel": "paper",
        "received_on": "2025-07-02",
    }
    client = client_for(ambrolauri, "frontdesk")
    response = client.post("/api/v1/programmes/applications/", payload, content_type="application/json")
    assert response.status_code == 400 and "duplicate_reason" in response.json()
    assert BenefitApplication.objects.count() == 1
