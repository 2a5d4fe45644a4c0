"""Committed data for the accessibility checks (tests/e2e/test_accessibility.py): the journey's programme
and service (tests/programmes/journey_data.py) with one registered application, so that the register,
the application page and the summary have rows. `python -m tests.e2e.accessibility_data seed|cleanup`;
`seed` prints the application's id.
"""

from __future__ import annotations

import datetime
import sys

from tests.programmes import journey_data


def seed() -> int:
    from django_tenants.utils import schema_context

    from municipal_platform.accounts.models import User
    from programmes import services
    from programmes.models import Service

    journey_data.seed()
    with schema_context("ambrolauri"):
        frontdesk = User.objects.get(username="frontdesk")
        person = services.person_register(
            actor=frontdesk,
            personal_number="01027066666",
            first_name="ეთერ",
            last_name="ხიდეშელი",
            sex="female",
            email="",
        )
        application = services.application_register(
            actor=frontdesk,
            applicant=person,
            service=Service.objects.get(code=journey_data.SERVICE_CODE),
            channel="paper",
            received_on=datetime.date(2025, 7, 14),
        )
        return application.pk


if __name__ == "__main__":
    import django

    django.setup()
    if sys.argv[1] == "seed":
        print(seed())
    else:
        journey_data.cleanup()
