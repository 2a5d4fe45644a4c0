"""Collect: box batches with keyboard entry of paper forms, closing rules, the comment registry, themes,
and form versioning."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from feedback import selectors, services
from feedback.models import Answer, BoxBatch, CommentTheme, Response
from municipal_platform.periods import Period
from tests.conftest import client_for

from .conftest import valid_answers

pytestmark = pytest.mark.django_db
DAY = datetime.date(2025, 6, 6)


@pytest.fixture
def batch(frontdesk, paper_form, catalogue):
    return services.batch_open(actor=frontdesk, opened_on=DAY, counted=2, form=paper_form)


def test_front_desk_records_a_box_opening_and_enters_forms(ambrolauri, catalogue, paper_form):
    client = client_for(ambrolauri, "frontdesk")
    response = client.post(
        "/feedback/batches/", {"form": paper_form.pk, "opened_on": "2025-06-06", "counted": 2}
    )
    assert response.status_code == 302
    batch = BoxBatch.objects.get()
    page = client.post(
        f"/feedback/batches/{batch.pk}/",
        {
            "service": "veterans_aid",
            "sex": "male",
            "q_documents_easy": "yes",
            "q_satisfaction": "4",
            "submitted_on": "2025-06-04",
        },
    )
    assert page.status_code == 302
    html = client.get(f"/feedback/batches/{batch.pk}/").content.decode()
    assert '<span id="entered">1</span>' in html and '<span id="counted">2</span>' in html
    response = Response.objects.get()
    assert (response.channel, response.submitted_on, response.batch_id) == (
        "paper",
        datetime.date(2025, 6, 4),
        batch.pk,
    )


def test_paper_form_with_a_bad_value_is_not_saved(ambrolauri, batch):
    client = client_for(ambrolauri, "frontdesk")
    page = client.post(f"/feedback/batches/{batch.pk}/", {"q_documents_easy": "yes", "q_satisfaction": "7"})
    assert page.status_code == 400
    assert not Response.objects.exists()


def test_form_dated_after_the_box_opening_is_refused(frontdesk, batch):
    with pytest.raises(ValidationError) as exc:
        services.batch_response_enter(
            actor=frontdesk, batch=batch, data={"answers": valid_answers(), "submitted_on": "2025-06-07"}
        )
    assert "submitted_on" in exc.value.error_dict


def test_batch_cannot_close_with_a_difference_and_no_reason(frontdesk, batch):
    services.batch_response_enter(actor=frontdesk, batch=batch, data={"answers": valid_answers()})
    with pytest.raises(ValidationError) as exc:
        services.batch_close(actor=frontdesk, batch=batch, reason="  ")
    assert "close_reason" in exc.value.error_dict
    batch.refresh_from_db()
    assert batch.status == "open"
    services.batch_close(actor=frontdesk, batch=batch, reason="one form was blank")
    batch.refresh_from_db()
    assert (batch.status, batch.close_reason) == ("closed", "one form was blank")


def test_batch_closes_without_reason_when_all_forms_are_entered(frontdesk, batch):
    for _ in range(2):
        services.batch_response_enter(actor=frontdesk, batch=batch, data={"answers": valid_answers()})
    assert services.batch_close(actor=frontdesk, batch=batch).status == "closed"
    with pytest.raises(ValidationError):
        services.batch_response_enter(actor=frontdesk, batch=batch, data={"answers": valid_answers()})


def test_closing_page_shows_the_difference(ambrolauri, batch):
    client = client_for(ambrolauri, "frontdesk")
    response = client.post(f"/feedback/batches/{batch.pk}/close/", {"reason": ""}, follow=True)
    assert "0" in response.content.decode() and BoxBatch.objects.get().status == "open"


def test_council_member_cannot_enter_forms(ambrolauri, users, batch):
    assert client_for(ambrolauri, "council").get(f"/feedback/batches/{batch.pk}/").status_code == 403
    with pytest.raises(PermissionDenied):
        services.batch_response_enter(actor=users["council"], batch=batch, data={"answers": valid_answers()})


def test_comment_registry_records_comments_about_the_form(ambrolauri, frontdesk):
    client = client_for(ambrolauri, "frontdesk")
    response = client.post(
        "/feedback/registry/",
        {
            "received_on": "2025-06-10",
            "channel": "paper",
            "kind": "question",
            "about": "form",
            "text": "კითხვა 3 გაუგებარია",
        },
    )
    assert response.status_code == 302
    assert "კითხვა 3 გაუგებარია" in client.get("/feedback/registry/").content.decode()


def test_keyword_rules_suggest_a_theme_and_the_analyst_confirms(officer, batch, frontdesk):
    services.batch_response_enter(
        actor=frontdesk, batch=batch, data={"answers": valid_answers(comment="გთხოვთ გაზარდოთ თანხა")}
    )
    assert selectors.theme_suggest("გთხოვთ გაზარდოთ თანხა").code == "more_aid"
    tagged = services.answers_accept_suggestions(
        actor=officer, period=Period(DAY - datetime.timedelta(days=30), DAY)
    )
    assert tagged == 1
    theme = CommentTheme.objects.get(code="more_aid")
    assert theme.answers.count() == 1


def test_editing_a_form_with_responses_makes_a_new_version(officer, paper_form, batch, frontdesk):
    services.batch_response_enter(actor=frontdesk, batch=batch, data={"answers": valid_answers()})
    old = paper_form.versions.get(is_current=True)
    questions = [{"code": "satisfaction", "kind": "scale", "text_ka": "კმაყოფილება", "required": True}]
    new = services.form_questions_set(actor=officer, form=paper_form, questions=questions)
    assert new.number == old.number + 1
    old.refresh_from_db()
    assert not old.is_current
    assert old.questions.filter(code="documents_easy").exists()  # the old response keeps its questions
    assert Response.objects.get().version == old
    # a version without responses is edited in place
    again = services.form_questions_set(actor=officer, form=paper_form, questions=questions)
    assert again.pk == new.pk


def test_form_builder_page_creates_a_form(ambrolauri, officer, catalogue):
    client = client_for(ambrolauri, "officer")
    data = {
        "code": "home-care",
        "kind": "other",
        "title_ka": "შინ მოვლის შეფასება",
        "asks_service": "on",
        "is_active": "on",
        "q-TOTAL_FORMS": "2",
        "q-INITIAL_FORMS": "0",
        "q-MIN_NUM_FORMS": "0",
        "q-MAX_NUM_FORMS": "1000",
        "q-0-code": "visits",
        "q-0-kind": "single",
        "q-0-text_ka": "რამდენად ხშირად?",
        "q-0-choices": "weekly | კვირაში ერთხელ | weekly\ndaily | ყოველდღე",
        "q-1-code": "",
        "q-1-kind": "scale",
        "q-1-text_ka": "",
    }
    response = client.post("/feedback/forms/new/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    public = client_for(ambrolauri).get("/f/home-care/")
    assert "კვირაში ერთხელ" in public.content.decode()


def test_weekly_box_reminder_goes_out_once_when_no_box_was_opened(
    in_ambrolauri, frontdesk, paper_form, django_capture_on_commit_callbacks
):
    from django.core import mail

    monday = datetime.date(2026, 11, 30)
    with django_capture_on_commit_callbacks(execute=True):  # the outbox's relay runs on commit
        sent = services.box_reminder_send(on=monday)
    assert sent >= 1 and len(mail.outbox) == 1
    assert "frontdesk@ambrolauri.example.ge" in mail.outbox[0].to
    assert services.box_reminder_send(on=monday) == 0  # once a day
    services.batch_open(actor=frontdesk, opened_on=monday, counted=3, form=paper_form)
    assert services.box_reminder_send(on=monday + datetime.timedelta(days=1)) == 0  # the box was opened


@pytest.fixture
def a_comment(frontdesk, batch) -> Answer:
    services.batch_response_enter(
        actor=frontdesk, batch=batch, data={"answers": valid_answers(comment="გთხოვთ გაზარდოთ თანხა")}
    )
    return Answer.objects.get(question__code="comment")


# the period fields of the comments page as the user reads them
FROM_LABEL, TO_LABEL = "პერიოდის დასაწყისი", "პერიოდის ბოლო დღე (ჩათვლით)"


@pytest.mark.parametrize("field, label", [("from", FROM_LABEL), ("to", TO_LABEL)])
def test_accepting_suggestions_with_a_bad_date_names_the_field_and_tags_nothing(
    ambrolauri, a_comment, field, label
):
    response = client_for(ambrolauri, "officer").post(
        "/feedback/comments/accept-suggestions/", {field: "not-a-date"}
    )
    assert response.status_code == 400
    assert f"{label}: " in response.content.decode()
    a_comment.refresh_from_db()
    assert a_comment.theme is None


def test_accepting_suggestions_for_a_period_that_ends_before_it_starts_names_its_last_day(
    ambrolauri, a_comment
):
    response = client_for(ambrolauri, "officer").post(
        "/feedback/comments/accept-suggestions/", {"from": "2025-06-30", "to": "2025-06-01"}
    )
    assert response.status_code == 400
    assert f"{TO_LABEL}: პერიოდი ვერ დასრულდება მის დაწყებამდე." in response.content.decode()
    a_comment.refresh_from_db()
    assert a_comment.theme is None


def test_accepting_suggestions_tags_the_comments_of_the_last_day_of_the_period(ambrolauri, a_comment):
    day = a_comment.submitted_on.isoformat()
    response = client_for(ambrolauri, "officer").post(
        "/feedback/comments/accept-suggestions/", {"from": day, "to": day}
    )
    assert response.status_code == 302
    a_comment.refresh_from_db()
    assert a_comment.theme.code == "more_aid"


def test_the_comments_filter_includes_its_last_day_and_refuses_a_backward_period(ambrolauri, a_comment):
    client = client_for(ambrolauri, "officer")
    day = a_comment.submitted_on
    on_the_day = client.get(f"/feedback/comments/?from={day - datetime.timedelta(days=7)}&to={day}")
    assert on_the_day.status_code == 200 and [a.pk for a in on_the_day.context["rows"]] == [a_comment.pk]
    before = client.get(f"/feedback/comments/?to={day - datetime.timedelta(days=1)}")
    assert list(before.context["rows"]) == []
    backwards = client.get(f"/feedback/comments/?from={day}&to={day - datetime.timedelta(days=1)}")
    assert backwards.status_code == 400
    assert f"{TO_LABEL}: პერიოდი ვერ დასრულდება მის დაწყებამდე." in backwards.content.decode()


def test_tagging_with_a_theme_that_is_not_an_id_is_refused(ambrolauri, a_comment):
    response = client_for(ambrolauri, "officer").post(
        f"/feedback/comments/{a_comment.pk}/tag/", {"theme": "x"}
    )
    assert response.status_code == 400 and "თემა: " in response.content.decode()
    a_comment.refresh_from_db()
    assert a_comment.theme is None


@pytest.mark.parametrize(
    "target", ["https://evil.example/phish", "//evil.example/", "http://ambrolauri.localhost.evil.example/"]
)
def test_tagging_never_sends_the_officer_to_another_site(ambrolauri, a_comment, target):
    theme = CommentTheme.objects.get(code="more_aid")
    response = client_for(ambrolauri, "officer").post(
        f"/feedback/comments/{a_comment.pk}/tag/", {"theme": theme.pk, "next": target}
    )
    assert response.status_code == 302 and response["Location"] == "/feedback/comments/"
    a_comment.refresh_from_db()
    assert a_comment.theme == theme


def test_tagging_returns_to_the_filtered_comment_list(ambrolauri, a_comment):
    back = "/feedback/comments/?from=2025-06-01"
    response = client_for(ambrolauri, "officer").post(
        f"/feedback/comments/{a_comment.pk}/tag/", {"next": back}
    )
    assert response["Location"] == back


def test_saving_a_theme_with_a_bad_row_id_adds_a_theme_instead_of_failing(ambrolauri):
    response = client_for(ambrolauri, "officer").post(
        "/feedback/themes/",
        {"pk": "abc", "new-code": "new_theme", "new-name_ka": "ახალი", "new-position": "9"},
    )
    assert response.status_code == 302
    assert CommentTheme.objects.filter(code="new_theme").exists()


def builder_post(form, **changes) -> dict:
    """The form builder's POST for ``form`` as it stands, with ``changes``; one question row."""
    data = {
        "code": form.code,
        "kind": form.kind,
        "title_ka": form.title_ka,
        "title_en": form.title_en,
        "asks_service": "on",
        "is_active": "on",
        "q-TOTAL_FORMS": "1",
        "q-INITIAL_FORMS": "0",
        "q-MIN_NUM_FORMS": "0",
        "q-MAX_NUM_FORMS": "1000",
        "q-0-code": "satisfaction",
        "q-0-kind": "scale",
        "q-0-text_ka": "კმაყოფილება",
    }
    data.update(changes)
    return data


