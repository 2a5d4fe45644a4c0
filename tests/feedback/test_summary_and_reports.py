"""The demo reproduces the first Ambrolauri report (seed 000) through the selector, the API, the command
and the report pages; public figures hide small cells, the internal report is exact."""

from __future__ import annotations

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.utils import translation
from django_tenants.utils import schema_context

from feedback.models import Response
from feedback.selectors import feedback_summary, public_figures
from municipal_platform.periods import Period
from tests.conftest import client_for
from tests.queries import assert_query_count

pytestmark = pytest.mark.django_db

PERIOD = Period(datetime.date(2025, 6, 1), datetime.date(2025, 8, 31))  # the first report: both days included
TABLE = {  # code: (applications, responses, women, men), MISSION.md
    "newborn_aid": (17, 3, 1, 2),
    "new_family_aid": (1, 0, 0, 0),
    "disability_care": (2, 2, 2, 0),
    "fire_aid": (1, 0, 0, 0),
    "large_family_aid": (7, 2, 1, 1),
    "breadwinner_loss_aid": (3, 1, 1, 0),
    "single_parent_aid": (3, 1, 1, 0),
    "veterans_aid": (25, 5, 0, 5),
    "winter_heating_aid": (185, 79, 50, 29),
}


@pytest.fixture
def summary(seeded):
    with schema_context(seeded.schema_name):
        return feedback_summary(period=PERIOD)


def test_demo_reproduces_the_first_report_table(summary):
    assert summary["period"] == {"from": "2025-06-01", "to": "2025-08-31"}
    assert summary["applications"] == 244
    assert summary["responses"] == 96
    assert (summary["women"], summary["men"]) == (57, 39)
    assert summary["unidentified_service"] == 3
    assert (summary["unidentified_service_women"], summary["unidentified_service_men"]) == (1, 2)
    assert summary["channels"] == {"paper": 96, "email": 0, "online": 0, "import": 0}
    assert summary["application_channels"]["email"] == 4
    rows = {s["code"]: (s["applications"], s["responses"], s["women"], s["men"]) for s in summary["services"]}
    assert rows == TABLE
    assert summary["response_rate"] == round(96 / 244, 4)


def test_demo_answers_and_comment_themes(summary):
    questions = {q["code"]: q for q in summary["questions"]}
    assert questions["documents_easy"]["share_yes"] > 0.9
    assert questions["documents_easy"]["answered"] == 96
    assert summary["open_comments"] == 30
    themes = {t["theme"]: t["count"] for t in summary["comment_themes"]}
    assert themes == {"more_aid": 13, "satisfied": 7, "fetch_extract": 2, "pensions_disability": 8}


def test_summary_costs_the_same_queries_whatever_the_volume(seeded):
    one_day = Period(datetime.date(2025, 6, 6), datetime.date(2025, 6, 6))  # one box opening's forms
    for period in (one_day, PERIOD):
        # the switch to the municipality's schema, then nine grouped reads
        with schema_context(seeded.schema_name), assert_query_count(10):
            feedback_summary(period=period)


def test_api_and_command_return_the_same_json(seeded):
    client = client_for(seeded, "officer")
    response = client.get("/api/v1/feedback/reports/summary/?from=2025-06-01&to=2025-08-31")
    assert response.status_code == 200
    out = io.StringIO()
    call_command(
        "feedback_report",
        "--tenant",
        "ambrolauri",
        "--from",
        "2025-06-01",
        "--to",
        "2025-08-31",
        "--json",
        stdout=out,
    )
    assert json.loads(out.getvalue()) == response.json()
    assert response.json()["responses"] == 96


def test_summary_api_rejects_a_bad_period_naming_the_field(seeded):
    client = client_for(seeded, "officer")
    backwards = client.get("/api/v1/feedback/reports/summary/?from=2025-09-01&to=2025-06-01")
    assert backwards.status_code == 400 and list(backwards.json()) == ["to"]
    not_a_day = client.get("/api/v1/feedback/reports/summary/?from=june")
    assert not_a_day.status_code == 400 and set(not_a_day.json()) == {"from", "to"}


