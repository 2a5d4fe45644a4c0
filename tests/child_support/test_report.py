"""The yearly report: what each figure counts (families, not provisions; referrals accepted or done; the
year's bounds), its cost in queries, what a council member reads (a year that has ended, as released, small
cells hidden), and the same object from the API, the command and the page."""

from __future__ import annotations

import datetime
import io
import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from child_support.models import Case, CaseChild, Provision, Referral
from child_support.reports import yearly_report
from municipal_platform import clock
from programmes.selectors import suppression_threshold
from tests.child_support.conftest import budget_line_make, case_make, child_spec
from tests.conftest import client_for
from tests.queries import assert_query_count

YEAR = 2025
API = "/api/v1/child-support/reports/yearly/"
PAGE = "/cases/reports/yearly/"
Category = Provision.Category
Kind = Referral.Kind
Status = Referral.Status


def _provision(case: Case, category: str, day: datetime.date, total: str, line) -> Provision:
    return Provision.objects.create(
        case=case,
        household=case.household,
        category=category,
        budget_line=line,
        delivered_on=day,
        handed_over_by="მარიამ ჯაფარიძე",
        received_by="მშობელი",
        total=Decimal(total),
        recorded_by=case.assigned_worker,
    )


def _referral(case: Case, kind: str, *, child: CaseChild | None = None, status=Status.ACCEPTED, **fields):
    fields.setdefault("referred_on", datetime.date(YEAR, 3, 1))
    return Referral.objects.create(
        case=case,
        child=child,
        kind=kind,
        target="ცენტრი",
        status=status,
        created_by=case.assigned_worker,
        **fields,
    )


@pytest.fixture
def lines(in_ambrolauri):
    return {
        "aid": budget_line_make(planned=Decimal("10000")),
        "autism": budget_line_make(code="autism_therapy", kind="service", amount_rule="none", amount=None),
        "early": budget_line_make(
            code="early_development_travel", kind="service", amount_rule="none", amount=None
        ),
    }


def test_families_are_counted_once_whatever_their_provisions_and_only_in_the_year(users, lines):
    first, second = case_make(), case_make()
    for day in (datetime.date(YEAR, 9, 1), datetime.date(YEAR, 9, 20)):
        _provision(first, Category.STATIONERY, day, "100", lines["aid"])
    _provision(first, Category.APPLIANCES, datetime.date(YEAR, 5, 5), "850.50", lines["aid"])
    _provision(second, Category.STATIONERY, datetime.date(YEAR, 12, 31), "90", lines["aid"])
    last_year = budget_line_make(year=YEAR - 1)
    _provision(second, Category.APPLIANCES, datetime.date(YEAR - 1, 12, 31), "500", last_year)

    report = yearly_report(year=YEAR, exact=True)

    assert report["families_with_stationery"] == 2
    assert report["families_with_appliances"] == 1
    assert report["aid_by_category"]["stationery"] == {"families": 2, "provisions": 3, "total_gel": "290.00"}
    assert report["aid_by_category"]["food"] == {"families": 0, "provisions": 0, "total_gel": "0.00"}
    assert report["aid_total_gel"] == "1140.50"
    assert report["exact"] is True and report["hidden"] == []


def test_referrals_count_when_accepted_or_done_and_made_in_the_year(users, lines):
    autism = case_make(
        children=[
            child_spec("ანა", autism_diagnosis=True),
            child_spec("ლუკა"),
            child_spec("გიო"),
            child_spec("ია"),
        ]
    )
    anna, luka, gio, ia = autism.children.order_by("person__first_name")
    cost = {"budget_line": lines["autism"], "monthly_cost": Decimal("400"), "months": 3}
    _referral(autism, Kind.AUTISM_THERAPY, child=anna, **cost)
    _referral(autism, Kind.AUTISM_THERAPY, child=gio, status=Status.DONE, **cost)
    _referral(autism, Kind.AUTISM_THERAPY, child=ia, status=Status.IN_PROGRESS, **cost)
    _referral(autism, Kind.AUTISM_THERAPY, child=luka, status=Status.REJECTED, **cost)
    last_year = dict(cost, budget_line=budget_line_make(year=YEAR - 1, code="autism_therapy"))
    _referral(
        autism, Kind.AUTISM_THERAPY, child=luka, referred_on=datetime.date(YEAR - 1, 12, 1), **last_year
    )
    # two children of one family: one family
    early = case_make(children=[child_spec("ნინო"), child_spec("ნიკა")])
    for child in early.children.all():
        _referral(
            early, Kind.EARLY_DEVELOPMENT, child=child, budget_line=lines["early"], amount=Decimal("250")
        )
    inclusive = case_make()
    child = inclusive.children.get()
    _referral(
        inclusive, Kind.INCLUSIVE_CENTRE, child=child, enrolled_on=datetime.date(YEAR, 9, 15), capacity=30
    )
    _referral(
        inclusive,
        Kind.INCLUSIVE_CENTRE,
        child=child,
        referred_on=datetime.date(YEAR - 1, 8, 1),
        enrolled_on=datetime.date(YEAR - 1, 9, 15),
        capacity=30,
    )

    report = yearly_report(year=YEAR, exact=True)

    assert report["children_autism_funded"] == 2
    assert report["early_development_families"] == 1
    assert report["inclusive_centre_enrolments"] == 1
    spent = {line["service_code"]: line for line in report["aid_by_budget_line"]}
    # the accepted and the done referral: 3 months x 400 each (the 2024 one spends the 2024 line)
    assert spent["autism_therapy"]["spent"] == "2400.00"
    assert spent["early_development_travel"]["spent"] == "500.00"
    assert spent["family_in_kind_aid"] == {
        "service_code": "family_in_kind_aid",
        "name": "family_in_kind_aid",
        "name_en": "family_in_kind_aid",
        "planned": "10000.00",
        "spent": "0.00",
        "remaining": "10000.00",
    }