def test_a_rejected_form_builder_post_changes_nothing(ambrolauri, paper_form):
    title = paper_form.title_ka
    # a choice question without choices: refused by the service after the form's settings validated
    post = builder_post(paper_form, title_ka="ახალი სათაური", **{"q-0-kind": "single", "q-0-choices": ""})
    response = client_for(ambrolauri, "officer").post(f"/feedback/forms/{paper_form.code}/edit/", post)
    assert response.status_code == 200 and "ახალი სათაური" in response.content.decode()  # shown for fixing
    paper_form.refresh_from_db()
    assert paper_form.title_ka == title
    assert client_for(ambrolauri).get("/f/annex-1/").content.decode().count(title) >= 1
    assert paper_form.versions.get(is_current=True).questions.filter(code="documents_easy").exists()


def test_the_code_of_a_form_with_responses_cannot_change(ambrolauri, paper_form, batch, frontdesk):
    services.batch_response_enter(actor=frontdesk, batch=batch, data={"answers": valid_answers()})
    response = client_for(ambrolauri, "officer").post(
        "/feedback/forms/annex-1/edit/", builder_post(paper_form, code="annex-1-new")
    )
    assert response.status_code == 200
    assert 'id="id_code"' in response.content.decode()
    paper_form.refresh_from_db()
    assert paper_form.code == "annex-1"
    assert client_for(ambrolauri).get("/f/annex-1/").status_code == 200


