"""What child and family cases spend shows on the programmes budget page against its line: in-kind aid and
the cost of referrals accepted or done; a council member reads it only when it went to enough families."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from child_support import selectors_aid, services
from child_support.models import Provision, Referral
from tests.conftest import client_for

from .conftest import YEAR

pytestmark = pytest.mark.usefixtures("english")

DAY = datetime.date(YEAR, 5, 5)


def give(actor, case, line, value: str) -> Provision:
    return services.provision_record(
        actor=actor,
        case_id=case.pk,
        category=Provision.Category.STATIONERY,
        budget_line_id=line.pk,
        delivered_on=DAY,
        handed_over_by="საწყობი",
        received_by="მშობელი",
        items=[{"name": "სახელმძღვანელოები", "quantity": 1, "unit_value": value}],
    )


def therapy(actor, case, line, *, monthly_cost: str, months: int, status: str | None) -> Referral:
    referral = services.referral_create(
        actor=actor,
        case_id=case.pk,
        kind=Referral.Kind.AUTISM_THERAPY,
        target="დღის ცენტრი",
        referred_on=DAY,
        child_id=case.children.get().pk,
        monthly_cost=Decimal(monthly_cost),
        months=months,
        budget_line_id=line.pk,
    )
    if status:
        services.referral_status(actor=actor, referral_id=referral.pk, status=status, reason="მიზეზი")
    return referral


def test_the_budget_page_shows_what_cases_spent_of_each_line_and_what_is_left(
    ambrolauri, worker, case_factory, aid_line, autism_line
):
    first, second = case_factory(), case_factory()
    give(worker, first, aid_line, "600")
    give(worker, first, aid_line, "400")
    give(worker, second, aid_line, "300")
    therapy(worker, first, autism_line, monthly_cost="450", months=6, status="accepted")  # 2,700 funded
    therapy(worker, second, autism_line, monthly_cost="100", months=2, status=None)  # not yet accepted
    therapy(worker, second, autism_line, monthly_cost="999", months=1, status="rejected")  # never paid

    client = client_for(ambrolauri, "head")
    client.cookies["django_language"] = "en"
    page = client.get(f"/programmes/budget/?year={YEAR}")
    assert page.status_code == 200
    lines = {line.service.code: line for line in page.context["lines"]}
    assert (lines["family_in_kind_aid"].child_support, lines["family_in_kind_aid"].available) == (
        Decimal("1300.00"),
        Decimal("98700.00"),
    )
    assert (lines["autism_therapy"].child_support, lines["autism_therapy"].available) == (
        Decimal("2700.00"),
        Decimal("97300.00"),
    )
    totals = page.context["totals"]
    assert (totals["child_support"], totals["available"]) == (Decimal("4000.00"), Decimal("196000.00"))
    html = page.content.decode()
    assert "Spent by child and family cases, GEL" in html
    assert '<td class="num" data-figure="child_support">1300.00</td>' in html
    assert '<th class="num" data-figure="child_support">4000.00</th>' in html

    # the export and the API carry the same column (a spreadsheet's "available" is explained by it)
    exported = client.get(f"/programmes/budget/export.csv?year={YEAR}")
    csv_text = b"".join(exported.streaming_content).decode("utf-8-sig")
    assert "Spent by child and family cases, GEL" in csv_text.splitlines()[0]
    assert any(row.startswith("Total") and ",4000.00," in row for row in csv_text.splitlines())
    api = client.get(f"/api/v1/programmes/budget/?year={YEAR}").json()
    assert (api["totals"]["child_support"], api["totals"]["available"]) == ("4000.00", "196000.00")
    assert {line["service_code"]: line["child_support"] for line in api["lines"]}[
        "autism_therapy"
    ] == "2700.00"

    # the same figures as the aid reads give the yearly report
    spending = {line.service.code: line for line in selectors_aid.budget_lines_spending(year=YEAR)}
    assert spending["family_in_kind_aid"].child_support_spent == Decimal("1300.00")
    assert spending["autism_therapy"].referrals_spent == Decimal("2700.00")
    assert selectors_aid.child_support_spent_total(year=YEAR) == Decimal("4000.00")


def test_a_done_referral_still_counts_and_a_revoked_one_no_longer_does(worker, case_factory, autism_line):
    case = case_factory()
    done = therapy(worker, case, autism_line, monthly_cost="100", months=3, status="accepted")
    services.referral_status(actor=worker, referral_id=done.pk, status="done", outcome="დასრულდა")
    revoked = therapy(worker, case, autism_line, monthly_cost="200", months=3, status="accepted")
    assert selectors_aid.child_support_spent_total(year=YEAR) == Decimal("900.00")
    services.referral_status(actor=worker, referral_id=revoked.pk, status="revoked", reason="ოჯახი გადავიდა")
    assert selectors_aid.child_support_spent_total(year=YEAR) == Decimal("300.00")


def test_a_council_member_reads_the_cases_money_only_when_it_went_to_enough_families(
    ambrolauri, worker, case_factory, aid_line
):
    give(worker, case_factory(), aid_line, "1234.56")  # one family: its aid would be read exactly
    council = client_for(ambrolauri, "council").get(f"/programmes/budget/?year={YEAR}")
    line = council.context["lines"][0]
    assert (line.child_support, line.available) == (None, None)
    assert (council.context["totals"]["child_support"], council.context["totals"]["available"]) == (
        None,
        None,
    )
    assert council.context["totals"]["planned"] == Decimal("100000.00")
    assert "1234.56" not in council.content.decode() and "98765.44" not in council.content.decode()

    for _ in range(4):  # five families: the smallest figure a council member reads
        give(worker, case_factory(), aid_line, "100")
    council = client_for(ambrolauri, "council").get(f"/programmes/budget/?year={YEAR}")
    line = council.context["lines"][0]
    assert (line.child_support, line.available) == (Decimal("1634.56"), Decimal("98365.44"))