def test_the_summary_counts_the_last_day_of_the_period(seeded):
    client = client_for(seeded, "officer")
    # the demo's last box of the summer was opened on Friday 29 August with forms dated 25-29 August
    url = "/api/v1/feedback/reports/summary/?from=2025-07-29&to=2025-08-{}"
    last_day = client.get(url.format(29)).json()
    day_before = client.get(url.format(28)).json()
    assert last_day["period"] == {"from": "2025-07-29", "to": "2025-08-29"}
    assert last_day["responses"] > day_before["responses"]
    command = io.StringIO()
    call_command(
        "feedback_report",
        "--tenant",
        "ambrolauri",
        "--from",
        "2025-07-29",
        "--to",
        "2025-08-29",
        stdout=command,
    )
    assert json.loads(command.getvalue())["responses"] == last_day["responses"]


def test_the_report_command_refuses_a_period_that_ends_before_it_starts(seeded):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="--to"):
        call_command(
            "feedback_report", "--tenant", "ambrolauri", "--from", "2025-08-31", "--to", "2025-06-01"
        )


def test_the_report_command_refuses_less_than_a_month_as_the_pages_do(seeded):
    from django.core.management import CommandError

    with (
        translation.override("en"),
        pytest.raises(CommandError, match="--to: A period covers at least one month"),
    ):
        call_command(
            "feedback_report", "--tenant", "ambrolauri", "--from", "2025-08-29", "--to", "2025-08-29"
        )


def test_summary_api_needs_a_municipal_role(seeded):
    from municipal_platform.accounts.models import User

    assert client_for(seeded).get(SUMMARY_URL).status_code in (401, 403)  # nobody logged in
    with schema_context(seeded.schema_name):
        User.objects.create_user(username="no-role-yet", password="x")  # rolled back with the test
    assert client_for(seeded, "no-role-yet").get(SUMMARY_URL).status_code == 403


def test_demo_is_idempotent(seeded):
    import feedback.demo
    import programmes.demo

    with schema_context(seeded.schema_name):
        before = Response.objects.count()
        programmes.demo.build(seeded)
        feedback.demo.build(seeded)
        assert Response.objects.count() == before == 96


def _published_report(seeded):
    from feedback.models import Report

    with schema_context(seeded.schema_name):
        return Report.objects.get(status="published")