def test_the_code_of_a_form_that_sent_invitations_cannot_change(officer, email_form, make_application):
    from programmes.models import BenefitApplication
    from programmes.signals import service_ended

    service_ended.send(sender=BenefitApplication, application=make_application())
    with pytest.raises(ValidationError) as refused:
        services.form_update(
            actor=officer,
            form=email_form,
            settings={"code": "annex-2b"},
            questions=[{"code": "satisfaction", "kind": "scale", "text_ka": "კმაყოფილება"}],
        )
    assert "code" in refused.value.error_dict
    email_form.refresh_from_db()
    assert email_form.code == "annex-2"


def test_the_code_of_an_unused_form_can_change(ambrolauri, officer):
    form = services.form_create(actor=officer, code="draft-form", title_ka="სამუშაო", questions=[])
    response = client_for(ambrolauri, "officer").post(
        "/feedback/forms/draft-form/edit/", builder_post(form, code="home-care")
    )
    assert response.status_code == 302 and response["Location"].endswith("/feedback/forms/home-care/")


def test_box_batches_are_listed_newest_first(ambrolauri):
    from django_tenants.utils import schema_context

    from feedback.models import Form
    from municipal_platform.accounts.models import User

    with schema_context("ambrolauri"):
        form = Form.objects.filter(kind="paper").first()
        frontdesk = User.objects.get(username="frontdesk")
        for day in ("2025-06-13", "2025-08-08", "2025-07-01"):
            BoxBatch.objects.create(form=form, opened_on=day, counted=0, opened_by=frontdesk)
    page = client_for(ambrolauri, "frontdesk").get("/feedback/batches/").content.decode()
    positions = [page.index(day) for day in ("2025-08-08", "2025-07-01", "2025-06-13")]
    assert positions == sorted(positions)


