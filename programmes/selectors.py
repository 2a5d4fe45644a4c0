"""Reads of the programmes register: querysets with their joins done, and aggregations computed in SQL."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, DecimalField, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from municipal_platform.roles import MUNICIPALITY_ROLES, Role, has_role

from .models import (
    ApplicationEvent,
    BenefitApplication,
    BudgetLine,
    Payment,
    Person,
    PersonEvent,
    Programme,
    Service,
)

Status = BenefitApplication.Status
COMMITTED_STATUSES = (Status.APPROVED, Status.PAID, Status.SERVICE_ENDED)
DECIDED_STATUSES = (Status.APPROVED, Status.REJECTED, Status.PAID, Status.SERVICE_ENDED)
MONEY = DecimalField(max_digits=16, decimal_places=2)
ZERO = Value(Decimal(0), output_field=MONEY)


# --- catalogue ---------------------------------------------------------------------------------------


def programme_list(*, year: int | None = None) -> QuerySet[Programme]:
    qs = Programme.objects.prefetch_related(
        Prefetch("services", queryset=Service.objects.order_by("position", "code"))
    )
    if year:
        qs = qs.filter(year=year)
    return qs.order_by("-year", "code")


def service_list(*, year: int | None = None) -> QuerySet[Service]:
    qs = Service.objects.select_related("programme")
    if year:
        qs = qs.filter(programme__year=year)
    return qs.order_by("-programme__year", "programme__code", "position", "code")


def years_with_programmes() -> list[int]:
    return list(Programme.objects.order_by("-year").values_list("year", flat=True).distinct())


# --- applications ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ApplicationFilters:
    service: int | None = None
    status: str = ""
    channel: str = ""
    received_from: datetime.date | None = None
    received_to: datetime.date | None = None
    q: str = ""


def application_list(*, filters: ApplicationFilters | None = None) -> QuerySet[BenefitApplication]:
    """The register, newest first, with service and applicant joined in the same query."""
    f = filters or ApplicationFilters()
    qs = BenefitApplication.objects.select_related("service", "applicant").only(
        "id",
        "number",
        "channel",
        "received_on",
        "status",
        "decided_amount",
        "decided_on",
        "feedback_form_handed",
        "service__id",
        "service__code",
        "service__name_ka",
        "service__name_en",
        "applicant__id",
        "applicant__first_name",
        "applicant__last_name",
        "applicant__personal_number",
    )
    if f.service:
        qs = qs.filter(service_id=f.service)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.channel:
        qs = qs.filter(channel=f.channel)
    if f.received_from:
        qs = qs.filter(received_on__gte=f.received_from)
    if f.received_to:
        qs = qs.filter(received_on__lte=f.received_to)
    if f.q:
        qs = qs.filter(_search(f.q))
    return qs.order_by("-received_on", "-id")


def _search(term: str) -> Q:
    """Prefix search that the indexes can serve: an 11-digit personal number exactly, the start of a
    registration or personal number, or the start of the applicant's surname / first name
    ("first last" matches both)."""
    term = " ".join(term.split())
    if term.isdigit() and len(term) == 11:
        return Q(applicant__personal_number=term)
    if term[:1].isdigit() and not term.isdigit():
        return Q(number__startswith=term)  # "2025-0001…"
    if term.isdigit():
        people = Person.objects.filter(personal_number__startswith=term)
        return Q(number__startswith=term) | Q(applicant__in=people.values("id"))
    words = term.split(" ")
    if len(words) >= 2:
        people = Person.objects.filter(
            first_name__istartswith=words[0], last_name__istartswith=" ".join(words[1:])
        )
    else:
        people = Person.objects.filter(Q(last_name__istartswith=term) | Q(first_name__istartswith=term))
    return Q(applicant__in=people.values("id"))


def application_detail(*, pk: int) -> BenefitApplication:
    return (
        BenefitApplication.objects.select_related(
            "service__programme", "applicant__household", "decided_by", "registered_by"
        )
        .prefetch_related(
            Prefetch(
                "events", queryset=ApplicationEvent.objects.select_related("actor").order_by("at", "id")
            ),
            Prefetch(
                "payments", queryset=Payment.objects.select_related("recorded_by").order_by("paid_on", "id")
            ),
            "applicant__consents",
            Prefetch(
                "applicant__events", queryset=PersonEvent.objects.select_related("actor").order_by("at", "id")
            ),
            Prefetch(
                "applicant__household__members",
                queryset=Person.objects.only("id", "household_id", "first_name", "last_name", "birth_date"),
            ),
        )
        .annotate(paid_total=Coalesce(Sum("payments__amount"), ZERO))
        .get(pk=pk)
    )


def paid_total(*, application: BenefitApplication) -> Decimal:
    return application.payments.aggregate(total=Coalesce(Sum("amount"), ZERO))["total"]


# --- budget ------------------------------------------------------------------------------------------


# An application spends the budget line of its service for the service's programme year (a line is
# always for that year, see services.budget_line_set), whatever the date of the decision or payment.


def _committed_subquery():
    decided = (
        BenefitApplication.objects.filter(service=OuterRef("service"), status__in=COMMITTED_STATUSES)
        .order_by()
        .values("service")
        .annotate(total=Sum("decided_amount"))
        .values("total")
    )
    return Coalesce(Subquery(decided, output_field=MONEY), ZERO)


def _paid_subquery():
    paid = (
        Payment.objects.filter(application__service=OuterRef("service"))
        .order_by()
        .values("application__service")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return Coalesce(Subquery(paid, output_field=MONEY), ZERO)


def budget_lines(*, year: int) -> QuerySet[BudgetLine]:
    """Budget lines of a year with ``committed`` (decided amounts of approved, paid and ended
    applications) and ``paid`` (payments), both summed in SQL."""
    return (
        BudgetLine.objects.filter(year=year)
        .select_related("service__programme")
        .annotate(committed=_committed_subquery(), paid=_paid_subquery())
        .annotate(available=F("planned") - F("committed"))
        .order_by("service__programme__code", "service__position", "service__code")
    )


def budget_totals(*, year: int) -> dict[str, Decimal]:
    """Totals of the year's budget lines, each summed in SQL over the same rows as ``budget_lines``."""
    planned = BudgetLine.objects.filter(year=year).aggregate(total=Coalesce(Sum("planned"), ZERO))["total"]
    committed = BenefitApplication.objects.filter(
        service__budget_lines__year=year, status__in=COMMITTED_STATUSES
    ).aggregate(total=Coalesce(Sum("decided_amount"), ZERO))["total"]
    paid = Payment.objects.filter(application__service__budget_lines__year=year).aggregate(
        total=Coalesce(Sum("amount"), ZERO)
    )["total"]
    return {"planned": planned, "committed": committed, "paid": paid, "available": planned - committed}


