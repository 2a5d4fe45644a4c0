"""Reads of the programmes register: querysets with their joins done, and aggregations computed in SQL."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    F,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from child_support import selectors_aid as child_support_aid
from municipal_platform import clock
from municipal_platform.disclosure import (
    exact_period_or_error,
    ledger,
    release_period_or_error,
    reporting_calendar,
)
from municipal_platform.disclosure.models import Release
from municipal_platform.periods import Period
from municipal_platform.roles import Role, has_role, reads_exact_figures

from . import workflow
from .models import (
    ApplicationEvent,
    BenefitApplication,
    BudgetLine,
    Consent,
    Payment,
    Person,
    PersonEvent,
    Programme,
    Service,
)

Status = BenefitApplication.Status
COMMITTED_STATUSES = BenefitApplication.COMMITTED_STATUSES
MONEY = DecimalField(max_digits=16, decimal_places=2)
ZERO = Value(Decimal(0), output_field=MONEY)
# The last day of a period left open at its end (its ``end`` is still a valid date).
OPEN_LAST_DAY = datetime.date.max - datetime.timedelta(days=1)


def received_period(
    received_from: datetime.date | None = None, received_to: datetime.date | None = None
) -> Period | None:
    """The period of ``received_from``..``received_to``, both days included, as every filter of the
    register and the summary takes it; a bound not given leaves that end open, and None means no bound."""
    if received_from is None and received_to is None:
        return None
    return Period(first_day=received_from or datetime.date.min, last_day=received_to or OPEN_LAST_DAY)


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


def services_open_on(day: datetime.date) -> QuerySet[Service]:
    """The services of the day's year's programmes that are open that day: what citizens may apply for."""
    return (
        Service.objects.filter(programme__year=day.year)
        .filter(Q(active_from__isnull=True) | Q(active_from__lte=day))
        .filter(Q(active_to__isnull=True) | Q(active_to__gte=day))
        .select_related("programme")
        .order_by("programme__code", "position", "code")
    )


def years_with_programmes() -> list[int]:
    return list(Programme.objects.order_by("-year").values_list("year", flat=True).distinct())


def programme_get(*, pk: int) -> Programme:
    return Programme.objects.get(pk=pk)


def service_get(*, pk: int) -> Service:
    return Service.objects.select_related("programme").get(pk=pk)


def budget_line_of(*, service: Service) -> BudgetLine | None:
    """The budget line of a service for its programme's year, if it has one."""
    return BudgetLine.objects.filter(service=service, year=service.programme.year).first()


# --- applications ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ApplicationFilters:
    service: int | None = None
    status: str = ""
    channel: str = ""
    received: Period | None = None
    q: str = ""

    @classmethod
    def of(
        cls,
        *,
        service: int | None = None,
        status: str = "",
        channel: str = "",
        received_from: datetime.date | None = None,
        received_to: datetime.date | None = None,
        q: str = "",
    ) -> ApplicationFilters:
        """The filters as the page and the API take them (``received_to`` is the last day included)."""
        return cls(
            service=service,
            status=status,
            channel=channel,
            received=received_period(received_from, received_to),
            q=q,
        )


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
    if f.received:
        qs = qs.filter(received_on__gte=f.received.first_day, received_on__lt=f.received.end)
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


def application_for_action(*, pk: int) -> BenefitApplication:
    """An application for one of its workflow pages, with what ``allowed_actions`` needs."""
    return (
        BenefitApplication.objects.select_related("service", "applicant")
        .annotate(paid_total=Coalesce(Sum("payments__amount"), ZERO))
        .get(pk=pk)
    )


def allowed_actions(application: BenefitApplication, user) -> list[workflow.Action]:
    """The workflow steps ``user`` may take on ``application`` now: review, correct, decide, pay, deliver,
    end the service, change the applicant's record, withdraw a consent.

    Asks the same questions the services ask before they write (``workflow.refusal`` and
    ``workflow.ROLES``). ``application`` carries ``paid_total`` (``application_detail`` and
    ``application_for_action`` annotate it).
    """
    paid_total = getattr(application, "paid_total", None)
    return [
        action
        for action in workflow.Action
        if has_role(user, *workflow.ROLES[action])
        and workflow.refusal(action, application, paid_total=paid_total) is None
    ]