def test_a_rejected_paper_form_names_the_field_by_its_label_and_focuses_it(ambrolauri, batch):
    client = client_for(ambrolauri, "frontdesk")
    answers = {"q_documents_easy": "yes", "q_satisfaction": "4"}
    page = client.post(f"/feedback/batches/{batch.pk}/", {**answers, "submitted_on": "2025-06-07"})
    assert page.status_code == 400
    html = page.content.decode()
    alert = html.split('role="alert"')[1].split("</div>")[0]
    assert "submitted_on" not in alert and "წარდგენის თარიღი: " in alert
    assert html.count(" autofocus") == 1
    day_input = html.split('id="f-day"')[1].split(">")[0]
    assert "autofocus" in day_input and 'aria-invalid="true"' in day_input
    assert not Response.objects.exists()


def test_after_a_wrong_answer_the_focus_is_on_that_question(ambrolauri, batch):
    client = client_for(ambrolauri, "frontdesk")
    html = client.post(
        f"/feedback/batches/{batch.pk}/", {"q_documents_easy": "yes", "q_satisfaction": "7"}
    ).content.decode()
    assert html.count(" autofocus") == 1
    satisfaction = html.split('id="q-satisfaction"')[1].split("</fieldset>")[0]
    assert " autofocus" in satisfaction
    # a fresh form starts at its first field
    fresh = client.get(f"/feedback/batches/{batch.pk}/").content.decode()
    assert fresh.count(" autofocus") == 1 and " autofocus" in fresh.split('id="f-service"')[1].split(">")[0]