def budget_years() -> list[int]:
    return list(BudgetLine.objects.order_by("-year").values_list("year", flat=True).distinct())


# --- aggregates (what a council member may see) --------------------------------------------------------


def applications_by_service(
    *, received_from: datetime.date | None = None, received_to: datetime.date | None = None
) -> list[dict]:
    """Counts per service in a period: applications, by status group, by channel, by the applicant's sex,
    and the money decided. No names and no personal numbers."""
    app_filter = Q()
    if received_from:
        app_filter &= Q(applications__received_on__gte=received_from)
    if received_to:
        app_filter &= Q(applications__received_on__lte=received_to)

    def count(extra: Q | None = None):
        return Count("applications", filter=app_filter & extra if extra is not None else app_filter)

    return list(
        Service.objects.values("id", "code", "name_ka", "name_en", "programme__year")
        .annotate(
            total=count(),
            approved=count(Q(applications__status__in=COMMITTED_STATUSES)),
            rejected=count(Q(applications__status=Status.REJECTED)),
            pending=count(Q(applications__status__in=(Status.RECEIVED, Status.UNDER_REVIEW))),
            paper=count(Q(applications__channel="paper")),
            email=count(Q(applications__channel="email")),
            online=count(Q(applications__channel="online")),
            women=count(Q(applications__applicant__sex="female")),
            men=count(Q(applications__applicant__sex="male")),
            decided_amount=Coalesce(
                Sum(
                    "applications__decided_amount",
                    filter=app_filter & Q(applications__status__in=COMMITTED_STATUSES),
                ),
                ZERO,
            ),
        )
        .filter(total__gt=0)
        .order_by("-programme__year", "position", "code")
    )


