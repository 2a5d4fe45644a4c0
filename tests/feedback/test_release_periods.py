"""Feedback figures released to council members and citizens: the reporting calendar's ended periods and
years only, one set of figures per period, and never a period short enough to single out a response."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django_tenants.utils import schema_context

from feedback import selectors, services
from feedback.models import Report
from municipal_platform.accounts.models import User
from municipal_platform.periods import Period
from tests.conftest import client_for

API = "/api/v1/feedback/reports/summary/"
SUMMER = f"{API}?from=2025-06-01&to=2025-08-31"


def test_council_member_asking_for_a_month_is_told_the_reporting_periods(seeded):
    response = client_for(seeded, "council").get(f"{API}?from=2025-06-01&to=2025-06-30")
    assert response.status_code == 400
    message = response.json()["from"][0]
    assert "2025-06-01 – 2025-08-31" in message and "2025-09-01 – 2025-11-30" in message


def test_council_member_reads_the_published_reports_figures_for_its_period(seeded):
    figures = client_for(seeded, "council").get(SUMMER).json()
    report = Report.objects.filter(status=Report.Status.PUBLISHED).get()
    with schema_context(seeded.schema_name):
        published = selectors.public_figures(report.figures, selectors.settings_get().suppression_threshold)
    assert figures == published
    assert (figures["applications"], figures["responses"]) == (244, 96)


def test_council_member_reads_a_reporting_year_hiding_every_cell_hidden_in_one_of_its_periods(seeded):
    year = client_for(seeded, "council").get(f"{API}?from=2025-06-01&to=2026-05-31").json()
    summer = client_for(seeded, "council").get(SUMMER).json()
    assert year["period"] == {"from": "2025-06-01", "to": "2026-05-31"}
    for key in ("applications", "responses", "women", "men", "unidentified_service"):
        if summer[key] is None:
            assert year[key] is None, key
    summer_services = {s["code"]: s for s in summer["services"]}
    for service in year["services"]:
        for field in ("responses", "women", "men"):
            if summer_services.get(service["code"], {}).get(field, 0) is None:
                assert service[field] is None, (service["code"], field)


def test_a_period_that_has_not_ended_is_not_released(seeded):
    response = client_for(seeded, "council").get(f"{API}?from=2026-12-01&to=2027-02-28")
    assert response.status_code == 400 and list(response.json()) == ["from"]


def test_staff_cannot_ask_for_less_than_a_month(seeded):
    officer = client_for(seeded, "officer")
    response = officer.get(f"{API}?from=2025-08-29&to=2025-08-29")
    assert response.status_code == 400 and list(response.json()) == ["to"]
    assert officer.get(f"{API}?from=2025-06-01&to=2025-06-30").status_code == 200


@pytest.fixture
def approved_report(seeded):
    with schema_context(seeded.schema_name):
        officer, head = User.objects.get(username="officer"), User.objects.get(username="head")

        def make(first: datetime.date, last: datetime.date) -> Report:
            report = services.report_create(actor=officer, title="x", period_from=first, period_to=last)
            return services.report_approve(actor=head, report=report)

        yield make, head


def test_a_report_is_published_only_for_a_reporting_period(seeded, approved_report):
    make, head = approved_report
    with schema_context(seeded.schema_name):
        report = make(datetime.date(2025, 7, 1), datetime.date(2025, 9, 30))
        with pytest.raises(ValidationError) as refused:
            services.report_publish(actor=head, report=report)
        assert list(refused.value.message_dict) == ["period_from"]
        report.refresh_from_db()
        assert report.status == Report.Status.APPROVED
        report.delete()


def test_a_second_report_of_a_published_period_is_not_published(seeded, approved_report):
    make, head = approved_report
    with schema_context(seeded.schema_name):
        report = make(datetime.date(2025, 6, 1), datetime.date(2025, 8, 31))
        with pytest.raises(ValidationError) as refused:
            services.report_publish(actor=head, report=report)
        assert refused.value.message_dict == {"period_from": ["ამ პერიოდის ანგარიში უკვე გამოქვეყნებულია."]}
        report.delete()


def test_the_demo_mission_table_is_unchanged(seeded):
    with schema_context(seeded.schema_name):
        figures = selectors.feedback_summary(
            period=Period(datetime.date(2025, 6, 1), datetime.date(2025, 8, 31))
        )
    assert (figures["applications"], figures["responses"], figures["women"], figures["men"]) == (
        244,
        96,
        57,
        39,
    )
    assert figures["unidentified_service"] == 3


def test_a_published_year_report_shows_the_year_as_released_not_its_own_snapshot(seeded, approved_report):
    make, head = approved_report
    year = Period(datetime.date(2025, 6, 1), datetime.date(2026, 5, 31))
    with schema_context(seeded.schema_name):
        report = services.report_publish(actor=head, report=make(year.first_day, year.last_day))
        released = selectors.released_figures(period=year)
    try:
        page = client_for(seeded).get(f"/reports/{report.pk}/")
        assert page.context["figures"] == released
        summer = client_for(seeded, "council").get(SUMMER).json()
        for key in ("women", "men"):
            if summer[key] is None:
                assert page.context["figures"][key] is None
    finally:
        with schema_context(seeded.schema_name):
            Report.objects.filter(pk=report.pk).delete()
