"""Committed data for the browser journey (tests/e2e/test_programmes_journey.py).

Browser tests run inside the test transaction, which the web server cannot see, so this module is
run in a subprocess of its own against the test database: `python -m tests.programmes.journey_data
seed|cleanup`. `seed` prints the id of the service it made.
"""

from __future__ import annotations

import sys
from decimal import Decimal

PROGRAMME_CODE = "e2e_journey"
SERVICE_CODE = "e2e_fire_aid"


def seed() -> int:
    from django_tenants.utils import schema_context

    from municipal_platform.accounts.models import User
    from programmes import services

    cleanup()
    with schema_context("ambrolauri"):
        head = User.objects.get(username="head")
        programme = services.programme_create(
            actor=head,
            year=2025,
            code=PROGRAMME_CODE,
            name_ka="სატესტო პროგრამა",
            name_en="Journey programme",
        )
        service = services.service_create(
            actor=head,
            programme=programme,
            code=SERVICE_CODE,
            name_ka="ხანძრით დაზარალებულთა დახმარება (ტესტი)",
            name_en="Fire aid (journey)",
            kind="one_time_cash",
            amount_rule="cap",
            amount=Decimal(3000),
        )
        services.budget_line_set(actor=head, service=service, planned=Decimal(15000))
        return service.pk


def cleanup() -> None:
    """Remove the journey's programme and everything hanging off it."""
    from django_tenants.utils import schema_context

    from programmes.models import (
        ApplicationEvent,
        BenefitApplication,
        BudgetLine,
        Consent,
        Household,
        Payment,
        Person,
        Programme,
        Service,
    )

    with schema_context("ambrolauri"):
        services_qs = Service.objects.filter(programme__code=PROGRAMME_CODE)
        applications = BenefitApplication.objects.filter(service__in=services_qs)
        people = list(applications.values_list("applicant_id", flat=True))
        households = list(Person.objects.filter(pk__in=people).values_list("household_id", flat=True))
        ApplicationEvent.objects.filter(application__in=applications).delete()
        Payment.objects.filter(application__in=applications).delete()
        applications.delete()
        Consent.objects.filter(person__in=people).delete()
        Person.objects.filter(pk__in=people).delete()
        Household.objects.filter(pk__in=households).delete()
        BudgetLine.objects.filter(service__in=services_qs).delete()
        services_qs.delete()
        Programme.objects.filter(code=PROGRAMME_CODE).delete()


if __name__ == "__main__":
    import django

    django.setup()
    if sys.argv[1] == "seed":
        print(seed())
    else:
        cleanup()
