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


@pytest.fixture
def recorded(frontdesk):
    from feedback import services

    return services.registry_comment_record(
        actor=frontdesk, received_on=datetime.date(2025, 6, 2), text="რიგი გრძელი იყო", about="process"
    )


def test_a_registry_row_is_corrected_and_its_history_shows_old_and_new(ambrolauri, catalogue, recorded):
    client = client_for(ambrolauri, "frontdesk")
    response = client.post(
        f"/feedback/registry/{recorded.pk}/correct/",
        registry_data(received_on="2025-06-03", text="რიგი ძალიან გრძელი იყო", about="process"),
    )
    assert response.status_code == 302
    recorded.refresh_from_db()
    assert (recorded.received_on, recorded.text) == (datetime.date(2025, 6, 3), "რიგი ძალიან გრძელი იყო")
    html = client.get(f"/feedback/registry/{recorded.pk}/correct/").content.decode()
    assert "2025-06-02 → 2025-06-03" in html
    assert "რიგი გრძელი იყო → რიგი ძალიან გრძელი იყო" in html


def test_a_registry_correction_into_the_future_is_refused_and_changes_nothing(
    ambrolauri, catalogue, recorded
):
    response = client_for(ambrolauri, "frontdesk").post(
        f"/feedback/registry/{recorded.pk}/correct/", registry_data(received_on=tomorrow(), about="process")
    )
    html = response.content.decode()
    assert "მომავალში" in html and 'href="#id_received_on"' in html
    recorded.refresh_from_db()
    assert recorded.received_on == datetime.date(2025, 6, 2) and recorded.events.count() == 1
