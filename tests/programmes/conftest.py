"""Small builders for the programmes tests: a 2025 programme with three kinds of service, and people."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal

import pytest
from django.utils import translation

from programmes import services
from programmes.models import Programme, Service

_numbers = itertools.count(1)


@pytest.fixture(autouse=True)
def _english_messages():
    """Service-layer messages in English for assertions; pages still follow the request (Georgian)."""
    with translation.override("en"):
        yield


def personal_number() -> str:
    return f"12{next(_numbers):09d}"


@pytest.fixture
def programme(head) -> Programme:
    return services.programme_create(
        actor=head,
        year=2025,
        code="social_protection",
        name_ka="სოციალური დაცვის პროგრამა",
        name_en="Social protection programme",
    )


@pytest.fixture
def newborn(head, programme) -> Service:
    """Fixed 500 GEL, planned 10,000."""
    service = services.service_create(
        actor=head,
        programme=programme,
        code="newborn_aid",
        name_ka="ახალშობილთა ოჯახების დახმარება",
        name_en="Newborn aid",
        kind=Service.Kind.ONE_TIME_CASH,
        amount_rule=Service.AmountRule.FIXED,
        amount=Decimal(500),
    )
    services.budget_line_set(actor=head, service=service, planned=Decimal(10000))
    return service


@pytest.fixture
def fire(head, programme) -> Service:
    """Up to a cap of 3,000 GEL, planned 15,000."""
    service = services.service_create(
        actor=head,
        programme=programme,
        code="fire_aid",
        name_ka="ხანძრით დაზარალებულთა დახმარება",
        name_en="Fire aid",
        kind=Service.Kind.ONE_TIME_CASH,
        amount_rule=Service.AmountRule.CAP,
        amount=Decimal(3000),
    )
    services.budget_line_set(actor=head, service=service, planned=Decimal(15000))
    return service


@pytest.fixture
def meals(head, programme) -> Service:
    """A service without money."""
    return services.service_create(
        actor=head,
        programme=programme,
        code="free_daily_meal",
        name_ka="უფასო კვება",
        name_en="Free meal",
        kind=Service.Kind.SERVICE,
    )


@pytest.fixture
def make_person(frontdesk):
    def make(**kwargs):
        values = {
            "personal_number": personal_number(),
            "first_name": "ნინო",
            "last_name": "ჩიხლაძე",
            "sex": "female",
            "email": "",
        }
        values.update(kwargs)
        return services.person_register(actor=frontdesk, **values)

    return make


@pytest.fixture
def make_application(frontdesk, make_person):
    def make(service, *, received_on=datetime.date(2025, 7, 1), channel="paper", person=None, **kwargs):
        return services.application_register(
            actor=frontdesk,
            applicant=person or make_person(),
            service=service,
            channel=channel,
            received_on=received_on,
            **kwargs,
        )

    return make
