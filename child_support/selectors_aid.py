"""Reads of in-kind aid and referral costs: a family's aid in a year against its cap, and what child-support
cases spend of each programmes budget line (the budget page's column, the yearly report's figures)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import (
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.expressions import Combinable
from django.db.models.functions import Coalesce

from programmes.models import BudgetLine, Service

from .models import Provision, Referral

MONEY = DecimalField(max_digits=16, decimal_places=2)
ZERO = Decimal("0.00")

# A referral spends its budget line once the service took the child or family in: accepted, or done. One
# in progress is not yet paid for; a rejected or revoked one never was (money paid before a revocation is
# not recorded here: say so with an amount on a new referral if it matters).
SPENDING_STATUSES = (Referral.Status.ACCEPTED, Referral.Status.DONE)


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    """First day of ``year`` and first day of the next: queries use ``>= start`` and ``< end``."""
    return datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1)


# --- the family's cap ------------------------------------------------------------------------------------


def cap_of_line(line: BudgetLine) -> Decimal:
    """The cap per family and calendar year that aid spending ``line`` counts against: the line's service
    amount when the service pays "up to a cap", else CHILD_SUPPORT_FAMILY_AID_CAP."""
    service = line.service
    if service.amount_rule == Service.AmountRule.CAP and service.amount is not None:
        return service.amount
    return settings.CHILD_SUPPORT_FAMILY_AID_CAP


def cap_of_year(year: int) -> Decimal:
    """The cap shown for a family's year when no line is chosen yet (the case page): that of the year's
    first in-kind service with a cap, else CHILD_SUPPORT_FAMILY_AID_CAP."""
    amount = (
        Service.objects.filter(
            budget_lines__year=year,
            kind=Service.Kind.IN_KIND,
            amount_rule=Service.AmountRule.CAP,
            amount__isnull=False,
        )
        .order_by("position", "code")
        .values_list("amount", flat=True)
        .first()
    )
    return amount if amount is not None else settings.CHILD_SUPPORT_FAMILY_AID_CAP


def family_aid_given(*, household_id: int, year: int) -> Decimal:
    """The total of every provision the family received in ``year`` (all its cases, all categories)."""
    start, end = year_bounds(year)
    total = Provision.objects.filter(
        household_id=household_id, delivered_on__gte=start, delivered_on__lt=end
    ).aggregate(total=Sum("total"))["total"]
    return total if total is not None else ZERO


@dataclass(frozen=True)
class FamilyAid:
    year: int
    given: Decimal
    cap: Decimal

    @property
    def remaining(self) -> Decimal:
        return max(self.cap - self.given, ZERO)

    @property
    def over(self) -> bool:
        return self.given > self.cap


def family_aid(*, household_id: int, year: int, line: BudgetLine | None = None) -> FamilyAid:
    """The family's aid in ``year`` against its cap (that of ``line`` when given, see `cap_of_line`)."""
    cap = cap_of_line(line) if line is not None else cap_of_year(year)
    return FamilyAid(year=year, given=family_aid_given(household_id=household_id, year=year), cap=cap)


# --- what child-support cases spend of a budget line ----------------------------------------------------

# A referral's cost, as Referral.cost computes it: months times the monthly cost, or the amount paid.
REFERRAL_COST = Coalesce(
    ExpressionWrapper(F("monthly_cost") * F("months"), output_field=MONEY),
    F("amount"),
    Value(ZERO),
    output_field=MONEY,
)


def _provisions_of_line(line_ref: Combinable | OuterRef) -> QuerySet[Provision]:
    return Provision.objects.filter(budget_line=line_ref)


def _referrals_of_line(line_ref: Combinable | OuterRef) -> QuerySet[Referral]:
    return Referral.objects.filter(budget_line=line_ref, status__in=SPENDING_STATUSES)


def provisions_spent() -> Coalesce:
    """For a BudgetLine queryset: the total of the provisions spending each line (a line is of one year,
    and a provision's line is always of its delivery year, see services.provision_record)."""
    total = (
        _provisions_of_line(OuterRef("pk"))
        .order_by()
        .values("budget_line")
        .annotate(total=Sum("total"))
        .values("total")
    )
    return Coalesce(Subquery(total, output_field=MONEY), Value(ZERO), output_field=MONEY)


def referrals_spent() -> Coalesce:
    """For a BudgetLine queryset: the cost of the accepted and done referrals paid from each line."""
    total = (
        _referrals_of_line(OuterRef("pk"))
        .order_by()
        .values("budget_line")
        .annotate(total=Sum(REFERRAL_COST))
        .values("total")
    )
    return Coalesce(Subquery(total, output_field=MONEY), Value(ZERO), output_field=MONEY)


def child_support_spent() -> ExpressionWrapper:
    """For a BudgetLine queryset: provisions and referral costs of child-support cases, per line."""
    return ExpressionWrapper(provisions_spent() + referrals_spent(), output_field=MONEY)


def _count_of(queryset: QuerySet, field: str, group: str) -> Coalesce:
    counted = queryset.order_by().values(group).annotate(n=Count(field, distinct=True)).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def provision_families() -> Coalesce:
    """For a BudgetLine queryset: how many families received aid spending each line."""
    return _count_of(_provisions_of_line(OuterRef("pk")), "household", "budget_line")


def referral_families() -> Coalesce:
    """For a BudgetLine queryset: how many families had a paid referral on each line."""
    return _count_of(_referrals_of_line(OuterRef("pk")), "case__household", "budget_line")


def budget_lines_spending(*, year: int) -> QuerySet[BudgetLine]:
    """The year's budget lines with ``provisions_spent``, ``referrals_spent``, ``child_support_spent``,
    ``provision_families`` and ``referral_families`` (see the functions above), in one query."""
    return (
        BudgetLine.objects.filter(year=year)
        .select_related("service__programme")
        .annotate(
            provisions_spent=provisions_spent(),
            referrals_spent=referrals_spent(),
        )
        .annotate(
            child_support_spent=ExpressionWrapper(
                F("provisions_spent") + F("referrals_spent"), output_field=MONEY
            ),
            provision_families=provision_families(),
            referral_families=referral_families(),
        )
        .order_by("service__programme__code", "service__position", "service__code")
    )


def child_support_spent_total(*, year: int) -> Decimal:
    """Provisions and paid referral costs of child-support cases on the year's budget lines, in total."""
    provisions = Provision.objects.filter(budget_line__year=year).aggregate(t=Sum("total"))["t"] or ZERO
    referrals = (
        Referral.objects.filter(budget_line__year=year, status__in=SPENDING_STATUSES).aggregate(
            t=Sum(REFERRAL_COST)
        )["t"]
        or ZERO
    )
    return provisions + referrals
