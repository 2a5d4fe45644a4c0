"""A published report can be withdrawn (the reason shown on the public page in its place) and replaced by a
corrected version that says what changed; the earlier version stays readable to staff."""

from __future__ import annotations

import datetime

import pytest

from feedback import services
from feedback.models import Report
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(catalogue, officer, head):
    report = services.report_create(
        actor=officer,
        title="ზაფხულის ანგარიში",
        period_from=datetime.date(2025, 6, 1),
        period_to=datetime.date(2025, 8, 31),
    )
    services.report_approve(actor=head, report=report)
    return services.report_publish(actor=head, report=report)


def test_head_withdraws_a_published_report_and_citizens_read_the_reason_in_its_place(ambrolauri, published):
    response = client_for(ambrolauri, "head").post(
        f"/feedback/reports/{published.pk}/withdraw/", {"reason": "ციფრებში შეცდომა აღმოჩნდა"}
    )
    assert response.status_code == 302
    published.refresh_from_db()
    assert published.status == Report.Status.WITHDRAWN
    public = client_for(ambrolauri).get(f"/reports/{published.pk}/").content.decode()
    assert "ციფრებში შეცდომა აღმოჩნდა" in public and 'id="withdrawn"' in public
    assert 'id="services-table"' not in public and "/pdf/" not in public
    staff = client_for(ambrolauri, "officer").get(f"/feedback/reports/{published.pk}/")
    assert staff.status_code == 200 and "ციფრებში შეცდომა აღმოჩნდა" in staff.content.decode()


def test_a_withdrawal_without_a_reason_is_refused_and_changes_nothing(ambrolauri, published):
    response = client_for(ambrolauri, "head").post(
        f"/feedback/reports/{published.pk}/withdraw/", {"reason": " "}, follow=True
    )
    assert "მიზეზი" in response.content.decode()
    published.refresh_from_db()
    assert published.status == Report.Status.PUBLISHED


def test_a_corrected_version_replaces_the_published_one_saying_what_changed(ambrolauri, published, head):
    response = client_for(ambrolauri, "officer").post(
        f"/feedback/reports/{published.pk}/correct/", {"note": "შესწორდა ვეტერანების რიცხვი"}
    )
    correction = Report.objects.exclude(pk=published.pk).get()
    assert response.status_code == 302 and response["Location"] == f"/feedback/reports/{correction.pk}/"
    assert (correction.status, correction.corrects_id) == (Report.Status.DRAFT, published.pk)
    services.report_approve(actor=head, report=correction)
    services.report_publish(actor=head, report=correction)
    published.refresh_from_db()
    assert published.status == Report.Status.WITHDRAWN
    new_page = client_for(ambrolauri).get(f"/reports/{correction.pk}/").content.decode()
    assert "შესწორდა ვეტერანების რიცხვი" in new_page
    old_page = client_for(ambrolauri).get(f"/reports/{published.pk}/").content.decode()
    assert f"/reports/{correction.pk}/" in old_page and "შესწორდა ვეტერანების რიცხვი" in old_page
    assert client_for(ambrolauri, "officer").get(f"/feedback/reports/{published.pk}/").status_code == 200
