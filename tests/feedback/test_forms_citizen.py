"""What a citizen sees on the public form: no stray template text, and a submit limit that counts only
accepted submissions, lets a shared front-desk address through and never throws the answers away."""

from __future__ import annotations

import datetime

import pytest

from feedback import services
from feedback.models import Response
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

VALID = {
    "service": "veterans_aid",
    "q_documents_easy": "yes",
    "q_satisfaction": "4",
    "q_comment": "რიგი გრძელია",
}
INVALID = {"q_documents_easy": "yes", "q_satisfaction": "9", "q_comment": "რიგი გრძელია"}


def test_public_form_shows_no_template_comment(ambrolauri, catalogue, paper_form):
    html = client_for(ambrolauri).get("/f/annex-1/").content.decode()
    assert "The questions of a form version" not in html and "{#" not in html


def test_paper_entry_page_shows_no_template_comment(ambrolauri, catalogue, paper_form, frontdesk):
    batch = services.batch_open(
        actor=frontdesk, opened_on=datetime.date(2025, 6, 6), counted=2, form=paper_form
    )
    html = client_for(ambrolauri, "frontdesk").get(f"/feedback/batches/{batch.pk}/").content.decode()
    assert "The questions of a form version" not in html and "{#" not in html


def test_corrected_mistakes_do_not_count_towards_the_submit_limit(
    ambrolauri, catalogue, paper_form, settings, frozen_clock
):
    settings.FEEDBACK_SUBMIT_RATE = "2/m"
    client = client_for(ambrolauri)
    assert [client.post("/f/annex-1/", INVALID).status_code for _ in range(3)] == [400, 400, 400]
    assert client.post("/f/annex-1/", VALID).status_code == 302
    assert Response.objects.count() == 1


def test_refused_submission_keeps_the_answers_on_the_page(
    ambrolauri, catalogue, paper_form, settings, frozen_clock
):
    settings.FEEDBACK_SUBMIT_RATE = "1/m"
    assert client_for(ambrolauri).post("/f/annex-1/", VALID).status_code == 302
    page = client_for(ambrolauri).post("/f/annex-1/", dict(VALID, q_comment="მეორე მოქალაქე"))
    html = page.content.decode()
    assert page.status_code == 429
    assert "მეორე მოქალაქე" in html
    assert '<option value="veterans_aid" selected>' in html
    assert Response.objects.count() == 1


def test_many_citizens_at_one_front_desk_tablet_are_accepted_by_default(
    ambrolauri, catalogue, paper_form, frozen_clock
):
    client = client_for(ambrolauri)
    codes = {client.post("/f/annex-1/", VALID).status_code for _ in range(25)}
    assert codes == {302}
    assert Response.objects.count() == 25


def test_a_flood_of_attempts_is_stopped_with_the_answers_kept(
    ambrolauri, catalogue, paper_form, settings, frozen_clock
):
    settings.FEEDBACK_SUBMIT_FLOOD_RATE = "3/m"
    client = client_for(ambrolauri)
    codes = [client.post("/f/annex-1/", INVALID).status_code for _ in range(3)]
    refused = client.post("/f/annex-1/", VALID)
    assert codes == [400, 400, 400] and refused.status_code == 429
    assert "რიგი გრძელია" in refused.content.decode()
    assert not Response.objects.exists()
