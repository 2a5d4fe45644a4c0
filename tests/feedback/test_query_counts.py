"""Lists and reports cost the same number of queries for one row as for many (no N+1)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from feedback import services
from tests.conftest import client_for

from .conftest import valid_answers

pytestmark = pytest.mark.django_db
DAY = datetime.date(2025, 6, 6)


def queries(client, url: str) -> int:
    client.get(url)  # warm the per-process caches (tenant lookup, content types)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx)


def add_batch(frontdesk, paper_form, comment: str) -> None:
    batch = services.batch_open(user=frontdesk, opened_on=DAY, counted=1, form=paper_form)
    services.batch_response_enter(
        user=frontdesk, batch=batch, data={"answers": valid_answers(comment=comment)}
    )


def add_meeting(officer, report, catalogue) -> None:
    meeting = services.meeting_record(user=officer, held_on=DAY, participants="A", agenda="B", report=report)
    services.decision_add(
        user=officer, meeting=meeting, change="x", responsible="y", service=catalogue["newborn_aid"]
    )


def test_lists_cost_the_same_for_one_and_many_rows(
    ambrolauri, frontdesk, officer, head, paper_form, catalogue
):
    client = client_for(ambrolauri, "officer")
    add_batch(frontdesk, paper_form, "გაზარდეთ თანხა")
    report = services.report_create(
        user=officer, title="Q", period_from=DAY, period_to=DAY + datetime.timedelta(days=1)
    )
    add_meeting(officer, report, catalogue)
    urls = [
        "/feedback/batches/",
        "/feedback/comments/",
        "/feedback/reports/",
        "/feedback/meetings/",
        f"/feedback/reports/{report.pk}/",
        "/feedback/registry/",
        "/feedback/",
    ]
    before = {url: queries(client, url) for url in urls}
    for i in range(4):
        add_batch(frontdesk, paper_form, f"კმაყოფილი ვარ {i}")
        add_meeting(officer, report, catalogue)
        services.registry_comment_record(user=frontdesk, received_on=DAY, text=f"კითხვა {i}")
    services.report_create(
        user=officer, title="Q2", period_from=DAY, period_to=DAY + datetime.timedelta(days=2)
    )
    after = {url: queries(client, url) for url in urls}
    assert after == before


def test_public_report_costs_the_same_for_one_and_many_decisions(
    ambrolauri, officer, head, catalogue, frontdesk, paper_form
):
    add_batch(frontdesk, paper_form, "მადლობა")
    report = services.report_create(
        user=officer, title="Q", period_from=DAY, period_to=DAY + datetime.timedelta(days=1)
    )
    services.report_approve(user=head, report=report)
    services.report_publish(user=head, report=report)
    add_meeting(officer, report, catalogue)
    anonymous = client_for(ambrolauri)
    one = queries(anonymous, f"/reports/{report.pk}/")
    for _ in range(5):
        add_meeting(officer, report, catalogue)
    assert queries(anonymous, f"/reports/{report.pk}/") == one