def decision_queue() -> QuerySet[BenefitApplication]:
    """Applications waiting for a decision, the longest waiting first."""
    return (
        BenefitApplication.objects.filter(status__in=BenefitApplication.DECIDABLE_STATUSES)
        .select_related("applicant", "service")
        .order_by("received_on", "pk")
    )


def open_application_of(*, applicant: Person, service: Service) -> BenefitApplication | None:
    """The applicant's earliest application for the service that has not been decided yet, if any."""
    return (
        BenefitApplication.objects.filter(
            applicant=applicant, service=service, status__in=BenefitApplication.DECIDABLE_STATUSES
        )
        .order_by("received_on", "pk")
        .first()
    )


def application_get(*, pk: int) -> BenefitApplication:
    return BenefitApplication.objects.select_related("service").get(pk=pk)


def person_get(*, pk: int) -> Person:
    return Person.objects.get(pk=pk)


def person_with_history(*, pk: int) -> Person:
    """A person with their household and the history of changes to their record (oldest first)."""
    return (
        Person.objects.select_related("household")
        .prefetch_related(
            Prefetch("events", queryset=PersonEvent.objects.select_related("actor").order_by("at", "id"))
        )
        .get(pk=pk)
    )


def consent_list(*, person: Person) -> QuerySet[Consent]:
    return person.consents.order_by("given_on", "id")


def consent_get(*, pk: int) -> Consent:
    return Consent.objects.get(pk=pk)


def people_whose_consents(user) -> QuerySet[Person]:
    """The people whose consents ``user`` may read, record and withdraw.

    The front desk works the whole register. A social worker does not read the register: only the people
    whose help in kind they deliver (an approved application without money, waiting for delivery or
    delivered and not ended). Anyone else reaches nobody (the API's role check answers them first).
    """
    if has_role(user, Role.FRONT_DESK):
        return Person.objects.all()
    if has_role(user, Role.SOCIAL_WORKER):
        Status = BenefitApplication.Status
        in_kind = BenefitApplication.objects.filter(
            Q(decided_amount__isnull=True) | Q(decided_amount=0),
            status__in=(Status.APPROVED, Status.PAID),
        )
        return Person.objects.filter(pk__in=in_kind.values("applicant_id"))
    return Person.objects.none()


def person_for_consents(*, pk: int, user) -> Person:
    """The person ``pk`` when ``user`` may handle their consents; Person.DoesNotExist otherwise (a 404,
    so that an id outside one's reach says nothing about whether it exists)."""
    return people_whose_consents(user).get(pk=pk)


def consent_for(*, pk: int, user) -> Consent:
    """The consent ``pk`` when ``user`` may handle its person's consents; Consent.DoesNotExist otherwise."""
    return Consent.objects.select_related("person").get(pk=pk, person__in=people_whose_consents(user))


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
    applications), ``paid`` (payments) and ``child_support`` (what child and family cases spent of the
    line: in-kind aid and the cost of paid referrals, see child_support.selectors_aid), all summed in
    SQL; ``available`` is what is left after applications and cases. ``child_support_families`` and
    ``child_support_referral_families`` count the families the cases' money went to (for suppression)."""
    return (
        BudgetLine.objects.filter(year=year)
        .select_related("service__programme")
        .annotate(
            committed=_committed_subquery(),
            paid=_paid_subquery(),
            child_support=child_support_aid.child_support_spent(),
            child_support_families=child_support_aid.provision_families(),
            child_support_referral_families=child_support_aid.referral_families(),
        )
        .annotate(available=F("planned") - F("committed") - F("child_support"))
        .order_by("service__programme__code", "service__position", "service__code")
    )


def budget_totals(*, year: int) -> dict[str, Decimal]:
    """Totals of the year's budget lines, each summed in SQL over the same rows as ``budget_lines``:
    planned, committed, paid and available (after applications and child and family cases)."""
    totals = budget_totals_with_cases(year=year)
    del totals["child_support"]
    return totals