SUMMARY_COUNTS = ("total", "approved", "rejected", "pending", "paper", "email", "online", "women", "men")
# Each of these groups of counts adds up to its row's total (status, channel, the applicant's sex).
SUMMARY_PARTS = (("approved", "rejected", "pending"), ("paper", "email", "online"), ("women", "men"))


def summary_totals(rows: list[dict]) -> dict:
    keys = (*SUMMARY_COUNTS, "decided_amount")
    return {k: sum((r[k] for r in rows), Decimal(0) if k == "decided_amount" else 0) for k in keys}


# --- what a council member may see: small figures hidden -------------------------------------------------


DEFAULT_SUPPRESSION_THRESHOLD = 5


def suppression_threshold() -> int:
    """The municipality's smallest published figure, from its feedback settings (5 unless set there,
    never below 3), so that programmes and feedback hide the same figures."""
    # Imported here: the feedback app imports programmes, and only its settings row is needed.
    from feedback.models import MIN_SUPPRESSION_THRESHOLD, FeedbackSettings

    value = FeedbackSettings.objects.order_by("pk").values_list("suppression_threshold", flat=True).first()
    return max(MIN_SUPPRESSION_THRESHOLD, DEFAULT_SUPPRESSION_THRESHOLD if value is None else value)


def suppress_summary(rows: list[dict], totals: dict, *, threshold: int) -> tuple[list[dict], dict]:
    """The summary with every count between 1 and threshold-1 hidden (None), and with what would reveal a
    hidden figure hidden too:

    - the money decided for a hidden number of approved applications (a fixed amount times the count
      would give the count back);
    - complementary cells: wherever a hidden cell could be recovered by subtraction (a status, channel or
      sex group against its row's total, or a column against the totals row), the next smallest
      non-zero cell of that group is hidden as well, or the group's total when there is none.

    Repeated until no group has exactly one hidden member. The groups are visited in a fixed order, so
    the same data always gives the same table.
    """
    table = [dict(r) for r in rows] + [dict(totals)]
    last = len(table) - 1  # the totals row
    hidden = {(i, k) for i, row in enumerate(table) for k in SUMMARY_COUNTS if 0 < row[k] < threshold}
    # Each group is an equation: the cells add up to the total.
    groups: list[tuple[list[tuple[int, str]], tuple[int, str]]] = [
        ([(i, k) for k in part], (i, "total")) for i in range(len(table)) for part in SUMMARY_PARTS
    ]
    groups += [([(i, k) for i in range(last)], (last, k)) for k in (*SUMMARY_COUNTS, "decided_amount")]

    def value(cell: tuple[int, str]):
        return table[cell[0]][cell[1]]

    changed = True
    while changed:
        changed = False
        for i in range(len(table)):
            if (i, "approved") in hidden and (i, "decided_amount") not in hidden:
                hidden.add((i, "decided_amount"))
                changed = True
        for cells, total in groups:
            unknown = [c for c in (*cells, total) if c in hidden]
            if len(unknown) != 1:
                continue
            candidates = [c for c in cells if c not in hidden and value(c) != 0]
            hidden.add(min(candidates, key=value) if candidates else total)
            changed = True
    for i, k in hidden:
        table[i][k] = None
    return table[:-1], table[-1]


def _sees_exact_figures(user) -> bool:
    """Staff read exact figures; a council member without a staff role reads them with small cells hidden."""
    return has_role(user, *(r for r in MUNICIPALITY_ROLES if r != Role.COUNCIL_MEMBER))


@dataclass(frozen=True)
class Summary:
    rows: list[dict]
    totals: dict
    threshold: int | None  # None: exact figures


def summary_for(
    *, user, received_from: datetime.date | None = None, received_to: datetime.date | None = None
) -> Summary:
    """Applications per service as ``user`` may read them (see ``suppress_summary``)."""
    rows = applications_by_service(received_from=received_from, received_to=received_to)
    totals = summary_totals(rows)
    if _sees_exact_figures(user):
        return Summary(rows=rows, totals=totals, threshold=None)
    threshold = suppression_threshold()
    rows, totals = suppress_summary(rows, totals, threshold=threshold)
    return Summary(rows=rows, totals=totals, threshold=threshold)
