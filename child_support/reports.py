"""The yearly results of child and family support (seed 003): one object for the API, the command and the
council's page, exact for staff and with small cells hidden for council members.

What each figure counts (families are households, never provisions):

- ``families_with_appliances`` / ``families_with_stationery``: households with a provision of that
  category delivered in the year (also ``aid_by_category[...]["families"]``);
- ``children_autism_funded``: children with an autism-therapy referral made in the year and accepted or
  done; ``early_development_families``: households with an early-development referral made in the year,
  accepted or done; ``inclusive_centre_enrolments``: inclusive-centre referrals enrolled in the year,
  accepted or done;
- ``aid_total_gel`` and ``aid_by_category``: provisions delivered in the year;
- ``aid_by_budget_line``: the year's budget lines of every programme whose lines child-support cases
  spend; ``spent`` is the provisions on the line plus the cost of its accepted or done referrals
  (monthly cost times months, or the amount paid), ``remaining`` is planned minus spent;
- ``cases_by_status``: every case opened up to the year's last day, by its status today (kept simple: not
  the status it had on 31 December);
- ``children_served``: the children of cases with a provision delivered or a referral made in the year,
  each counted once, by sex and by age on 31 December of the year (one fixed day, as statistics offices
  count; "18+" holds those who turned 18 during the year).

Housing figures are added by the housing module. Every figure is an aggregate computed in SQL, in a fixed
number of queries whatever the number of cases. Money is text with two decimals, as elsewhere in the API.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import (
    Count,
    DecimalField,
    Exists,
    OuterRef,
    Q,
    Sum,
    Value,
)
from django.utils.translation import gettext as _

from municipal_platform import clock
from municipal_platform.disclosure import ledger
from municipal_platform.disclosure.models import Release
from municipal_platform.disclosure.suppression import Suppression, hidden_keys
from municipal_platform.periods import Period
from programmes.models import BudgetLine, Person
from programmes.selectors import suppression_threshold

from . import selectors_aid
from .models import Case, CaseChild, Provision, Referral

MONEY = DecimalField(max_digits=16, decimal_places=2)
ZERO = Value(Decimal(0), output_field=MONEY)
CENT = Decimal("0.01")
# a referral the municipality pays for: accepted by the service, or done
FUNDED = selectors_aid.SPENDING_STATUSES
AGE_BANDS = (("0-6", 0, 6), ("7-13", 7, 13), ("14-17", 14, 17), ("18+", 18, None))
SEXES = ("female", "male")
FIRST_YEAR = 2000


def year_or_error(value: object, *, field: str = "year") -> int:
    """The report's year from a query parameter or an option: four digits, 2000 up to next year, else a
    ValidationError on ``field`` saying so."""
    text = str(value if value is not None else "").strip()
    last = clock.today().year + 1
    if len(text) != 4 or not text.isdigit() or not FIRST_YEAR <= int(text) <= last:
        raise ValidationError(
            {
                field: _("Give the year as four digits, from %(first)d to %(last)d.")
                % {"first": FIRST_YEAR, "last": last}
            }
        )
    return int(text)


def year_period(year: int) -> Period:
    return Period(first_day=datetime.date(year, 1, 1), last_day=datetime.date(year, 12, 31))


def _money(value: Decimal | None) -> str:
    return str((value or Decimal(0)).quantize(CENT))


def _cents(text: str) -> int:
    return int(Decimal(text) * 100)


# --- the exact figures ------------------------------------------------------------------------------------


def exact_figures(year: int) -> dict[str, Any]:
    """The year's exact figures, as released to the ledger (money as text, cells by code)."""
    period = year_period(year)
    in_year = {"gte": period.first_day, "lt": period.end}

    provisions = Provision.objects.filter(delivered_on__gte=in_year["gte"], delivered_on__lt=in_year["lt"])
    empty: dict[str, Any] = {}
    by_category: dict[str, dict[str, Any]] = {
        row["category"]: dict(row)
        for row in provisions.order_by()
        .values("category")
        .annotate(families=Count("household", distinct=True), provisions=Count("id"), total=Sum("total"))
    }
    categories = {
        code: {
            "families": by_category.get(code, empty).get("families", 0),
            "provisions": by_category.get(code, empty).get("provisions", 0),
            "total_gel": _money(by_category.get(code, empty).get("total")),
        }
        for code in Provision.Category.values
    }

    referred = Q(referred_on__gte=in_year["gte"], referred_on__lt=in_year["lt"])
    enrolled = Q(enrolled_on__gte=in_year["gte"], enrolled_on__lt=in_year["lt"])
    funded = Q(status__in=FUNDED)
    kind = Referral.Kind
    referrals = (
        Referral.objects.filter(referred | enrolled)
        .order_by()
        .aggregate(
            autism=Count(
                "child__person", distinct=True, filter=funded & referred & Q(kind=kind.AUTISM_THERAPY)
            ),
            early=Count(
                "case__household", distinct=True, filter=funded & referred & Q(kind=kind.EARLY_DEVELOPMENT)
            ),
            inclusive=Count("id", filter=funded & enrolled & Q(kind=kind.INCLUSIVE_CENTRE)),
        )
    )

    statuses = dict(
        Case.objects.filter(opened_on__lt=in_year["lt"])
        .order_by()
        .values("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )

    # each child once (a person may be a child of two cases): counted over the register's people, whose
    # rows are distinct already, so no count needs a DISTINCT
    served_cases = Case.objects.filter(
        Q(
            Exists(
                Provision.objects.filter(
                    case=OuterRef("pk"), delivered_on__gte=in_year["gte"], delivered_on__lt=in_year["lt"]
                )
            )
        )
        | Q(Exists(Referral.objects.filter(Q(case=OuterRef("pk")) & referred)))
    )
    children = (
        Person.objects.filter(Exists(CaseChild.objects.filter(person=OuterRef("pk"), case__in=served_cases)))
        .order_by()
        .aggregate(
            total=Count("id"),
            **{sex: Count("id", filter=Q(sex=sex)) for sex in SEXES},
            **{
                f"age_{band}": Count("id", filter=_born_for_age(year, low, high))
                for band, low, high in AGE_BANDS
            },
        )
    )

    return {
        "year": year,
        "aid_by_category": categories,
        "aid_total_gel": _money(sum((Decimal(c["total_gel"]) for c in categories.values()), Decimal(0))),
        "children_autism_funded": referrals["autism"],
        "early_development_families": referrals["early"],
        "inclusive_centre_enrolments": referrals["inclusive"],
        "aid_by_budget_line": _budget_lines(year),
        "cases_by_status": {status: statuses.get(status, 0) for status in Case.Status.values},
        "children_served": {
            "total": children["total"],
            "by_sex": {sex: children[sex] for sex in SEXES},
            "by_age_band": {band: children[f"age_{band}"] for band, _low, _high in AGE_BANDS},
        },
    }


def _born_for_age(year: int, low: int, high: int | None) -> Q:
    """Children aged ``low`` to ``high`` (both included) on 31 December of ``year``: born in the years
    ``year - high`` to ``year - low``."""
    rule = Q(birth_date__lt=datetime.date(year - low + 1, 1, 1))
    if high is not None:
        rule &= Q(birth_date__gte=datetime.date(year - high, 1, 1))
    return rule


def _budget_lines(year: int) -> list[dict[str, Any]]:
    """One query: the year's lines of the programmes child-support cases spend (selectors_aid's figures of
    each line), with how many families the spending reached (kept for the suppression, not shown)."""
    on_line = {"budget_line": OuterRef("pk")}
    used = BudgetLine.objects.filter(year=year).filter(
        Exists(Provision.objects.filter(**on_line)) | Exists(Referral.objects.filter(**on_line))
    )
    # (the mypy plugin does not see selectors_aid's annotations)
    rows = (
        selectors_aid.budget_lines_spending(year=year)  # type: ignore[misc]
        .filter(service__programme__in=used.values("service__programme"))
        # named columns only: the sum of the two spendings would run both subqueries again
        .values(
            "service__code",
            "service__name_ka",
            "service__name_en",
            "planned",
            "provisions_spent",
            "referrals_spent",
            "provision_families",
            "referral_families",
        )
    )
    lines = []
    for row in rows:
        spent = row["provisions_spent"] + row["referrals_spent"]
        lines.append(
            {
                "service_code": row["service__code"],
                "name": row["service__name_ka"],
                "name_en": row["service__name_en"],
                "planned": _money(row["planned"]),
                "spent": _money(spent),
                "remaining": _money(row["planned"] - spent),
                "provision_families": row["provision_families"],
                "referral_families": row["referral_families"],
            }
        )
    return lines


# --- what a council member reads: small cells hidden --------------------------------------------------------


class _ReportSuppression(Suppression):
    """The feedback summary's suppression (small cells and their complements), with money cells: money is
    never small on its own, it is hidden only with the counts it would give back."""

    def add_money(self, key: Any, text: str) -> None:
        self.value[key] = _cents(text)


def _suppression(
    figures: dict[str, Any], threshold: int, also_hidden: Iterable[Any] = ()
) -> _ReportSuppression:
    """Which cells a council member does not see:

    - a count between 1 and threshold-1 (families per category, children funded, enrolments, cases per
      status, children by sex and age band), and, in every group that adds up to a published total (the
      statuses and ``cases_total``, the sexes and the age bands and the children served), a second cell so
      that no hidden count is the total minus the others;
    - a category's money with its families or provisions (an item of fixed value times the count would give
      the count back), and the year's aid total when any category's money is hidden (the total minus the
      others would give it);
    - a budget line's spent and remaining when its spending reached 1 to threshold-1 families, and the aid
      total with it (the lines' provisions add up to it).
    """
    sup = _ReportSuppression(threshold)
    for code, cell in figures["aid_by_category"].items():
        sup.add(("category", code, "families"), cell["families"])
        sup.add(("category", code, "provisions"), cell["provisions"])
        sup.add_money(("category", code, "total_gel"), cell["total_gel"])
        sup.hides(("category", code, "families"), ("category", code, "total_gel"))
        sup.hides(("category", code, "provisions"), ("category", code, "total_gel"))
    sup.add_money("aid_total_gel", figures["aid_total_gel"])
    sup.group("aid_total_gel", [("category", code, "total_gel") for code in figures["aid_by_category"]])
    for key in ("children_autism_funded", "early_development_families", "inclusive_centre_enrolments"):
        sup.add(key, figures[key])
    for line in figures["aid_by_budget_line"]:
        code = line["service_code"]
        sup.add_money(("line", code, "spent"), line["spent"])
        sup.add_money(("line", code, "remaining"), line["remaining"])
        sup.together(("line", code, "spent"), ("line", code, "remaining"))
        small = any(0 < line[k] < threshold for k in ("provision_families", "referral_families"))
        if small:
            sup.hidden.add(("line", code, "spent"))
        sup.hides(("line", code, "spent"), "aid_total_gel")
    statuses = figures["cases_by_status"]
    for status, n in statuses.items():
        sup.add(("status", status), n)
    sup.add("cases_total", sum(statuses.values()))
    sup.group("cases_total", [("status", s) for s in statuses])
    children = figures["children_served"]
    sup.add("children_total", children["total"])
    for sex, n in children["by_sex"].items():
        sup.add(("sex", sex), n)
    sup.group("children_total", [("sex", s) for s in children["by_sex"]])
    for band, n in children["by_age_band"].items():
        sup.add(("age", band), n)
    # children with no date of birth are in no band: never shown, so the bands' sum cannot name them
    sup.add("age_unknown", children["total"] - sum(children["by_age_band"].values()), published=False)
    sup.group("children_total", [*(("age", b) for b in children["by_age_band"]), "age_unknown"])
    sup.hidden.update(k for k in also_hidden if k in sup.value)
    sup.run()
    return sup


def _hidden_of(threshold: int) -> ledger.HiddenOf:
    return lambda figures, also: set(_suppression(figures, threshold, also).hidden)


def _view(figures: dict[str, Any], sup: _ReportSuppression | None, threshold: int | None) -> dict[str, Any]:
    """The report object: ``figures`` as they are (``sup`` None) or with ``sup``'s hidden cells null."""

    def get(key: Any, exact: Any) -> Any:
        return exact if sup is None or key not in sup.hidden else None

    categories = {
        code: {
            field: get(("category", code, field), cell[field])
            for field in ("families", "provisions", "total_gel")
        }
        for code, cell in figures["aid_by_category"].items()
    }
    children = figures["children_served"]
    statuses = figures["cases_by_status"]
    out: dict[str, Any] = {
        "year": figures["year"],
        "exact": sup is None,
        "threshold": threshold,
        "families_with_appliances": categories[Provision.Category.APPLIANCES]["families"],
        "families_with_stationery": categories[Provision.Category.STATIONERY]["families"],
        "children_autism_funded": get("children_autism_funded", figures["children_autism_funded"]),
        "early_development_families": get(
            "early_development_families", figures["early_development_families"]
        ),
        "inclusive_centre_enrolments": get(
            "inclusive_centre_enrolments", figures["inclusive_centre_enrolments"]
        ),
        "aid_total_gel": get("aid_total_gel", figures["aid_total_gel"]),
        "aid_by_category": categories,
        "aid_by_budget_line": [
            {
                "service_code": line["service_code"],
                "name": line["name"],
                "name_en": line["name_en"],
                "planned": line["planned"],
                "spent": get(("line", line["service_code"], "spent"), line["spent"]),
                "remaining": get(("line", line["service_code"], "remaining"), line["remaining"]),
            }
            for line in figures["aid_by_budget_line"]
        ],
        "cases_total": get("cases_total", sum(statuses.values())),
        "cases_by_status": {s: get(("status", s), n) for s, n in statuses.items()},
        "children_served": {
            "total": get("children_total", children["total"]),
            "by_sex": {s: get(("sex", s), n) for s, n in children["by_sex"].items()},
            "by_age_band": {b: get(("age", b), n) for b, n in children["by_age_band"].items()},
        },
    }
    out["hidden"] = hidden_keys(out)
    return out


def yearly_report(*, year: int, exact: bool) -> dict[str, Any]:
    """The year's report (see the module's docstring), JSON-serialisable.

    ``exact``: the figures as they are now (staff, the operator's command). Otherwise, for readers of
    suppressed figures: only a year that has ended (a year under way would change from one reading to the
    next, and two readings subtracted give back small cells), as released to the disclosure ledger when
    first read after it ended (later entries change no released figure), with small cells and the cells
    that would give them back null (``hidden`` lists their paths; ``threshold`` is the municipality's).
    """
    if exact:
        return _view(exact_figures(year), None, None)
    period = year_period(year)
    if period.last_day >= clock.today():
        raise ValidationError(
            {"year": _("Figures of %(year)d are released once the year has ended.") % {"year": year}}
        )
    threshold = suppression_threshold()
    release = ledger.current(
        Release.Topic.CHILD_SUPPORT,
        period,
        compute=lambda: exact_figures(year),
        hidden_of=_hidden_of(threshold),
        threshold=threshold,
    )
    figures = release.figures
    return _view(figures, _suppression(figures, threshold, ledger.hidden_cells(release)), threshold)
