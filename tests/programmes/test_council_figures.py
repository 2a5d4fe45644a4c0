"""What a council member reads of the programmes: the reporting calendar's periods only, and no money
from which a hidden count could be worked out (money divided by a service's fixed amount)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from programmes import services
from tests.conftest import client_for

SUMMER = "received_from=2025-06-01&received_to=2025-08-31"


def _approve(application, head, amount):
    services.application_decide(
        application=application,
        actor=head,
        approved=True,
        amount=amount,
        decided_on=application.received_on + datetime.timedelta(days=1),
    )


def test_council_member_is_refused_a_period_outside_the_calendar_and_told_which_exist(ambrolauri, fire):
    client = client_for(ambrolauri, "council")
    response = client.get("/api/v1/programmes/summary/?received_from=2025-06-01&received_to=2025-06-30")
    assert response.status_code == 400
    assert "2025-06-01 – 2025-08-31" in response.json()["received_from"][0]
    page = client.get("/programmes/summary/?received_from=2025-06-02&received_to=2025-08-31")
    assert "2025-06-01 – 2025-08-31" in page.content.decode()
    assert page.context["rows"] == []


def test_council_member_reads_the_calendar_period_they_ask_for(ambrolauri, fire, make_application):
    for _ in range(6):
        make_application(fire)
    response = client_for(ambrolauri, "council").get(f"/programmes/summary/?{SUMMER}")
    assert [r["total"] for r in response.context["rows"]] == [6]
    assert response.context["period"].first_day == datetime.date(2025, 6, 1)


def test_staff_cannot_narrow_the_summary_below_a_month(ambrolauri, fire):
    client = client_for(ambrolauri, "head")
    day = client.get("/api/v1/programmes/summary/?received_from=2025-07-01&received_to=2025-07-01")
    assert day.status_code == 400 and list(day.json()) == ["received_to"]
    month = client.get("/api/v1/programmes/summary/?received_from=2025-07-01&received_to=2025-07-31")
    assert month.status_code == 200


def test_council_budget_hides_the_money_of_a_service_with_few_approvals(
    ambrolauri, fire, newborn, make_application, head
):
    # fire aid: 2 approved (money / amount would give 2); newborn aid: 6 approved
    for _ in range(2):
        _approve(make_application(fire), head, Decimal(1000))
    for _ in range(6):
        _approve(make_application(newborn), head, None)
    council = client_for(ambrolauri, "council").get("/programmes/budget/?year=2025")
    lines = {line.service.code: line for line in council.context["lines"]}
    assert (lines["fire_aid"].committed, lines["fire_aid"].paid, lines["fire_aid"].available) == (None,) * 3
    assert lines["newborn_aid"].committed is None, (
        "the summer's 6 approvals of newborn aid are hidden with fire aid's 2 (8 - 6 = 2), so is their money"
    )
    assert council.context["totals"]["committed"] is None
    assert council.context["totals"]["planned"] == Decimal(25000)
    assert "2000.00" not in council.content.decode()
    api = client_for(ambrolauri, "council").get("/api/v1/programmes/budget/?year=2025").json()
    assert {line["service_code"]: line["committed"] for line in api["lines"]}["fire_aid"] is None
    head_page = client_for(ambrolauri, "head").get("/programmes/budget/?year=2025")
    assert {line.service.code: line.committed for line in head_page.context["lines"]}["fire_aid"] == 2000


def test_council_budget_hides_money_whose_count_is_hidden_in_a_released_period(
    ambrolauri, newborn, make_application, head
):
    # 6 approved in all, but 2 of them in September-November: hidden there, so 6 x 500 GEL minus the
    # summer's 4 would give them back
    for _ in range(4):
        _approve(make_application(newborn), head, None)
    for _ in range(2):
        _approve(make_application(newborn, received_on=datetime.date(2025, 10, 1)), head, None)
    council = client_for(ambrolauri, "council").get("/programmes/budget/?year=2025")
    assert [line.committed for line in council.context["lines"]] == [None]


def test_council_budget_shows_money_whose_count_is_shown(ambrolauri, newborn, make_application, head):
    for _ in range(6):
        _approve(make_application(newborn), head, None)
    council = client_for(ambrolauri, "council").get("/programmes/budget/?year=2025")
    assert [line.committed for line in council.context["lines"]] == [Decimal(3000)]
    assert council.context["totals"]["committed"] == Decimal(3000)


def test_a_released_summary_is_kept_and_money_decided_since_is_hidden(
    ambrolauri, newborn, make_application, head
):
    applications = [make_application(newborn) for _ in range(6)]
    council = client_for(ambrolauri, "council")
    released = council.get(f"/api/v1/programmes/summary/?{SUMMER}").json()

    # one of the summer's applications is approved after the council read the summer's summary
    _approve(applications[0], head, None)

    assert council.get(f"/api/v1/programmes/summary/?{SUMMER}").json() == released
    exact = client_for(ambrolauri, "head").get(f"/api/v1/programmes/summary/?{SUMMER}").json()
    assert exact != released, "staff read the figures as they are now"
    # 500 GEL committed against 0 approvals released would give the one approval back
    budget = council.get("/programmes/budget/?year=2025")
    assert [line.committed for line in budget.context["lines"]] == [None]
