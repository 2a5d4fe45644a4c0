"""Reports (draft -> approved by the head of service -> published, figures kept as approved), working
meetings and decisions, the suppression threshold setting."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from feedback import services
from feedback.models import Decision, FeedbackSettings, Report, WorkingMeeting
from municipal_platform.periods import Period
from tests.conftest import client_for

from .conftest import valid_answers

pytestmark = pytest.mark.django_db
START, LAST = datetime.date(2025, 6, 1), datetime.date(2025, 8, 31)  # first and last day, both included


@pytest.fixture
def with_responses(frontdesk, paper_form, catalogue):
    batch = services.batch_open(
        actor=frontdesk, opened_on=datetime.date(2025, 6, 6), counted=6, form=paper_form
    )
    for i in range(6):
        services.batch_response_enter(
            actor=frontdesk,
            batch=batch,
            data={"service": "newborn_aid", "sex": "female" if i < 4 else "male", "answers": valid_answers()},
        )
    return batch


def test_report_goes_draft_approved_published_and_keeps_its_approved_figures(
    ambrolauri, officer, head, frontdesk, with_responses
):
    officer_client = client_for(ambrolauri, "officer")
    response = officer_client.post(
        "/feedback/reports/", {"title": "Q2", "period_from": "2025-06-01", "period_to": "2025-08-31"}
    )
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.status == "draft" and report.figures["responses"] == 6
    # the officer cannot approve
    assert officer_client.post(f"/feedback/reports/{report.pk}/approve/").status_code == 403
    with pytest.raises(PermissionDenied):
        services.report_approve(actor=officer, report=report)
    assert client_for(ambrolauri).get(f"/reports/{report.pk}/").status_code == 404  # not public yet
    head_client = client_for(ambrolauri, "head")
    head_client.post(f"/feedback/reports/{report.pk}/approve/")
    report.refresh_from_db()
    assert report.status == "approved" and report.approved_by == head
    # a form typed in later does not change the approved figures
    services.batch_response_enter(actor=frontdesk, batch=with_responses, data={"answers": valid_answers()})
    head_client.post(f"/feedback/reports/{report.pk}/publish/")
    report.refresh_from_db()
    assert report.status == "published" and report.figures["responses"] == 6
    public = client_for(ambrolauri).get(f"/reports/{report.pk}/").content.decode()
    assert "<td>6</td>" in public.split('data-service="newborn_aid"')[1].split("</tr>")[0]
    # 4 women / 2 men: the men cell is below 5, so both are hidden
    row = public.split('data-service="newborn_aid"')[1].split("</tr>")[0]
    assert "<td>4</td>" not in row and "<td>2</td>" not in row
    assert f"/reports/{report.pk}/" in client_for(ambrolauri).get("/reports/").content.decode()


def test_only_a_draft_can_be_approved_and_only_an_approved_report_published(officer, head, with_responses):
    report = services.report_create(actor=officer, title="Q2", period_from=START, period_to=LAST)
    with pytest.raises(ValidationError) as refused:
        services.report_publish(actor=head, report=report)
    assert "status" in refused.value.message_dict
    report.refresh_from_db()
    assert (report.status, report.published_on) == ("draft", None)
    services.report_approve(actor=head, report=report)
    with pytest.raises(ValidationError):
        services.report_approve(actor=head, report=report)
    with pytest.raises(ValidationError):
        services.report_update(actor=officer, report=report, title="x", findings="y")
    report.refresh_from_db()
    assert (report.status, report.title) == ("approved", "Q2")


def test_a_report_covers_its_first_and_last_day(officer, with_responses):
    # the six forms were entered on the day the box was opened, 6 June
    day = datetime.date(2025, 6, 6)
    month_to = datetime.date(2025, 7, 5)
    from_the_day = services.report_create(actor=officer, title="6 June", period_from=day, period_to=month_to)
    assert from_the_day.period == Period(day, month_to) and from_the_day.figures["responses"] == 6
    assert from_the_day.figures["period"] == {"from": "2025-06-06", "to": "2025-07-05"}
    to_the_day = services.report_create(
        actor=officer, title="to 6 June", period_from=datetime.date(2025, 5, 7), period_to=day
    )
    assert to_the_day.figures["responses"] == 6
    before = services.report_create(
        actor=officer,
        title="to 5 June",
        period_from=datetime.date(2025, 5, 6),
        period_to=day - datetime.timedelta(days=1),
    )
    assert before.figures["responses"] == 0


def test_a_report_period_shorter_than_a_month_is_refused(officer, with_responses):
    day = datetime.date(2025, 6, 6)
    with pytest.raises(ValidationError) as refused:
        services.report_create(actor=officer, title="6 June", period_from=day, period_to=day)
    assert refused.value.message_dict == {"period_to": ["პერიოდი მოიცავს მინიმუმ ერთ თვეს."]}


def test_a_report_period_cannot_end_before_it_starts(ambrolauri, officer):
    with pytest.raises(ValidationError) as refused:
        services.report_create(actor=officer, title="x", period_from=LAST, period_to=START)
    assert list(refused.value.message_dict) == ["period_to"]
    page = client_for(ambrolauri, "officer").post(
        "/feedback/reports/", {"title": "x", "period_from": "2025-08-31", "period_to": "2025-06-01"}
    )
    assert page.status_code == 200
    assert page.context["form"].errors["period_to"] == ["პერიოდი ვერ დასრულდება მის დაწყებამდე."]
    assert not Report.objects.exists()


def test_working_meeting_decisions_move_forward_only(ambrolauri, officer, catalogue):
    meeting = services.meeting_record(
        actor=officer, held_on=datetime.date(2025, 10, 14), participants="A, B", agenda="report"
    )
    decision = services.decision_add(
        actor=officer,
        meeting=meeting,
        change="Higher winter aid",
        responsible="Finance",
        service=catalogue["newborn_aid"],
        due_on=datetime.date(2026, 1, 1),
    )
    with pytest.raises(ValidationError):
        services.decision_set_status(actor=officer, decision=decision, status="implemented")
    decision.refresh_from_db()
    assert decision.status == "proposed"
    services.decision_set_status(actor=officer, decision=decision, status="adopted")
    client = client_for(ambrolauri, "officer")
    client.post(f"/feedback/decisions/{decision.pk}/status/", {"status": "implemented"})
    decision.refresh_from_db()
    assert decision.status == "implemented"
    # and no way back
    client.post(f"/feedback/decisions/{decision.pk}/status/", {"status": "adopted"})
    assert Decision.objects.get(pk=decision.pk).status == "implemented"
    page = client.get(f"/feedback/meetings/{meeting.pk}/").content.decode()
    assert "Higher winter aid" in page


def test_meeting_page_records_a_meeting(ambrolauri, officer):
    client = client_for(ambrolauri, "officer")
    response = client.post(
        "/feedback/meetings/", {"held_on": "2025-10-14", "participants": "A", "agenda": "B"}
    )
    meeting = WorkingMeeting.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/feedback/meetings/{meeting.pk}/"
    assert (meeting.held_on, meeting.participants, meeting.agenda, meeting.recorded_by) == (
        datetime.date(2025, 10, 14),
        "A",
        "B",
        officer,
    )


def test_suppression_threshold_cannot_go_below_three(ambrolauri, head):
    with pytest.raises(ValidationError) as refused:
        services.settings_update(
            actor=head,
            suppression_threshold=2,
            invitation_weekdays="1,4",
            invitation_valid_days=30,
            reminder_after_days=7,
        )
    response = client_for(ambrolauri, "head").post(
        "/feedback/settings/",
        {
            "suppression_threshold": 2,
            "invitation_weekdays": "1,4",
            "invitation_valid_days": 30,
            "reminder_after_days": 7,
        },
    )
    assert list(refused.value.message_dict) == ["suppression_threshold"]
    assert response.status_code == 200 and response.context["form"].errors["suppression_threshold"]
    assert FeedbackSettings.objects.get().suppression_threshold == 5  # unchanged
    services.settings_update(
        actor=head,
        suppression_threshold=3,
        invitation_weekdays="2",
        invitation_valid_days=30,
        reminder_after_days=7,
    )
    saved = FeedbackSettings.objects.get()
    assert (saved.suppression_threshold, saved.invitation_weekdays) == (3, "2")


def test_staff_pages_render_for_their_roles(ambrolauri, with_responses):
    client = client_for(ambrolauri, "officer")
    for url in [
        "/feedback/",
        "/feedback/batches/",
        "/feedback/registry/",
        "/feedback/comments/",
        "/feedback/reports/",
        "/feedback/meetings/",
        "/feedback/invitations/",
        "/feedback/themes/",
        "/feedback/import/",
        "/feedback/forms/annex-1/",
        "/feedback/forms/annex-1/edit/",
    ]:
        assert client.get(url).status_code == 200, url
    assert client_for(ambrolauri, "worker").get("/feedback/").status_code == 403


def test_the_scheduled_draft_is_made_once_for_the_reporting_period_that_ended(officer, head, with_responses):
    # Ambrolauri's calendar: three-month periods from 1 June 2025 (June-August is the first)
    _reporting_calendar_from(datetime.date(2025, 6, 1))
    assert services.period_before(datetime.date(2025, 6, 1)) is None  # no period has ended yet
    assert services.period_before(datetime.date(2025, 12, 1)) == Period(
        datetime.date(2025, 9, 1), datetime.date(2025, 11, 30)
    )
    report = services.report_draft_for_period(on=datetime.date(2025, 9, 1))
    assert (report.period, report.status) == (
        Period(datetime.date(2025, 6, 1), datetime.date(2025, 8, 31)),
        "draft",
    )
    assert report.figures["responses"] == 6 and report.created_by == officer
    assert services.report_draft_for_period(on=datetime.date(2025, 9, 1)) is None
    assert Report.objects.count() == 1
    # the draft is for a period of the calendar, so once approved it can be published
    services.report_approve(actor=head, report=report)
    services.report_publish(actor=head, report=report)
    report.refresh_from_db()
    assert report.status == "published"


def test_drafts_are_scheduled_on_the_first_day_of_a_reporting_period_only(in_ambrolauri):
    from django_tenants.utils import schema_context

    from feedback import tasks

    _reporting_calendar_from(datetime.date(2025, 6, 1))
    with schema_context("public"):
        assert "ambrolauri" in tasks.schedule_quarterly_drafts(on="2025-12-01")
        assert "ambrolauri" not in tasks.schedule_quarterly_drafts(
            on="2026-01-01"
        )  # not a period start there
        assert tasks.schedule_quarterly_drafts(on="2025-12-02") == []


def _reporting_calendar_from(start: datetime.date) -> None:
    from feedback.models import FeedbackSettings
    from feedback.selectors import settings_get

    settings_get()  # the row exists
    FeedbackSettings.objects.update(reporting_start=start, reporting_months=3)


def _menu_links(html: str) -> list[str]:
    import re

    nav = [n for n in html.split("<nav") if "/feedback/batches/" in n or "/feedback/reports/" in n][-1]
    return re.findall(r'href="(/feedback/[^"]*)"', nav.split("</nav>")[0])


@pytest.mark.parametrize(
    "username, expected",
    [
        ("council", ["/feedback/reports/", "/feedback/meetings/"]),
        ("frontdesk", ["/feedback/", "/feedback/batches/", "/feedback/registry/", "/feedback/reports/"]),
        (
            "officer",
            [
                "/feedback/",
                "/feedback/batches/",
                "/feedback/registry/",
                "/feedback/comments/",
                "/feedback/reports/",
                "/feedback/meetings/",
                "/feedback/invitations/",
                "/feedback/import/",
            ],
        ),
    ],
)
def test_the_feedback_menu_offers_only_the_pages_the_role_may_open(
    ambrolauri, with_responses, username, expected
):
    client = client_for(ambrolauri, username)
    links = _menu_links(client.get("/feedback/reports/").content.decode())
    assert links == expected
    for url in links:
        assert client.get(url).status_code == 200, url


def test_front_desk_is_not_offered_the_exact_pdf_it_may_not_download(ambrolauri, officer, with_responses):
    with_dates = services.report_create(
        actor=officer, title="Q", period_from=datetime.date(2025, 6, 1), period_to=datetime.date(2025, 8, 31)
    )
    url = f"/feedback/reports/{with_dates.pk}/"
    assert f"{url}pdf/" not in client_for(ambrolauri, "frontdesk").get(url).content.decode()
    assert client_for(ambrolauri, "frontdesk").get(f"{url}pdf/").status_code == 403
    assert f"{url}pdf/" in client_for(ambrolauri, "officer").get(url).content.decode()


def test_the_head_approves_a_report_in_the_words_of_approval_not_of_granting_a_benefit(
    ambrolauri, officer, with_responses
):
    report = services.report_create(
        actor=officer, title="Q3", period_from=datetime.date(2025, 6, 1), period_to=datetime.date(2025, 8, 31)
    )
    head = client_for(ambrolauri, "head")
    page = head.get(f"/feedback/reports/{report.pk}/").content.decode()
    assert '<button type="submit" id="approve">დამტკიცება</button>' in page
    page = head.post(f"/feedback/reports/{report.pk}/approve/", follow=True).content.decode()
    assert "დამტკიცდა" in page and '<mark id="report-status">დამტკიცებული</mark>' in page
    assert "დაკმაყოფილ" not in page


def test_the_theme_order_field_is_labelled_as_an_order_not_a_job_title(ambrolauri, with_responses):
    page = client_for(ambrolauri, "officer").get("/feedback/themes/").content.decode()
    assert "რიგითობა" in page
    assert "თანამდებობა" not in page.lower() and "Თანამდებობა" not in page


def test_a_report_whose_comments_have_no_theme_yet_still_prints(ambrolauri, officer, head, with_responses):
    # the six forms carry a comment nobody has sorted into a theme yet
    report = services.report_create(
        actor=officer, title="Q", period_from=datetime.date(2025, 6, 1), period_to=datetime.date(2025, 8, 31)
    )
    internal = client_for(ambrolauri, "officer").get(f"/feedback/reports/{report.pk}/pdf/")
    assert internal.status_code == 200 and internal.content.startswith(b"%PDF")
    services.report_approve(actor=head, report=report)
    services.report_publish(actor=head, report=report)
    public = client_for(ambrolauri).get(f"/reports/{report.pk}/pdf/")
    assert public.status_code == 200 and public.content.startswith(b"%PDF")


def test_a_council_member_reads_the_meetings_of_published_reports_only(ambrolauri, officer, head):
    draft = services.report_create(
        actor=officer,
        title="ზაფხული",
        period_from=datetime.date(2025, 6, 1),
        period_to=datetime.date(2025, 8, 31),
    )
    internal = services.meeting_record(
        actor=officer,
        held_on=datetime.date(2025, 9, 10),
        participants="სამსახური",
        agenda="პროექტი",
        report=draft,
    )
    council, staff = client_for(ambrolauri, "council"), client_for(ambrolauri, "officer")
    assert council.get(f"/feedback/meetings/{internal.pk}/").status_code == 404
    assert internal not in council.get("/feedback/meetings/").context["meetings"]
    assert staff.get(f"/feedback/meetings/{internal.pk}/").status_code == 200
    services.report_publish(actor=head, report=services.report_approve(actor=head, report=draft))
    assert council.get(f"/feedback/meetings/{internal.pk}/").status_code == 200
