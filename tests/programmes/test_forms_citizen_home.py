"""The municipality's start page tells a citizen what they may apply for this year, who may apply, what
to bring, and where and when the office is open."""

from __future__ import annotations

import datetime

import pytest

from municipal_platform.clock import today
from municipal_platform.middleware import clear_tenant_cache
from programmes import services
from tenants.models import Municipality
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def this_years_catalogue(head):
    year = today().year
    programme = services.programme_create(
        actor=head, year=year, code=f"social_{year}", name_ka="სოციალური პროგრამა"
    )
    services.service_create(
        actor=head,
        programme=programme,
        code="newborn",
        name_ka="ახალშობილის დახმარება",
        kind="one_time_cash",
        eligibility="ოჯახი, რომელშიც ბავშვი დაიბადა",
        documents="დაბადების მოწმობა, მშობლის პირადობის მოწმობა",
        amount_rule="fixed",
        amount=500,
    )
    services.service_create(
        actor=head,
        programme=programme,
        code="closed",
        name_ka="დახურული მომსახურება",
        kind="service",
        active_from=datetime.date(year, 1, 1),
        active_to=today() - datetime.timedelta(days=1),
    )
    last_year = services.programme_create(
        actor=head, year=year - 1, code=f"social_{year - 1}", name_ka="შარშანდელი პროგრამა"
    )
    services.service_create(
        actor=head, programme=last_year, code="old", name_ka="შარშანდელი მომსახურება", kind="service"
    )


def test_start_page_lists_this_years_open_services_with_who_may_apply_and_documents(
    ambrolauri, this_years_catalogue
):
    Municipality.objects.filter(pk=ambrolauri.pk).update(
        office_address="ამბროლაური, კოსტავას ქ. 13", office_hours="ორშ-პარ 9:00-18:00"
    )
    clear_tenant_cache()
    html = client_for(ambrolauri).get("/").content.decode()
    assert "ახალშობილის დახმარება" in html
    assert "ოჯახი, რომელშიც ბავშვი დაიბადა" in html and "დაბადების მოწმობა" in html
    assert "ამბროლაური, კოსტავას ქ. 13" in html and "ორშ-პარ 9:00-18:00" in html
    assert "დახურული მომსახურება" not in html and "შარშანდელი მომსახურება" not in html


def test_start_page_without_a_catalogue_or_address_shows_no_empty_section(ambrolauri):
    Municipality.objects.filter(pk=ambrolauri.pk).update(office_address="", office_hours="")
    clear_tenant_cache()
    html = client_for(ambrolauri).get("/").content.decode()
    assert 'id="apply"' not in html


def test_the_demo_start_page_says_where_and_when_to_apply(ambrolauri):
    page = client_for(ambrolauri).get("/").content.decode()
    assert 'id="office"' in page and "კოსტავას ქ. 13" in page and "9:00–18:00" in page
