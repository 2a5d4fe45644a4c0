"""Committed data for the accessibility checks (tests/e2e/test_accessibility.py): the journey's programme
and service (tests/programmes/journey_data.py) with one registered application, so that the register,
the application page and the summary have rows. `python -m tests.e2e.accessibility_data seed|cleanup`;
`seed` prints the application's id and the id of a published report (the last finished reporting period).
"""

from __future__ import annotations

import datetime
import sys

from tests.programmes import journey_data

REPORT_TITLE = "e2e accessibility report"


def seed() -> tuple[int, int]:
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
        report = _published_report()
        return application.pk, report.pk


def _published_report():
    from feedback import services as feedback_services
    from municipal_platform.accounts.models import User
    from municipal_platform.clock import today
    from municipal_platform.disclosure import reporting_calendar

    officer = User.objects.get(username="officer")
    head = User.objects.get(username="head")
    calendar = reporting_calendar()
    period = calendar.period(calendar.index_of(today()) - 1)  # the last finished reporting period
    report = feedback_services.report_create(
        actor=officer, title=REPORT_TITLE, period_from=period.first_day, period_to=period.last_day
    )
    feedback_services.report_approve(actor=head, report=report)
    return feedback_services.report_publish(actor=head, report=report)


def cleanup() -> None:
    from django_tenants.utils import schema_context

    from feedback.models import Report

    journey_data.cleanup()
    with schema_context("ambrolauri"):
        Report.objects.filter(title=REPORT_TITLE).delete()


if __name__ == "__main__":
    import django

    django.setup()
    if sys.argv[1] == "seed":
        cleanup()
        print(*seed())
    else:
        cleanup()