def budget_totals_with_cases(*, year: int) -> dict[str, Decimal]:
    """`budget_totals` and ``child_support``, what child and family cases spent of the year's lines."""
    sums = BudgetLine.objects.filter(year=year).aggregate(
        planned=Coalesce(Sum("planned"), ZERO),
        child_support=Coalesce(Sum(child_support_aid.child_support_spent()), ZERO),
    )
    planned, child_support = sums["planned"], sums["child_support"]
    committed = BenefitApplication.objects.filter(
        service__budget_lines__year=year, status__in=COMMITTED_STATUSES
    ).aggregate(total=Coalesce(Sum("decided_amount"), ZERO))["total"]
    paid = Payment.objects.filter(application__service__budget_lines__year=year).aggregate(
        total=Coalesce(Sum("amount"), ZERO)
    )["total"]
    return {
        "planned": planned,
        "committed": committed,
        "paid": paid,
        "child_support": child_support,
        "available": planned - committed - child_support,
    }


def budget_years() -> list[int]:
    return list(BudgetLine.objects.order_by("-year").values_list("year", flat=True).distinct())


def budget_line_with_figures(*, line: BudgetLine) -> BudgetLine:
    """The budget line with ``committed``, ``paid`` and ``available`` as ``budget_lines`` computes them."""
    return budget_lines(year=line.year).get(pk=line.pk)


# --- aggregates (what a council member may see) --------------------------------------------------------


