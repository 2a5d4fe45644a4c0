"""A social worker handles only the consents of people whose help in kind they deliver, not anyone's by id."""

from __future__ import annotations

import datetime

import pytest

from programmes import services
from tests.conftest import client_for

API = "/api/v1/programmes"
DAY = datetime.date(2025, 7, 1)


@pytest.fixture
def stranger(make_person, frontdesk):
    """Someone in the register the social worker has no business with, with one consent."""
    person = make_person()
    consent = services.consent_give(
        actor=frontdesk, person=person, purpose="social_status_data", given_on=DAY
    )
    return person, consent


def test_a_social_worker_cannot_list_record_or_withdraw_a_strangers_consents(ambrolauri, stranger):
    person, consent = stranger
    worker = client_for(ambrolauri, "worker")
    assert worker.get(f"{API}/persons/{person.pk}/consents/").status_code == 404
    response = worker.post(
        f"{API}/persons/{person.pk}/consents/",
        {"purpose": "social_status_data", "given_on": "2025-07-02"},
        content_type="application/json",
    )
    assert response.status_code == 404
    response = worker.post(
        f"{API}/consents/{consent.pk}/withdraw/",
        {"withdrawn_on": "2025-08-01"},
        content_type="application/json",
    )
    assert response.status_code == 404
    consent.refresh_from_db()
    assert consent.withdrawn_on is None


def test_a_social_worker_handles_the_consents_of_someone_whose_help_they_deliver(
    ambrolauri, head, meals, make_application, frontdesk
):
    application = make_application(meals)
    services.application_decide(
        application=application, actor=head, approved=True, amount=None, decided_on=DAY
    )
    person = application.applicant
    worker = client_for(ambrolauri, "worker")
    response = worker.post(
        f"{API}/persons/{person.pk}/consents/",
        {"purpose": "social_status_data", "given_on": "2025-07-02"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert [c["id"] for c in worker.get(f"{API}/persons/{person.pk}/consents/").json()] == [
        response.json()["id"]
    ]
    response = worker.post(
        f"{API}/consents/{response.json()['id']}/withdraw/",
        {"withdrawn_on": "2025-08-01"},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["withdrawn_on"] == "2025-08-01"


def test_the_front_desk_still_reaches_everyones_consents(ambrolauri, stranger):
    person, consent = stranger
    frontdesk = client_for(ambrolauri, "frontdesk")
    assert [c["id"] for c in frontdesk.get(f"{API}/persons/{person.pk}/consents/").json()] == [consent.pk]