def test_each_theme_form_has_its_own_field_ids_so_labels_point_to_their_inputs(ambrolauri, officer):
    import re

    html = client_for(ambrolauri, "officer").get("/feedback/themes/").content.decode()
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(CommentTheme.objects.all()) > 1
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    for target in re.findall(r'<label for="([^"]+)"', html):
        assert target in ids, target


def test_editing_a_theme_saves_that_theme_only(ambrolauri, officer):
    theme = CommentTheme.objects.order_by("id").first()
    prefix = f"theme-{theme.pk}"
    response = client_for(ambrolauri, "officer").post(
        "/feedback/themes/",
        {
            "pk": theme.pk,
            f"{prefix}-code": theme.code,
            f"{prefix}-name_ka": "ახალი სახელი",
            f"{prefix}-keywords": "",
            f"{prefix}-position": "3",
        },
    )
    assert response.status_code == 302
    theme.refresh_from_db()
    assert (theme.name_ka, theme.position) == ("ახალი სახელი", 3)


def test_a_rejected_theme_edit_is_shown_open_in_its_own_row(ambrolauri, officer):
    theme = CommentTheme.objects.order_by("id").first()
    prefix = f"theme-{theme.pk}"
    response = client_for(ambrolauri, "officer").post(
        "/feedback/themes/",
        {"pk": theme.pk, f"{prefix}-code": "", f"{prefix}-name_ka": "x", f"{prefix}-position": "1"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<details open>" in html and f'id="id_{prefix}-code"' in html
    assert CommentTheme.objects.filter(pk=theme.pk, name_ka="x").count() == 0


def test_the_box_batch_list_names_the_form_by_its_title(ambrolauri, batch, paper_form):
    page = client_for(ambrolauri, "frontdesk").get("/feedback/batches/").content.decode()
    row = page.split('<table id="batches">')[1].split("</table>")[0]
    assert f"<td>{paper_form.title_ka}</td>" in row and f"<td>{paper_form.code}</td>" not in row


def test_only_the_feedback_officer_creates_or_changes_themes(in_ambrolauri, frontdesk, officer):
    with pytest.raises(PermissionDenied):
        services.theme_create(actor=frontdesk, code="queues", name_ka="რიგები")
    assert not CommentTheme.objects.filter(code="queues").exists()
    theme = services.theme_create(actor=officer, code="queues", name_ka="რიგები", keywords="რიგ")
    with pytest.raises(PermissionDenied):
        services.theme_update(actor=frontdesk, theme=theme, data={"name_ka": "სხვა"})
    services.theme_update(actor=officer, theme=theme, data={"keywords": "რიგ\nლოდინ"})
    theme.refresh_from_db()
    assert (theme.name_ka, theme.keyword_list()) == ("რიგები", ["რიგ", "ლოდინ"])


def test_a_theme_code_in_use_is_refused_naming_the_code(in_ambrolauri, officer):
    services.theme_create(actor=officer, code="queues", name_ka="რიგები")
    with pytest.raises(ValidationError) as refused:
        services.theme_create(actor=officer, code="queues", name_ka="სხვა")
    assert list(refused.value.message_dict) == ["code"]
    assert CommentTheme.objects.filter(code="queues").count() == 1
