"""The public anonymous form and its API: what a citizen sends, and every bad input answered with 400
naming the field and nothing stored."""

from __future__ import annotations

import json

import pytest

from feedback.models import Answer, Response
from tests.conftest import client_for

from .conftest import valid_answers

pytestmark = pytest.mark.django_db


def post_api(municipality, payload, code="annex-1"):
    return client_for(municipality).post(
        f"/api/v1/feedback/forms/{code}/responses/", data=json.dumps(payload), content_type="application/json"
    )


def test_citizen_fills_the_public_form_without_login(ambrolauri, catalogue, paper_form):
    client = client_for(ambrolauri)
    page = client.get("/f/annex-1/")
    assert page.status_code == 200
    assert "დოკუმენტების შეგროვება" in page.content.decode()
    response = client.post(
        "/f/annex-1/",
        {
            "service": "newborn_aid",
            "sex": "female",
            "q_documents_easy": "yes",
            "q_satisfaction": "5",
            "q_comment": "მადლობა",
        },
    )
    assert response.status_code == 302 and response["Location"].endswith("/f/annex-1/thanks/")
    stored = Response.objects.get()
    assert (stored.channel, stored.sex, stored.service.code) == ("online", "female", "newborn_aid")
    assert stored.answers.get(question__code="satisfaction").number == 5


def test_form_definition_api_is_public(ambrolauri, catalogue, paper_form):
    data = client_for(ambrolauri).get("/api/v1/feedback/forms/annex-1/").json()
    assert [q["code"] for q in data["questions"]][:3] == ["knew_services", "info_source", "documents_easy"]
    assert {s["code"] for s in data["services"]} == {"newborn_aid", "veterans_aid"}


def test_api_submission_is_recorded(ambrolauri, catalogue, paper_form):
    response = post_api(ambrolauri, {"service": "not_sure", "answers": valid_answers()})
    assert response.status_code == 201
    assert Response.objects.get().service is None


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"answers": valid_answers(satisfaction=6)}, "answers.satisfaction"),
        ({"answers": valid_answers(satisfaction=0)}, "answers.satisfaction"),
        ({"answers": valid_answers(satisfaction="5.5")}, "answers.satisfaction"),
        ({"answers": valid_answers(bogus_question=1)}, "answers.bogus_question"),
        ({"answers": valid_answers(comment="ა" * 2001)}, "answers.comment"),
        ({"answers": valid_answers(documents_easy="maybe")}, "answers.documents_easy"),
        ({"answers": valid_answers(info_source="tv")}, "answers.info_source"),
        ({"answers": {"satisfaction": 5}}, "answers.documents_easy"),  # required
        ({"service": "no_such_service", "answers": valid_answers()}, "service"),
        ({"sex": "other", "answers": valid_answers()}, "sex"),
        ({"answers": valid_answers(), "email": "x@example.ge"}, "email"),
        # values of the wrong JSON type (these were 500s)
        ({"answers": valid_answers(documents_easy=["yes"])}, "answers.documents_easy"),
        ({"answers": valid_answers(documents_easy={})}, "answers.documents_easy"),
        ({"answers": valid_answers(documents_easy=1.5)}, "answers.documents_easy"),
        ({"answers": valid_answers(satisfaction=[5])}, "answers.satisfaction"),
        ({"answers": valid_answers(satisfaction={"v": 5})}, "answers.satisfaction"),
        ({"answers": valid_answers(info_source=["staff"])}, "answers.info_source"),
        ({"answers": valid_answers(info_source={"staff": 1})}, "answers.info_source"),
        ({"answers": valid_answers(comment=["text"])}, "answers.comment"),
        ({"sex": ["female"], "answers": valid_answers()}, "sex"),
        ({"sex": {"a": 1}, "answers": valid_answers()}, "sex"),
        ({"age_band": ["18-29"], "answers": valid_answers()}, "age_band"),
        ({"service": ["newborn_aid"], "answers": valid_answers()}, "service"),
        ({"answers": ["documents_easy"]}, "answers"),
    ],
)
def test_bad_input_is_refused_naming_the_field(ambrolauri, catalogue, paper_form, payload, field):
    response = post_api(ambrolauri, payload)
    assert response.status_code == 400
    assert field in response.json()
    assert not Response.objects.exists() and not Answer.objects.exists()


