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
