"""The demo reproduces the first report's table (MISSION.md) and a second run changes nothing."""

from __future__ import annotations

import datetime

from django.db.models import Count
from django_tenants.utils import schema_context

from municipal_platform.periods import Period
from programmes import demo, selectors
from programmes.models import ApplicationEvent, BenefitApplication, BudgetLine, Person, Service
from tests.conftest import client_for

TABLE = {
    "newborn_aid": 17,
    "new_family_aid": 1,
    "disability_care": 2,
    "fire_aid": 1,
    "large_family_aid": 7,
    "breadwinner_loss_aid": 3,
    "single_parent_aid": 3,
    "veterans_aid": 25,
    "winter_heating_aid": 185,
}
CODES = [
    "free_daily_meal",
    "food_packages",
    "newborn_aid",
    "new_family_aid",
    "funeral_services",
    "child_disability_care",
    "disability_care",
    "dialysis_aid",
    "fire_aid",
    "large_family_aid",
    "breadwinner_loss_aid",
    "homeless_housing",
    "single_parent_aid",
    "veterans_aid",
    "winter_heating_aid",
    "home_care",
]


def counts() -> tuple:
    return tuple(
        m.objects.count() for m in (Service, BudgetLine, Person, BenefitApplication, ApplicationEvent)
    )


def test_ambrolauri_demo_has_the_244_applications_of_summer_2025(ambrolauri, tskaltubo):
    with schema_context(ambrolauri.schema_name):
        demo.build(ambrolauri)
        first = counts()
        demo.build(ambrolauri)
        assert counts() == first, "a second run changes nothing"

        for year in (2025, 2026):  # the same 16 services in both years' programmes
            services_of_year = Service.objects.filter(programme__year=year).order_by("position")
            assert list(services_of_year.values_list("code", flat=True)) == CODES
        summer = BenefitApplication.objects.filter(
            received_on__range=(datetime.date(2025, 6, 1), datetime.date(2025, 8, 31))
        )
        assert summer.count() == 244
        by_service = dict(summer.values_list("service__code").annotate(n=Count("id")))
        assert by_service == TABLE
        assert summer.filter(channel="email").count() == 4
        assert summer.exclude(channel="email").filter(channel="paper").count() == 240
        assert not summer.filter(status__in=["received", "under_review"]).exists()
        assert BudgetLine.objects.filter(year=2025).count() == 16

        rows = selectors.applications_by_service(
            received=Period(datetime.date(2025, 6, 1), datetime.date(2025, 8, 31))
        )
        assert {r["code"]: r["total"] for r in rows} == TABLE
        totals = selectors.budget_totals(year=2025)
        assert totals["committed"] == totals["paid"] > 0

    page = client_for(ambrolauri, "council").get(
        "/programmes/summary/?received_from=2025-06-01&received_to=2025-08-31"
    )
    assert page.context["totals"]["total"] == 244

    with schema_context(tskaltubo.schema_name):
        demo.build(tskaltubo)
        lines = selectors.budget_lines(year=2023)
        assert len(lines) == 5
        in_kind = Service.objects.get(code="family_in_kind_aid")
        assert (in_kind.amount_rule, in_kind.amount) == ("cap", 2000)


def test_a_demo_built_in_a_later_year_has_that_years_programme(head):
    import time_machine

    from programmes.models import Programme

    with time_machine.travel(datetime.datetime(2028, 3, 1, 12, tzinfo=datetime.UTC), tick=False):
        demo.programmes_up_to_this_year(head=head)
    years = set(Programme.objects.filter(code="social_protection").values_list("year", flat=True))
    assert years == {2026, 2027, 2028}