def test_html_form_shows_the_error_next_to_the_question(ambrolauri, catalogue, paper_form):
    response = client_for(ambrolauri).post("/f/annex-1/", {"q_documents_easy": "yes", "q_satisfaction": "9"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="e-satisfaction"' in html
    assert not Response.objects.exists()


def test_unknown_posted_question_is_named(ambrolauri, catalogue, paper_form):
    response = client_for(ambrolauri).post(
        "/f/annex-1/", {"q_documents_easy": "yes", "q_satisfaction": "4", "q_hack": "1"}
    )
    assert response.status_code == 400
    assert "hack: უცნობი კითხვა." in response.content.decode()


def test_anonymous_submissions_are_rate_limited_per_client(
    ambrolauri, catalogue, paper_form, settings, frozen_clock
):
    settings.FEEDBACK_SUBMIT_RATE = "2/m"  # the frozen clock keeps the minute from rolling over
    codes = [post_api(ambrolauri, {"answers": valid_answers()}).status_code for _ in range(3)]
    assert codes == [201, 201, 429]
    assert Response.objects.count() == 2
    html = client_for(ambrolauri).post("/f/annex-1/", {"q_documents_easy": "yes", "q_satisfaction": "4"})
    assert html.status_code == 429


def test_closed_form_accepts_nothing(ambrolauri, catalogue, paper_form):
    paper_form.is_active = False
    paper_form.save()
    assert (
        client_for(ambrolauri)
        .post("/f/annex-1/", {"q_documents_easy": "yes", "q_satisfaction": "4"})
        .status_code
        == 200
    )
    assert post_api(ambrolauri, {"answers": valid_answers()}).status_code == 404
    assert not Response.objects.exists()


def test_paper_form_pdf_has_a_qr_code(ambrolauri, catalogue, paper_form):
    response = client_for(ambrolauri, "frontdesk").get("/feedback/forms/annex-1/pdf/")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert b"/Subtype /Image" in response.content


def test_both_standard_forms_ship_with_every_municipality(in_tskaltubo):
    from feedback.models import Form

    forms = {f.code: f for f in Form.objects.filter(is_standard=True)}
    assert set(forms) == {"annex-1", "annex-2"}
    assert forms["annex-1"].kind == "paper" and forms["annex-2"].kind == "electronic"
    assert forms["annex-2"].versions.get(is_current=True).questions.filter(code="documents_easy").exists()


def test_public_form_in_english_shows_the_english_questions(ambrolauri, catalogue, paper_form):
    client = client_for(ambrolauri)
    client.post("/i18n/setlang/", {"language": "en", "next": "/f/annex-1/"})
    html = client.get("/f/annex-1/").content.decode()
    assert "Was it easy to collect the documents the service requires?" in html
    assert "Not sure / not stated" in html


def test_paper_form_pdf_embeds_the_georgian_and_latin_fonts(ambrolauri, catalogue, paper_form):
    content = client_for(ambrolauri, "frontdesk").get("/feedback/forms/annex-1/pdf/").content
    assert b"NotoSansGeorgian" in content and b"NotoSans-Regular" in content


@pytest.mark.parametrize("value", [["yes"], {}, [["amount"]], [{"a": 1}], 3])
def test_the_electronic_form_refuses_answers_of_the_wrong_type_naming_the_field(
    ambrolauri, catalogue, email_form, value
):
    for code in ("documents_easy", "improve"):
        payload = {"answers": {"documents_easy": "yes", "satisfaction": 4, code: value}}
        response = post_api(ambrolauri, payload, code="annex-2")
        assert response.status_code == 400, (code, value)
        assert f"answers.{code}" in response.json()
    assert not Response.objects.exists()