def test_cases_by_status_and_children_served_by_sex_and_age_on_31_december(users, lines):
    served = case_make(
        children=[
            child_spec("ანა", birth_date=datetime.date(YEAR - 6, 1, 1), sex="female"),  # 6 on 31 December
            child_spec("ლუკა", birth_date=datetime.date(YEAR - 7, 12, 31)),  # 7 on 31 December
            child_spec("ია", birth_date=datetime.date(YEAR - 17, 6, 1), sex="female"),
        ],
        status=Case.Status.PLAN_ACTIVE,
    )
    _provision(served, Category.FOOD, datetime.date(YEAR, 2, 1), "120", lines["aid"])
    case_make(status=Case.Status.CLOSED)  # no aid, no referral: its child is not served
    case_make(opened_on=datetime.date(YEAR + 1, 1, 5))  # opened after the year

    report = yearly_report(year=YEAR, exact=True)

    assert report["cases_by_status"] == {
        "intake": 0,
        "assessment": 0,
        "review": 0,
        "plan_active": 1,
        "closed": 1,
    }
    assert report["cases_total"] == 2
    assert report["children_served"] == {
        "total": 3,
        "by_sex": {"female": 2, "male": 1},
        "by_age_band": {"0-6": 1, "7-13": 1, "14-17": 1, "18+": 0},
    }


def test_the_report_costs_the_same_queries_for_one_case_and_for_many(users, lines):
    def build(n):
        for i in range(n):
            case = case_make(children=[child_spec("ანა"), child_spec("ნიკა")])
            _provision(case, Category.STATIONERY, datetime.date(YEAR, 9, 1 + i % 28), "100", lines["aid"])
            _referral(
                case,
                Kind.EARLY_DEVELOPMENT,
                child=case.children.first(),
                budget_line=lines["early"],
                amount=Decimal(1),
            )

    build(1)
    with assert_query_count(5):
        yearly_report(year=YEAR, exact=True)
    build(20)
    with assert_query_count(5):
        report = yearly_report(year=YEAR, exact=True)
    assert report["families_with_stationery"] == 21


# --- what a council member reads ------------------------------------------------------------------------


def test_council_member_reads_small_cells_hidden_and_the_year_as_released(users, lines):
    threshold = suppression_threshold()
    for _ in range(threshold):
        _provision(case_make(), Category.STATIONERY, datetime.date(YEAR, 9, 1), "100", lines["aid"])
    appliances = case_make()
    _provision(appliances, Category.APPLIANCES, datetime.date(YEAR, 5, 1), "800", lines["aid"])

    report = yearly_report(year=YEAR, exact=False)

    assert report["exact"] is False and report["threshold"] == threshold
    assert report["families_with_stationery"] == threshold
    # one family given appliances: hidden, with its money, and a second sum so that the total minus the
    # other categories does not give that money back
    assert report["families_with_appliances"] is None
    assert report["aid_by_category"]["appliances"]["total_gel"] is None
    others = [c["total_gel"] for code, c in report["aid_by_category"].items() if code != "appliances"]
    assert report["aid_total_gel"] is None or None in others
    assert "aid_by_category.appliances.families" in report["hidden"]
    # released once: a provision recorded later changes what staff read, not what the council reads
    _provision(case_make(), Category.STATIONERY, datetime.date(YEAR, 9, 2), "100", lines["aid"])
    assert yearly_report(year=YEAR, exact=False)["families_with_stationery"] == threshold
    assert yearly_report(year=YEAR, exact=True)["families_with_stationery"] == threshold + 1


def test_council_member_reads_no_year_that_has_not_ended(users):
    this_year = clock.today().year
    with pytest.raises(ValidationError) as refused:
        yearly_report(year=this_year, exact=False)
    assert "year" in refused.value.message_dict
    assert yearly_report(year=this_year, exact=True)["exact"] is True


# --- the API, the command and the page --------------------------------------------------------------------