def test_public_report_hides_cells_below_the_threshold(seeded):
    report = _published_report(seeded)
    page = client_for(seeded).get(f"/reports/{report.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "×" in html and "&lt;5" not in html
    # winter heating: 185 applications, 79 answers, 50 women, 29 men are shown
    row = html.split('data-service="winter_heating_aid"')[1].split("</tr>")[0]
    for figure in ("185", "79", "50", "29"):
        assert f"<td>{figure}</td>" in row
    newborn = html.split('data-service="newborn_aid"')[1].split("</tr>")[0]
    assert "<td>17</td>" in newborn and "<td>3</td>" not in newborn
    assert "ბენეფიციარის თანხმობით" in html  # the decisions ("we did")


def test_public_report_pdf(seeded):
    report = _published_report(seeded)
    response = client_for(seeded).get(f"/reports/{report.pk}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_internal_report_shows_exact_figures(seeded):
    report = _published_report(seeded)
    html = client_for(seeded, "officer").get(f"/feedback/reports/{report.pk}/").content.decode()
    newborn = html.split('data-service="newborn_aid"')[1].split("</tr>")[0]
    assert "<td>3</td>" in newborn


def test_internal_report_page_reproduces_the_whole_table(seeded):
    report = _published_report(seeded)
    html = client_for(seeded, "officer").get(f"/feedback/reports/{report.pk}/").content.decode()
    for code, (applications, responses, women, men) in TABLE.items():
        row = html.split(f'data-service="{code}"')[1].split("</tr>")[0]
        cells = [c.split("<")[0] for c in row.split("<td>")[1:]]
        expected = [str(applications), str(responses)] + ([str(women), str(men)] if responses else ["", ""])
        assert cells == expected, (code, cells)
    unidentified = html.split('data-service="unidentified"')[1].split("</tr>")[0]
    assert [c.split("<")[0] for c in unidentified.split("<td>")[1:]] == ["", "3", "1", "2"]
    footer = html.split("<tfoot>")[1].split("</tfoot>")[0]
    assert [c.split("<")[0] for c in footer.split("<td>")[1:]] == ["244", "96", "57", "39"]


def test_council_member_reads_published_reports_only(seeded):
    from feedback import services
    from municipal_platform.accounts.models import User

    report = _published_report(seeded)
    council = client_for(seeded, "council")
    html = council.get(f"/feedback/reports/{report.pk}/").content.decode()
    newborn = html.split('data-service="newborn_aid"')[1].split("</tr>")[0]
    assert (
        "<td>3</td>" not in newborn and "<td>×</td>" in newborn
    )  # the published figures, small cells hidden
    assert "დამალულია პირადი მონაცემების დასაცავად" in html
    council.cookies["django_language"] = "en"
    english = council.get(f"/feedback/reports/{report.pk}/").content.decode()
    assert (
        "× — hidden to protect privacy: fewer than 5, or a figure from which such a number could be worked"
        in english
    )
    with schema_context(seeded.schema_name):
        draft = services.report_create(
            actor=User.objects.get(username="officer"),
            title="draft",
            period_from=datetime.date(2025, 9, 1),
            period_to=datetime.date(2025, 11, 30),
        )
    try:
        assert council.get(f"/feedback/reports/{draft.pk}/").status_code == 403
        assert f"/feedback/reports/{draft.pk}/" not in council.get("/feedback/reports/").content.decode()
    finally:
        with schema_context(seeded.schema_name):
            draft.delete()


def test_public_figures_hide_the_partner_of_a_hidden_sex_cell():
    figures = {
        "applications": 30,
        "responses": 12,
        "women": 10,
        "men": 2,
        "unidentified_service": 0,
        "channels": {},
        "services": [{"code": "x", "name": "x", "applications": 30, "responses": 12, "women": 10, "men": 2}],
        "comment_themes": [{"theme": "t", "name": "t", "count": 4}],
        "questions": [],
    }
    public = public_figures(figures, 5)
    assert (public["women"], public["men"]) == (None, None)
    assert public["services"][0]["responses"] == 12
    assert public["comment_themes"][0]["count"] is None
    assert public_figures(figures, 3)["comment_themes"][0]["count"] == 4


SUMMARY_URL = "/api/v1/feedback/reports/summary/?from=2025-06-01&to=2025-08-31"


def test_council_members_read_the_summary_api_with_small_cells_hidden(seeded):
    figures = client_for(seeded, "council").get(SUMMARY_URL).json()
    services = {s["code"]: s for s in figures["services"]}
    assert services["newborn_aid"]["responses"] is None  # 3 answered: hidden, as on the public page
    assert services["winter_heating_aid"]["responses"] == 79
    assert figures["unidentified_service"] is None
    assert "unidentified_service_women" not in figures
    themes = {t["theme"]: t["count"] for t in figures["comment_themes"]}
    assert themes["fetch_extract"] is None
    # the withheld figures are listed by key, small and complementary alike; no "<5" anywhere
    newborn = [s["code"] for s in figures["services"]].index("newborn_aid")
    assert (
        f"services.{newborn}.responses" in figures["hidden"] and "unidentified_service" in figures["hidden"]
    )
    assert "<" not in str(figures)


@pytest.mark.parametrize("username", ["officer", "head", "frontdesk", "worker", "commission"])
def test_municipal_staff_read_the_summary_api_exactly(seeded, username):
    figures = client_for(seeded, username).get(SUMMARY_URL).json()
    services = {s["code"]: s for s in figures["services"]}
    assert services["newborn_aid"]["responses"] == 3
    assert figures["unidentified_service_women"] == 1


def test_staff_read_a_reports_period_by_its_last_day_on_the_list_and_through_the_api(seeded):
    report = _published_report(seeded)
    officer = client_for(seeded, "officer")
    listed = officer.get("/feedback/reports/").content.decode()
    assert "2025-06-01 – 2025-08-31" in listed and "2025-09-01" not in listed
    api = {r["id"]: r for r in officer.get("/api/v1/feedback/reports/").json()}
    assert (api[report.pk]["period_from"], api[report.pk]["period_to"]) == ("2025-06-01", "2025-08-31")
    assert api[report.pk]["figures"]["period"] == {"from": "2025-06-01", "to": "2025-08-31"}
