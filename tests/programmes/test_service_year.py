"""An application belongs to the programme of the year it was received in."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from programmes import services
from programmes.models import BenefitApplication, Service
from tests.conftest import client_for
from tests.programmes.test_pages import register_form_data


@pytest.fixture
def fire_2026(head) -> Service:
    programme = services.programme_create(
        actor=head,
        year=2026,
        code="social_protection",
        name_ka="სოციალური დაცვის პროგრამა 2026",
        name_en="Social protection programme 2026",
    )
    return services.service_create(
        actor=head,
        programme=programme,
        code="fire_aid",
        name_ka="ხანძრით დაზარალებულთა დახმარება",
        name_en="Fire aid",
        kind=Service.Kind.ONE_TIME_CASH,
    )


def test_a_2026_application_cannot_be_registered_against_the_2025_programme(fire, make_application):
    with pytest.raises(ValidationError) as error:
        make_application(fire, received_on=datetime.date(2026, 1, 15))
    assert "service" in error.value.message_dict
    assert (
        "2025" in error.value.message_dict["service"][0] and "2026" in error.value.message_dict["service"][0]
    )
    assert not BenefitApplication.objects.exists()


def test_an_application_outside_the_services_active_dates_is_refused(fire, head, make_application):
    Service.objects.filter(pk=fire.pk).update(active_from=datetime.date(2025, 3, 1))
    fire.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        make_application(fire, received_on=datetime.date(2025, 2, 28))
    assert "service" in error.value.message_dict
    assert not BenefitApplication.objects.exists()
    assert make_application(fire, received_on=datetime.date(2025, 3, 1)).service == fire


def test_a_correction_cannot_move_an_application_into_another_years_programme(
    fire, fire_2026, frontdesk, make_application
):
    application = make_application(fire, received_on=datetime.date(2025, 12, 30))
    with pytest.raises(ValidationError) as error:
        services.application_update(application=application, actor=frontdesk, service=fire_2026)
    assert "service" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.application_update(
            application=application, actor=frontdesk, received_on=datetime.date(2026, 1, 2)
        )
    application.refresh_from_db()
    assert (application.service, application.received_on) == (fire, datetime.date(2025, 12, 30))
    assert not application.events.filter(action="updated").exists()


def test_the_register_form_groups_services_by_year_and_names_the_wrong_service(ambrolauri, fire, fire_2026):
    client = client_for(ambrolauri, "frontdesk")
    page = client.get("/programmes/applications/new/").content.decode()
    assert page.index('<optgroup label="2026') < page.index('<optgroup label="2025"'), "this year's first"
    response = client.post(
        "/programmes/applications/new/", register_form_data(fire, received_on="2026-01-15")
    )
    assert response.status_code == 200
    assert "service" in response.context["form"].errors
    assert not BenefitApplication.objects.exists()
    response = client.post(
        "/programmes/applications/new/", register_form_data(fire_2026, received_on="2026-01-15")
    )
    assert response.status_code == 302
    assert BenefitApplication.objects.get().service.programme.year == 2026
