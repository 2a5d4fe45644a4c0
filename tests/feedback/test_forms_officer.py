"""The front desk's and the feedback officer's forms: days in the future refused on their field, and a
form that failed reopens with its errors listed at the top."""

from __future__ import annotations

import datetime

import pytest

from feedback.models import BoxBatch, RegistryComment, Report, WorkingMeeting
from municipal_platform.clock import today
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def tomorrow() -> str:
    return (today() + datetime.timedelta(days=1)).isoformat()


def registry_data(**overrides) -> dict:
    data = {
        "received_on": today().isoformat(),
        "channel": "paper",
        "kind": "comment",
        "about": "process",
        "text": "რიგი გრძელი იყო",
        "reply": "",
    }
    data.update(overrides)
    return data


def test_a_registry_comment_dated_tomorrow_is_refused_on_its_field(ambrolauri, catalogue):
    response = client_for(ambrolauri, "frontdesk").post(
        "/feedback/registry/", registry_data(received_on=tomorrow())
    )
    html = response.content.decode()
    assert "მომავალში" in html and 'id="error-summary"' in html
    assert not RegistryComment.objects.exists()


def test_the_registry_form_reopens_after_an_error_with_a_summary(ambrolauri, catalogue):
    response = client_for(ambrolauri, "frontdesk").post("/feedback/registry/", registry_data(text="   "))
    html = response.content.decode()
    assert "<details open>" in html
    assert 'id="error-summary"' in html and 'href="#id_text"' in html
    assert not RegistryComment.objects.exists()


def test_a_box_opening_dated_tomorrow_is_refused_on_its_field(ambrolauri, catalogue, paper_form):
    response = client_for(ambrolauri, "frontdesk").post(
        "/feedback/batches/", {"form": paper_form.pk, "opened_on": tomorrow(), "counted": 2}
    )
    html = response.content.decode()
    assert "მომავალში" in html and 'href="#id_opened_on"' in html
    assert not BoxBatch.objects.exists()


def test_a_meeting_dated_tomorrow_is_refused_and_the_form_reopens(ambrolauri, catalogue):
    response = client_for(ambrolauri, "officer").post(
        "/feedback/meetings/", {"held_on": tomorrow(), "participants": "ნ. ბერიძე", "agenda": "ანგარიში"}
    )
    html = response.content.decode()
    assert "<details open>" in html and 'href="#id_held_on"' in html and "მომავალში" in html
    assert not WorkingMeeting.objects.exists()


def test_a_reversed_report_period_is_refused_on_its_field_without_a_database_message(ambrolauri, catalogue):
    response = client_for(ambrolauri, "officer").post(
        "/feedback/reports/", {"title": "ივნისი", "period_from": "2025-06-30", "period_to": "2025-06-01"}
    )
    html = response.content.decode()
    assert "Constraint" not in html and "violated" not in html
    assert 'id="error-summary"' in html and 'href="#id_period_to"' in html
    assert not Report.objects.exists()