def test_the_api_gives_staff_exact_figures_and_the_council_hidden_ones(ambrolauri, users, lines):
    _provision(case_make(), Category.APPLIANCES, datetime.date(YEAR, 5, 1), "800", lines["aid"])
    worker = client_for(ambrolauri, "worker").get(f"{API}?year={YEAR}")
    assert worker.status_code == 200
    assert worker.json()["families_with_appliances"] == 1
    assert worker.json() == yearly_report(year=YEAR, exact=True)
    head = client_for(ambrolauri, "head").get(f"{API}?year={YEAR}")
    assert head.json()["families_with_appliances"] == 1
    council = client_for(ambrolauri, "council").get(f"{API}?year={YEAR}")
    assert council.status_code == 200
    assert council.json()["families_with_appliances"] is None
    assert council.json()["exact"] is False


@pytest.mark.parametrize("username", ["frontdesk", "officer", "commission"])
def test_other_roles_are_refused_the_report(ambrolauri, username):
    assert client_for(ambrolauri, username).get(f"{API}?year={YEAR}").status_code == 403
    assert client_for(ambrolauri, username).get(f"{PAGE}?year={YEAR}").status_code == 403


@pytest.mark.parametrize("query", ["", "?year=", "?year=25", "?year=1999", "?year=20x5", "?year=2999"])
def test_a_missing_or_bad_year_is_a_400_naming_the_year(ambrolauri, query):
    response = client_for(ambrolauri, "worker").get(f"{API}{query}")
    assert response.status_code == 400
    assert list(response.json()) == ["year"]


def test_council_member_asking_for_this_year_is_told_it_has_not_ended(ambrolauri):
    this_year = clock.today().year
    response = client_for(ambrolauri, "council").get(f"{API}?year={this_year}")
    assert response.status_code == 400 and list(response.json()) == ["year"]
    page = client_for(ambrolauri, "council").get(f"{PAGE}?year={this_year}")
    assert page.status_code == 200 and page.context["report"] is None
    assert page.context["form"].errors["year"]


def test_the_api_is_in_the_openapi_schema_with_its_year(ambrolauri):
    schema = client_for(ambrolauri, "head").get("/api/schema/?format=json")
    operation = schema.json()["paths"][API]["get"]
    assert [p["name"] for p in operation["parameters"] if p["in"] == "query"] == ["year"]


def test_the_command_prints_the_api_object_as_staff_read_it(ambrolauri, users, lines):
    _provision(case_make(), Category.APPLIANCES, datetime.date(YEAR, 5, 1), "800", lines["aid"])
    out = io.StringIO()
    call_command("child_support_report", "--tenant", "ambrolauri", "--year", str(YEAR), "--json", stdout=out)
    printed = json.loads(out.getvalue())
    assert printed["families_with_appliances"] == 1
    assert printed == client_for(ambrolauri, "head").get(f"{API}?year={YEAR}").json()
    table = io.StringIO()
    call_command("child_support_report", "--tenant", "ambrolauri", "--year", str(YEAR), stdout=table)
    assert "Families given household appliances" in table.getvalue()


def test_the_command_names_an_unknown_tenant_or_a_bad_year(db):
    with pytest.raises(CommandError, match="nowhere"):
        call_command("child_support_report", "--tenant", "nowhere", "--year", str(YEAR), "--json")
    with pytest.raises(CommandError, match="--year"):
        call_command("child_support_report", "--tenant", "ambrolauri", "--year", "23", "--json")


def test_the_page_shows_staff_the_figures_and_the_council_a_mark_for_hidden_ones(ambrolauri, users, lines):
    _provision(case_make(), Category.APPLIANCES, datetime.date(YEAR, 5, 1), "800", lines["aid"])
    worker = client_for(ambrolauri, "worker").get(f"{PAGE}?year={YEAR}")
    assert worker.status_code == 200
    assert worker.context["report"]["families_with_appliances"] == 1
    assert '<html lang="ka"' in worker.content.decode()  # Georgian first
    council = client_for(ambrolauri, "council").get(f"{PAGE}?year={YEAR}")
    page = council.content.decode()
    assert council.context["report"]["families_with_appliances"] is None
    assert "hidden-figure" in page and 'id="suppression-note"' in page


def test_the_page_opens_on_last_year_and_reads_in_english(ambrolauri):
    client = client_for(ambrolauri, "head")
    client.post("/i18n/setlang/", {"language": "en", "next": PAGE})
    response = client.get(PAGE)
    assert response.context["report"]["year"] == clock.today().year - 1
    assert "Families given household appliances" in response.content.decode()


def test_a_year_written_wrong_on_the_page_is_said_next_to_the_field(ambrolauri):
    response = client_for(ambrolauri, "worker").get(f"{PAGE}?year=20x5")
    assert response.status_code == 200
    assert response.context["report"] is None and response.context["form"].errors["year"]


def test_nobody_logged_in_is_sent_to_log_in(ambrolauri):
    client = client_for(ambrolauri)
    assert client.get(PAGE).status_code == 302
    assert client.get(f"{API}?year={YEAR}").status_code in (401, 403)