def applications_by_service(*, received: Period | None = None) -> list[dict]:
    """Counts per service of the applications received in a period (every one when None): applications,
    by status group, by channel, by the applicant's sex, and the money decided. No names and no personal
    numbers."""
    app_filter = Q()
    if received:
        app_filter &= Q(applications__received_on__gte=received.first_day)
        app_filter &= Q(applications__received_on__lt=received.end)

    def count(extra: Q | None = None):
        return Count("applications", filter=app_filter & extra if extra is not None else app_filter)

    rows = (
        Service.objects.values("id", "code", "name_ka", "name_en", "programme__year")
        .annotate(
            total=count(),
            approved=count(Q(applications__status__in=COMMITTED_STATUSES)),
            rejected=count(Q(applications__status=Status.REJECTED)),
            pending=count(Q(applications__status__in=BenefitApplication.DECIDABLE_STATUSES)),
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
    return [dict(row) for row in rows]


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


def suppress_summary(
    rows: list[dict], totals: dict, *, threshold: int, also_hidden: set[tuple[object, str]] | None = None
) -> tuple[list[dict], dict]:
    """The summary with every count between 1 and threshold-1 hidden (None), and with what would reveal a
    hidden figure hidden too:

    - the money decided for a hidden number of approved applications (a fixed amount times the count
      would give the count back), and then the total money too (amounts differ between services, so the
      total money is a second sum of the approved counts beside the approved column);
    - complementary cells: wherever a hidden cell could be recovered by subtraction (a status, channel or
      sex group against its row's total, or a column against the totals row), the next smallest
      non-zero cell of that group is hidden as well, or the group's total when there is none.

    - a zero beside a hidden total and one hidden cell of the same group (everyone counted would be in
      that cell, e.g. all of a service's few applicants are women): the zero is hidden too.

    Repeated until no group has exactly one hidden member. The groups are visited in a fixed order, so
    the same data always gives the same table. ``also_hidden`` names cells hidden whatever their value,
    as (service id or "totals", column): a reporting year hides what any of its periods hides.
    """
    table = [dict(r) for r in rows] + [dict(totals)]
    last = len(table) - 1  # the totals row
    hidden = {(i, k) for i, row in enumerate(table) for k in SUMMARY_COUNTS if 0 < row[k] < threshold}
    if also_hidden:
        row_of = {row["id"]: i for i, row in enumerate(table[:-1])} | {"totals": last}
        hidden |= {(row_of[ref], k) for ref, k in also_hidden if ref in row_of}
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
        # the money of all services is a sum of counts weighted by each service's amount: a second
        # equation beside the approved column, which with the column would give hidden counts back
        if (last, "decided_amount") not in hidden and any(
            (i, "decided_amount") in hidden for i in range(last)
        ):
            hidden.add((last, "decided_amount"))
            changed = True
        for cells, total in groups:
            unknown = [c for c in (*cells, total) if c in hidden]
            if len(unknown) == 1:
                candidates = [c for c in cells if c not in hidden and value(c) != 0]
                hidden.add(min(candidates, key=value) if candidates else total)
                changed = True
                continue
            hidden_cells = [c for c in cells if c in hidden]
            zeros = [c for c in cells if c not in hidden]
            if len(hidden_cells) == 1 and value(total) and zeros and all(value(c) == 0 for c in zeros):
                hidden.add(zeros[0])
                changed = True
    for i, k in hidden:
        table[i][k] = None
    return table[:-1], table[-1]


@dataclass(frozen=True)
class Summary:
    rows: list[dict]
    totals: dict
    threshold: int | None  # None: exact figures
    period: Period | None = None  # the reporting period shown to a reader of suppressed figures


def _hidden_cells(rows: list[dict], totals: dict) -> set[tuple[object, str]]:
    cells: set[tuple[object, str]] = {(r["id"], k) for r in rows for k, v in r.items() if v is None}
    return cells | {("totals", k) for k, v in totals.items() if v is None}


def summary_for(*, user, received: Period | None = None) -> Summary:
    """Applications per service received in a period, as ``user`` may read them: exact for staff (any
    period of at least a month, or open at either end), with small figures hidden for everyone else, and
    then only for the reporting calendar's ended periods and years (the latest ended period when none is
    given; a year shows a cell only when every one of its periods shows it). See ``suppress_summary``."""
    if reads_exact_figures(user):
        if received and received.first_day != datetime.date.min and received.last_day != OPEN_LAST_DAY:
            exact_period_or_error(received, field="received_to")
        rows = applications_by_service(received=received)
        return Summary(rows=rows, totals=summary_totals(rows), threshold=None)
    calendar = reporting_calendar()
    if received is None:
        latest = calendar.latest(on=clock.today(), count=1)
        received = latest[0] if latest else None
    if received is None:
        return Summary(rows=[], totals=summary_totals([]), threshold=suppression_threshold())
    release_period_or_error(received, calendar=calendar, field="received_from")
    threshold = suppression_threshold()
    if calendar.is_period(received):
        release = _applications_release(received, threshold)
        rows, hidden = _released_rows(release), ledger.hidden_cells(release)
    else:
        # a year: the sum of its periods as released, showing what every version of every period shows
        periods = calendar.periods_of_year(received)
        rows = _summed_rows([_released_rows(r) for r in _applications_releases(periods, threshold)])
        hidden = ledger.hidden_in_any_version(Release.Topic.APPLICATIONS, periods)
    rows, totals = suppress_summary(rows, summary_totals(rows), threshold=threshold, also_hidden=hidden)
    return Summary(rows=rows, totals=totals, threshold=threshold, period=received)


def _released_rows(release: Release) -> list[dict]:
    return _rows_from_json(release.figures)


def _rows_from_json(figures: list[dict]) -> list[dict]:
    """Stored summary rows as ``applications_by_service`` gives them (money back to Decimal)."""
    return [dict(row, decided_amount=Decimal(row["decided_amount"])) for row in figures]


def _summed_rows(tables: list[list[dict]]) -> list[dict]:
    """Rows of several periods added up per service (services in the periods' order, newest year first)."""
    summed: dict[int, dict] = {}
    for rows in tables:
        for row in rows:
            if row["id"] not in summed:
                summed[row["id"]] = dict(row)
                continue
            entry = summed[row["id"]]
            for key in (*SUMMARY_COUNTS, "decided_amount"):
                entry[key] += row[key]
    return sorted(summed.values(), key=lambda r: -r["programme__year"])


def _applications_hidden_of(threshold: int) -> ledger.HiddenOf:
    def hidden_of(figures, also):
        rows = _rows_from_json(figures)
        return _hidden_cells(
            *suppress_summary(rows, summary_totals(rows), threshold=threshold, also_hidden=also)
        )

    return hidden_of


def _applications_release(period: Period, threshold: int) -> Release:
    """A calendar period's applications per service as released: as they were when first read after the
    period ended (see disclosure.ledger), whatever was entered or decided since."""
    return _applications_releases([period], threshold)[0]


def _applications_releases(periods: list[Period], threshold: int) -> list[Release]:
    return ledger.current_of_each(
        Release.Topic.APPLICATIONS,
        periods,
        compute=lambda period: applications_by_service(received=period),
        hidden_of=_applications_hidden_of(threshold),
        threshold=threshold,
    )


# --- the budget as a reader of suppressed figures may see it ------------------------------------------


@dataclass(frozen=True)
class Budget:
    lines: list[BudgetLine]
    totals: dict
    threshold: int | None  # None: exact figures


def budget_for(*, user, year: int) -> Budget:
    """The year's budget lines as ``user`` may read them. For readers of suppressed figures the money
    child-support cases spent of a line (and its available) is hidden when it went to 1 to threshold-1
    families (by aid or by paid referrals), and the money of a service (committed, paid, available) is
    hidden where money divided by the service's amount would
    give a hidden count: its committed or paid applications number 1 to threshold-1, or its approved count
    is hidden in a released summary period, or its committed applications differ by 1 to threshold-1 from
    the approved counts released for it (received in no released period, entered or decided after their
    period was released: see ``disclosure.ledger``).
    The totals' money is hidden as soon as one line's is (the total minus the others would give it)."""
    lines = list(budget_lines(year=year))
    totals: dict[str, Decimal | None] = dict(budget_totals_with_cases(year=year))
    if reads_exact_figures(user):
        return Budget(lines=lines, totals=totals, threshold=None)
    threshold = suppression_threshold()
    hidden = _services_with_hidden_money([line.service_id for line in lines], threshold)
    for line in lines:
        if line.service_id in hidden:
            line.committed = line.paid = line.available = None  # type: ignore[attr-defined]
    # child-support money of one or two families would give their aid: hidden by the families it went to
    cases_hidden = [
        line
        for line in lines
        if 0 < line.child_support_families < threshold  # type: ignore[attr-defined]
        or 0 < line.child_support_referral_families < threshold  # type: ignore[attr-defined]
    ]
    for line in cases_hidden:
        line.child_support = line.available = None  # type: ignore[attr-defined]
    if hidden:
        totals.update(committed=None, paid=None, available=None)
    if cases_hidden:
        totals.update(child_support=None, available=None)
    return Budget(lines=lines, totals=totals, threshold=threshold)


def _services_with_hidden_money(service_ids: list[int], threshold: int) -> set[int]:
    committed = BenefitApplication.objects.filter(service__in=service_ids, status__in=COMMITTED_STATUSES)
    counts = {
        row["service"]: row
        for row in committed.order_by()
        .values("service")
        .annotate(n=Count("id"), paid=Count("id", filter=Q(payments__isnull=False), distinct=True))
    }
    hidden = {s for s, row in counts.items() if 0 < row["n"] < threshold or 0 < row["paid"] < threshold}
    if not counts:
        return hidden
    calendar = reporting_calendar()
    first = BenefitApplication.objects.aggregate(first=Min("received_on"))["first"]
    released: dict[int, int] = dict.fromkeys(counts, 0)
    periods = [
        calendar.period(index)
        for index in range(max(calendar.index_of(first), 0), calendar.index_of(clock.today()))
    ]
    for release in _applications_releases(periods, threshold):
        rows = _released_rows(release)
        rows, _totals = suppress_summary(
            rows, summary_totals(rows), threshold=threshold, also_hidden=ledger.hidden_cells(release)
        )
        for row in rows:
            if row["id"] not in counts:
                continue
            if row["approved"] is None:
                hidden.add(row["id"])
            else:
                released[row["id"]] += row["approved"]
    # the money counts every committed application; the released summaries count those approved in a
    # released period as it was released. The difference (received before the calendar starts or in the
    # current period, entered or decided after their period was released, revoked since) would come
    # back as money minus released counts: hidden when it is 1 to threshold-1
    for service, committed_row in counts.items():
        if 0 < abs(committed_row["n"] - released[service]) < threshold:
            hidden.add(service)
    return hidden
