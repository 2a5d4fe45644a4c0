"""The head of service's decision page: nothing decided by one click, a confirmation naming the applicant
and the amount before anything is saved."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine

from programmes import services
from programmes.models import BenefitApplication
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

DAY = "2025-07-03"


@pytest.fixture
def application(make_application, make_person, fire):
    person = make_person(first_name="ეთერ", last_name="ხიდეშელი", personal_number="01027077771")
    return make_application(fire, person=person, requested_amount=2000)


def _url(application):
    return f"/programmes/applications/{application.pk}/decide/"


def test_decision_form_comes_with_nothing_preselected(head_client, application):
    html = head_client.get(_url(application)).content.decode()
    assert " checked" not in html
    assert not re.search(r'<input[^>]*name="(amount|decided_on)"[^>]*value=', html)


def test_approving_asks_a_confirmation_naming_applicant_and_amount_and_saves_nothing(
    head_client, application
):
    response = head_client.post(_url(application), {"approved": "yes", "amount": "1500", "decided_on": DAY})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="confirmation"' in html
    assert "ეთერ ხიდეშელი" in html and "01027077771" in html and "1500" in html
    application.refresh_from_db()
    assert application.status == BenefitApplication.Status.RECEIVED
    assert application.decided_on is None and application.decided_amount is None


def test_confirmed_approval_is_saved(head_client, application):
    data = {"approved": "yes", "amount": "1500", "decided_on": DAY, "confirmed": "1"}
    assert head_client.post(_url(application), data).status_code == 302
    application.refresh_from_db()
    assert (application.status, application.decided_amount) == (BenefitApplication.Status.APPROVED, 1500)
    assert application.decided_on == datetime.date(2025, 7, 3)


def test_refusing_asks_a_confirmation_naming_the_applicant(head_client, application):
    response = head_client.post(
        _url(application), {"approved": "no", "reason": "არ აკმაყოფილებს", "decided_on": DAY}
    )
    html = response.content.decode()
    assert 'id="confirmation"' in html and "ეთერ ხიდეშელი" in html
    application.refresh_from_db()
    assert application.status == BenefitApplication.Status.RECEIVED


def test_a_decision_the_service_refuses_shows_the_error_before_any_confirmation(head_client, application):
    response = head_client.post(_url(application), {"approved": "yes", "amount": "3500", "decided_on": DAY})
    html = response.content.decode()
    assert response.status_code == 422
    assert 'id="confirmation"' not in html and 'id="id_amount_error"' in html
    application.refresh_from_db()
    assert application.status == BenefitApplication.Status.RECEIVED


def test_the_head_sees_the_applications_waiting_for_a_decision_longest_first_with_days_waited(
    head_client, make_application, fire, head
):
    older = make_application(fire, received_on=datetime.date(2025, 7, 1))
    newer = make_application(fire, received_on=datetime.date(2025, 7, 8))
    decided = make_application(fire, received_on=datetime.date(2025, 6, 20))
    services.application_decide(
        application=decided,
        actor=head,
        approved=False,
        amount=None,
        reason="არა",
        decided_on=datetime.date(2025, 7, 3),
    )
    with time_machine.travel(datetime.datetime(2025, 7, 11, 12, tzinfo=datetime.UTC), tick=False):
        html = head_client.get("/programmes/applications/waiting/").content.decode()
    rows = re.findall(r'<tr data-number="([^"]+)">.*?<td class="days-waiting">(\d+)</td>', html, re.S)
    assert rows == [(older.number, "10"), (newer.number, "3")]


def test_the_front_desk_cannot_open_the_decision_queue(ambrolauri):
    assert client_for(ambrolauri, "frontdesk").get("/programmes/applications/waiting/").status_code == 403
