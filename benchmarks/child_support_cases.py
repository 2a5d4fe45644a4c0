"""Child and family cases at scale: fixed query counts, the price of the read audit, the yearly report.

Run: `.venv/bin/python benchmarks/child_support_cases.py [--cases 10000] [--provisions 100000] [--runs 30] [--keep]`.
Uses the configured database (DATABASE_URL or the embedded one). It provisions a scratch municipality
`bench-child-support` with 50 social workers and fills it with bulk inserts straight through the ORM
(`bulk_create`, not through the services: the services' checks and locks are not what is measured, and
they would take an hour for 100,000 provisions), with the trigger audit's history copies paused for the
seed's own inserts. The rows are shaped like real ones: every case has a
household, children, an assessment with needs, a review, an approved plan with actions, referrals,
history and a read trail, and the provisions spread over two years and every category.

Measured in the same run, through Django's full request stack in-process (middleware, tenant routing,
session, two-factor check, view, template), or the selector alone where the page is not wired yet:

1. queries of the worker's list, the head of service's list and a case page, first with 10 cases (one
   provision each, one of everything), then with --cases cases and --provisions provisions (and a case
   with many of everything): the counts must be equal;
2. the case page with its audit write against the same page with `visibility.audit` replaced by a no-op
   (a benchmark-only switch), requested alternately, medians and their ratio (target: within 1.2x);
3. `child_support.reports.yearly_report` for each year of the data, median time (target: under 1 s),
   beside the main aggregation written as bare SQL (the floor Django cannot beat).

No figure is asserted; the script prints them. The scratch municipality is dropped unless --keep is given.
"""

from __future__ import annotations

import argparse
import datetime
import importlib
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "platform")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "municipal_platform.settings")

import warnings  # noqa: E402

import django  # noqa: E402

# whitenoise's note when collectstatic has not run: the pages measured here do not serve static files
warnings.filterwarnings("ignore", message="No directory at")
django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402
from django_tenants.utils import schema_context  # noqa: E402

from child_support import visibility  # noqa: E402
from child_support.models import (  # noqa: E402
    Assessment,
    AssessmentNeed,
    Case,
    CaseAuditEntry,
    CaseChild,
    CaseEvent,
    Plan,
    PlanAction,
    Provision,
    ProvisionItem,
    Referral,
    Review,
    ReviewMember,
)
from municipal_platform.accounts.models import User  # noqa: E402
from municipal_platform.accounts.services import user_create  # noqa: E402
from municipal_platform.roles import Role  # noqa: E402
from programmes.models import BudgetLine, Consent, Household, Person, Programme, Service  # noqa: E402
from tenants.models import Municipality  # noqa: E402
from tenants.services import municipality_create  # noqa: E402
from tests.two_factor import verify_session  # noqa: E402

SLUG = "bench-child-support"
PASSWORD = "bench-password-123"
BATCH = 5000
WORKERS = 50
YEARS = (datetime.date.today().year - 1, datetime.date.today().year)
SETTLEMENTS = ["წყალტუბო", "გეგუთი", "მაღლაკი", "ბანოჯა", "ოფურჩხეთი", "ქვიტირი", "ზედა ჯიმასტარო"]
FIRST = ["ნინო", "ანა", "მარიამ", "ლუკა", "გიორგი", "დავით", "ელენე", "საბა", "ნიკა", "თამარ"]
LAST = ["ბერიძე", "კაპანაძე", "ჯაფარიძე", "ლომიძე", "გელაშვილი", "ხუციშვილი", "მამალაძე", "ნოზაძე"]
CATEGORIES = [c.value for c in Provision.Category]
KINDS = [k.value for k in Referral.Kind]


# --- the scratch municipality and its staff ----------------------------------------------------------


def provision() -> Municipality:
    old = Municipality.objects.filter(slug=SLUG).first()
    if old is not None:
        old.delete(force_drop=True)
    return municipality_create(
        slug=SLUG, name_ka="სატესტო მუნიციპალიტეტი", name_en="Benchmark", head_password=PASSWORD
    ).municipality


def staff() -> tuple[User, list[User]]:
    """The head of service (made by provisioning) and the social workers; `worker` is the first."""
    head = User.objects.get(username="head")
    workers = [
        user_create(
            username="worker" if i == 0 else f"worker{i:02d}",
            password=PASSWORD,
            roles=(Role.SOCIAL_WORKER,),
            first_name=FIRST[i % len(FIRST)],
            last_name=LAST[i % len(LAST)],
        )
        for i in range(WORKERS)
    ]
    return head, workers


def budget_lines(head: User) -> dict[str, BudgetLine]:
    """One child-support programme a year, a service per category of aid and per internal referral."""
    lines = {}
    codes = [f"aid_{c}" for c in CATEGORIES] + [f"ref_{k}" for k in Referral.INTERNAL_KINDS]
    for year in YEARS:
        programme = Programme.objects.create(
            year=year, code="child_support", name_ka="ბავშვთა და ოჯახის მხარდაჭერა"
        )
        for position, code in enumerate(codes):
            service = Service.objects.create(
                programme=programme,
                code=code,
                name_ka=code,
                name_en=code,
                kind=Service.Kind.IN_KIND if code.startswith("aid_") else Service.Kind.SERVICE,
                position=position,
            )
            lines[f"{year}:{code}"] = BudgetLine.objects.create(
                service=service, year=year, planned=Decimal("250000.00")
            )
    return lines


@contextmanager
def trigger_audit_paused():
    """The seed's rows skip the trigger audit's history copies (pgtrigger's own switch, this connection
    only): each copy costs a third of a millisecond, minutes for the seed, and no measured page reads
    them. The read trail (CaseAuditEntry) the pages write is seeded and written as usual."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT array_agg(DISTINCT tgname) FROM pg_trigger WHERE tgname LIKE 'pgtrigger_insert_insert_%%'"
        )
        names = cursor.fetchone()[0] or []
        cursor.execute("SELECT set_config('pgtrigger.ignore', %s, false)", ["{" + ",".join(names) + "}"])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET pgtrigger.ignore")


# --- the cases ---------------------------------------------------------------------------------------


class Seeder:
    """Adds cases in bulk. `shape` says how many of each related row a case gets (None: a random mix)."""

    def __init__(self, *, head: User, workers: list[User], lines: dict[str, BudgetLine], seed: int = 3):
        self.head, self.workers, self.lines = head, workers, lines
        self.rng = random.Random(seed)
        self.sequence = {year: 0 for year in YEARS}
        self.people = 0
        self.today = datetime.date.today()

    def _date(self, year: int, start: datetime.date | None = None) -> datetime.date:
        first = max(datetime.date(year, 1, 1), start or datetime.date(year, 1, 1))
        last = min(datetime.date(year, 12, 31), self.today)
        if last < first:
            return first
        return first + datetime.timedelta(days=self.rng.randrange((last - first).days + 1))

    def _person(self, household: Household, *, born: datetime.date) -> Person:
        self.people += 1
        female = self.rng.random() < 0.5
        return Person(
            household=household,
            first_name=self.rng.choice(FIRST),
            last_name=self.rng.choice(LAST),
            personal_number=f"7{self.people:010d}",
            birth_date=born,
            sex="female" if female else "male",
        )

    def add(
        self,
        count: int,
        *,
        provisions: int,
        workers: list[User],
        rich: bool = False,
    ) -> list[Case]:
        """Add ``count`` cases with ``provisions`` provisions in all, assigned round robin to ``workers``."""
        rng = self.rng
        households = Household.objects.bulk_create(
            [Household(settlement=rng.choice(SETTLEMENTS), address=f"ქუჩა {i}") for i in range(count)],
            batch_size=BATCH,
        )
        guardians, children_people, cases = [], [], []
        shape_children = []
        for i, household in enumerate(households):
            year = YEARS[i % len(YEARS)]
            self.sequence[year] += 1
            opened = self._date(year)
            guardians.append(self._person(household, born=datetime.date(1985, 1, 1)))
            n_children = 5 if rich else (1 if provisions <= count else rng.choice((1, 1, 2, 2, 3)))
            shape_children.append(n_children)
            for _ in range(n_children):
                born = opened - datetime.timedelta(days=rng.randrange(200, 17 * 365))
                children_people.append(self._person(household, born=born))
            status = rng.choices(
                [s.value for s in Case.Status],
                # the first ten and the rich case: a running plan, like the case compared with them
                [0, 0, 0, 1, 0] if rich or provisions <= count else [5, 10, 10, 60, 15],
            )[0]
            cases.append(
                Case(
                    year=year,
                    sequence=self.sequence[year],
                    household=household,
                    source=rng.choice([s.value for s in Case.Source]),
                    opened_on=opened,
                    assigned_worker=workers[i % len(workers)],
                    status=status,
                    closed_on=opened + datetime.timedelta(days=120) if status == Case.Status.CLOSED else None,
                    close_reason=Case.CloseReason.GOALS_MET if status == Case.Status.CLOSED else "",
                    created_by=self.head,
                )
            )
        Person.objects.bulk_create(guardians + children_people, batch_size=BATCH)
        Consent.objects.bulk_create(
            [
                Consent(person=g, purpose=Consent.Purpose.REFERRAL, given_on=c.opened_on)
                for g, c in zip(guardians, cases, strict=True)
            ],
            batch_size=BATCH,
        )
        cases = Case.objects.bulk_create(cases, batch_size=BATCH)
        kids, at = [], 0
        for case, n in zip(cases, shape_children, strict=True):
            for person in children_people[at : at + n]:
                kids.append(
                    CaseChild(
                        case=case,
                        person=person,
                        disability=rng.choices([d.value for d in CaseChild.Disability], [80, 15, 5])[0],
                        autism_diagnosis=rng.random() < 0.05,
                        orphan=rng.choices([o.value for o in CaseChild.Orphan], [90, 8, 2])[0],
                        schooling=rng.choice([s.value for s in CaseChild.Schooling]),
                        institution="სკოლა N1",
                    )
                )
            at += n
        kids = CaseChild.objects.bulk_create(kids, batch_size=BATCH)
        kids_of: dict[int, list[CaseChild]] = {}
        for kid in kids:
            kids_of.setdefault(kid.case_id, []).append(kid)

        versions = 3 if rich else 1
        assessments = Assessment.objects.bulk_create(
            [
                Assessment(
                    case=case,
                    kind=Assessment.Kind.ASSESSMENT,
                    assessed_on=case.opened_on + datetime.timedelta(days=7 + v),
                    assessed_by=case.assigned_worker,
                    findings="ოჯახს სჭირდება მხარდაჭერა საცხოვრებლით და კვებით. " * 3,
                    risk_level=rng.choice([r.value for r in Assessment.Risk]),
                )
                for case in cases
                for v in range(versions)
            ],
            batch_size=BATCH,
        )
        AssessmentNeed.objects.bulk_create(
            [
                AssessmentNeed(assessment=a, domain=d.value, severity=rng.randrange(4))
                for a in assessments
                for d in AssessmentNeed.Domain
            ],
            batch_size=BATCH,
        )
        reviews = Review.objects.bulk_create(
            [
                Review(
                    case=a.case,
                    assessment=a,
                    held_on=a.assessed_on + datetime.timedelta(days=14),
                    conclusion="ჯგუფი ეთანხმება შეფასებას.",
                    recorded_by=a.assessed_by,
                )
                for a in assessments
            ],
            batch_size=BATCH,
        )
        ReviewMember.objects.bulk_create(
            [
                ReviewMember(
                    review=r, user=r.recorded_by if m == 0 else None, name=f"წევრი {m}", role="ფსიქოლოგი"
                )
                for r in reviews
                for m in range(4 if rich else 2)
            ],
            batch_size=BATCH,
        )
        plans, version_of = [], {}
        for r in reviews:
            version_of[r.case_id] = version_of.get(r.case_id, 0) + 1
            last = version_of[r.case_id] == versions
            plans.append(
                Plan(
                    case=r.case,
                    review=r,
                    version=version_of[r.case_id],
                    term=rng.choice([t.value for t in Plan.Term]),
                    goals="ბავშვის სკოლაში დაბრუნება; ოჯახის შემოსავლის ზრდა.",
                    # a third of the active plans are past their review date: the list puts them first
                    next_review_on=self.today + datetime.timedelta(days=rng.randrange(-60, 120)),
                    status=Plan.Status.APPROVED if last else Plan.Status.SUPERSEDED,
                    written_by=r.recorded_by,
                    approved_by=self.head,
                    approved_on=r.held_on,
                )
            )
        plans = Plan.objects.bulk_create(plans, batch_size=BATCH)
        PlanAction.objects.bulk_create(
            [
                PlanAction(
                    plan=p,
                    what="სასკოლო ნივთებით უზრუნველყოფა",
                    responsible="სოციალური მუშაკი",
                    due_on=self.today + datetime.timedelta(days=rng.randrange(-45, 90)),
                    done_on=self.today if rng.random() < 0.3 else None,
                )
                for p in plans
                for _ in range(5 if rich else 2)
            ],
            batch_size=BATCH,
        )

        # provisions: spread over the cases (at least one each), a year's aid stays near the cap
        per_case = [1] * len(cases)
        for _ in range(max(0, provisions - len(cases))):
            per_case[rng.randrange(len(cases))] += 1
        batch: list[Provision] = []
        made: list[Provision] = []

        def flush() -> None:
            made.extend(Provision.objects.bulk_create(batch))
            batch.clear()

        for case, n in zip(cases, per_case, strict=True):
            for _ in range(n):
                year = rng.choice([y for y in YEARS if y >= case.year])
                category = rng.choice(CATEGORIES)
                batch.append(
                    Provision(
                        case=case,
                        household_id=case.household_id,
                        category=category,
                        budget_line=self.lines[f"{year}:aid_{category}"],
                        delivered_on=self._date(year, case.opened_on),
                        handed_over_by="სოციალური მუშაკი",
                        received_by="დედა",
                        total=Decimal(rng.randrange(500, 20000)) / 100,
                        recorded_by=case.assigned_worker,
                    )
                )
                if len(batch) == BATCH:
                    flush()
        flush()
        ProvisionItem.objects.bulk_create(
            [
                ProvisionItem(
                    provision=p, name="საგანი", quantity=Decimal(1), unit_value=p.total, total=p.total
                )
                for p in made
                for _ in range(3 if rich else 1)
            ],
            batch_size=BATCH,
        )

        referrals = []
        for case in cases:
            for _ in range(10 if rich else rng.choice((0, 1, 1, 2, 3))):
                kind = rng.choice(KINDS)
                year = rng.choice([y for y in YEARS if y >= case.year])
                internal = kind in Referral.INTERNAL_KINDS
                referrals.append(
                    Referral(
                        case=case,
                        child=rng.choice(kids_of[case.pk]),
                        kind=kind,
                        target="დღის ცენტრი" if internal else "სოციალური მომსახურების სააგენტო",
                        referred_on=self._date(year, case.opened_on),
                        status=rng.choices([s.value for s in Referral.Status], [20, 30, 10, 35, 5])[0],
                        budget_line=self.lines[f"{year}:ref_{kind}"] if internal else None,
                        monthly_cost=Decimal("300.00") if kind == Referral.Kind.AUTISM_THERAPY else None,
                        months=6 if kind == Referral.Kind.AUTISM_THERAPY else None,
                        trips=4 if kind == Referral.Kind.EARLY_DEVELOPMENT else None,
                        amount=Decimal("120.00") if kind == Referral.Kind.EARLY_DEVELOPMENT else None,
                        enrolled_on=case.opened_on if kind == Referral.Kind.INCLUSIVE_CENTRE else None,
                        created_by=case.assigned_worker,
                    )
                )
        Referral.objects.bulk_create(referrals, batch_size=BATCH)

        actions = [a.value for a in CaseEvent.Action]
        CaseEvent.objects.bulk_create(
            [
                CaseEvent(
                    case=case,
                    actor=case.assigned_worker,
                    action=rng.choice(actions),
                    changes={"status": ["a", "b"]},
                )
                for case in cases
                for _ in range(50 if rich else 5)
            ],
            batch_size=BATCH,
        )
        # the read trail a case collects over its life (the audit write is measured against this table)
        CaseAuditEntry.objects.bulk_create(
            [
                CaseAuditEntry(
                    user=case.assigned_worker, case_id=case.pk, kind="read", what="page:case_detail"
                )
                for case in cases
                for _ in range(10)
            ],
            batch_size=BATCH,
        )
        return cases


# --- measuring ---------------------------------------------------------------------------------------


def optional(module: str, name: str) -> Callable | None:
    """A function another part of the module provides, or None while it is not written yet."""
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None


def url_or_none(name: str, *args) -> str | None:
    try:
        return reverse(name, args=args, urlconf="municipal_platform.urls_tenant")
    except (NoReverseMatch, ImportError):
        return None


class Probe:
    """One thing to count and time: a page through the client, or the selector behind it."""

    def __init__(self, label: str, *, client: Client | None = None, url: str | None = None, call=None):
        self.label, self.client, self.url, self.call = label, client, url, call

    @property
    def how(self) -> str:
        return "page" if self.url else "selector" if self.call else "missing"

    def run(self) -> None:
        if self.url:
            assert self.client is not None
            response = self.client.get(self.url)
            assert response.status_code == 200, (self.url, response.status_code)
            response.content  # noqa: B018  (render streamed content too)
        elif self.call:
            self.call()

    def queries(self) -> int | None:
        if self.how == "missing":
            return None
        self.run()  # warm: templates, content types, the tenant cache
        with CaptureQueriesContext(connection) as ctx:
            self.run()
        return len(ctx.captured_queries)


def client_for(municipality: Municipality, user: User) -> Client:
    client = Client(HTTP_HOST=f"{municipality.slug}.localhost")
    with schema_context(municipality.schema_name):
        client.force_login(user)
        verify_session(client, user)
    return client


def probes(municipality: Municipality, *, worker: User, head: User, case: Case) -> list[Probe]:
    """The worker's list, the head's list and the case page, as pages when wired, else their selectors."""
    worker_cases = optional("child_support.selectors", "worker_cases")
    detail_queryset = optional("child_support.selectors", "case_detail_queryset")
    worker_client, head_client = client_for(municipality, worker), client_for(municipality, head)
    list_url = url_or_none("child_support:case_list")
    detail_url = url_or_none("child_support:case_detail", case.pk)

    def list_of(user):
        def call():
            with schema_context(municipality.schema_name):
                list(worker_cases(user))

        return call if worker_cases else None

    def detail_of(user):
        def call():
            with schema_context(municipality.schema_name):
                read = visibility.case_read(user, case.pk, what="bench", queryset=detail_queryset())
                # what the page reads: every prefetched relation
                for name in getattr(read, "_prefetched_objects_cache", {}):
                    list(getattr(read, name).all())

        return call if detail_queryset else None

    return [
        Probe("worker's list", client=worker_client, url=list_url, call=list_of(worker)),
        Probe("head of service's list", client=head_client, url=list_url, call=list_of(head)),
        Probe("case page (worker)", client=worker_client, url=detail_url, call=detail_of(worker)),
    ]


@contextmanager
def audit_disabled():
    """The benchmark-only switch: the same code path with the audit row not written."""
    with mock.patch.object(visibility, "audit", lambda *args, **kwargs: None):
        yield


@dataclass
class AuditPrice:
    audited_ms: float
    bare_ms: float
    audit_sql_ms: float
    rows_audited: int
    rows_bare: int


def audit_price(probe: Probe, case: Case, schema: str, runs: int) -> AuditPrice | None:
    """The case page with and without its audit write, requested alternately (ABBA), medians; and the
    audit rows each variant wrote (the switch must write none, the page one per request)."""
    if probe.how == "missing":
        return None

    def rows() -> int:
        with schema_context(schema):
            return CaseAuditEntry.objects.filter(case_id=case.pk).count()

    probe.run()
    with audit_disabled():
        probe.run()
    timings: dict[bool, list[float]] = {True: [], False: []}
    written = {True: 0, False: 0}
    audit_sql = []
    for i in range(runs):
        for audited in (True, False) if i % 2 == 0 else (False, True):
            before = rows()
            with CaptureQueriesContext(connection) as ctx:
                started = time.perf_counter()
                if audited:
                    probe.run()
                else:
                    with audit_disabled():
                        probe.run()
                timings[audited].append((time.perf_counter() - started) * 1000)
            written[audited] += rows() - before
            if audited:
                audit_sql.append(
                    sum(
                        float(q["time"])
                        for q in ctx.captured_queries
                        if CaseAuditEntry._meta.db_table in q["sql"] and q["sql"].startswith("INSERT")
                    )
                    * 1000
                )
    connection.set_schema_to_public()
    return AuditPrice(
        audited_ms=statistics.median(timings[True]),
        bare_ms=statistics.median(timings[False]),
        audit_sql_ms=statistics.median(audit_sql),
        rows_audited=written[True],
        rows_bare=written[False],
    )


def median_ms(fn: Callable, runs: int) -> float:
    fn()  # warm
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


REPORT_SQL = [
    # aid by category: families and totals; by budget line; families with appliances/stationery
    """SELECT category, count(DISTINCT household_id), sum(total) FROM {provision}
       WHERE delivered_on >= %(a)s AND delivered_on < %(b)s GROUP BY category""",
    """SELECT budget_line_id, sum(total) FROM {provision}
       WHERE delivered_on >= %(a)s AND delivered_on < %(b)s GROUP BY budget_line_id""",
    """SELECT kind, count(DISTINCT child_id), count(DISTINCT c.household_id) FROM {referral} r
       JOIN {case} c ON c.id = r.case_id
       WHERE referred_on >= %(a)s AND referred_on < %(b)s AND r.status IN ('accepted', 'done') GROUP BY kind""",
    "SELECT status, count(*) FROM {case} WHERE opened_on < %(b)s GROUP BY status",
]


def report_figures(schema: str, runs: int) -> None:
    yearly_report = optional("child_support.reports", "yearly_report")
    tables = {
        "provision": Provision._meta.db_table,
        "referral": Referral._meta.db_table,
        "case": Case._meta.db_table,
    }
    print(f"\n{'yearly report':36} {'median ms':>10} {'queries':>8} {'bare SQL ms':>12}  under 1 s")
    for year in YEARS:
        params = {"a": datetime.date(year, 1, 1), "b": datetime.date(year + 1, 1, 1)}

        def bare(params=params):
            with connection.cursor() as cursor:
                for sql in REPORT_SQL:
                    cursor.execute(sql.format(**tables), params)
                    cursor.fetchall()

        with schema_context(schema):
            bare_ms = median_ms(bare, runs)
            if yearly_report is None:
                print(
                    f"{year!s:36} {'-':>10} {'-':>8} {bare_ms:12.1f}  (reports.yearly_report not written yet)"
                )
                continue
            ms = median_ms(lambda: yearly_report(year=year, exact=True), runs)  # noqa: B023
            with CaptureQueriesContext(connection) as ctx:
                yearly_report(year=year, exact=True)
            print(
                f"{year!s:36} {ms:10.1f} {len(ctx.captured_queries):8d} {bare_ms:12.1f}  {'yes' if ms < 1000 else 'NO'}"
            )
            # where the time goes: the report's statements, slowest first (one warm run)
            for query in sorted(ctx.captured_queries, key=lambda q: -float(q["time"]))[:3]:
                sql = " ".join(query["sql"].split())
                print(f"    {float(query['time']) * 1000:7.0f} ms  {sql[:110]}")


def count_table(rows: list[tuple[str, int | None, int | None, str, float | None]]) -> None:
    print(f"\n{'queries':36} {'10 cases':>10} {'many':>10}  equal  {'ms, many':>9}  measured as")
    for name, small, big, how, ms in rows:
        same = "-" if small is None or big is None else ("yes" if small == big else "NO")
        show = lambda n: f"{'-':>10}" if n is None else f"{n:10d}"  # noqa: E731
        print(
            f"{name:36} {show(small)} {show(big)}  {same:5}  {'-' if ms is None else f'{ms:9.1f}':>9}  {how}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--provisions", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--keep", action="store_true", help="keep the scratch municipality afterwards")
    args = parser.parse_args()

    municipality = provision()
    schema = municipality.schema_name
    try:
        with schema_context(schema):
            head, workers = staff()
            worker = workers[0]
            seeder = Seeder(head=head, workers=workers, lines=budget_lines(head))
            with trigger_audit_paused(), transaction.atomic():
                small = seeder.add(10, provisions=10, workers=[worker])
        connection.set_schema_to_public()
        first = small[0]
        before = {
            p.label: (p.queries(), p.how) for p in probes(municipality, worker=worker, head=head, case=first)
        }
        connection.set_schema_to_public()

        started = time.perf_counter()
        with schema_context(schema):
            rest = args.cases - 11
            with trigger_audit_paused():
                seeder.add(rest, provisions=args.provisions - 10 - 200, workers=workers)
                rich = seeder.add(1, provisions=200, workers=[worker], rich=True)[0]
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            totals = {
                "cases": Case.objects.count(),
                "provisions": Provision.objects.count(),
                "referrals": Referral.objects.count(),
                "children": CaseChild.objects.count(),
                "worker's open cases": Case.objects.filter(assigned_worker=worker)
                .exclude(status=Case.Status.CLOSED)
                .count(),
            }
        connection.set_schema_to_public()
        print(
            f"seeded with bulk_create (not through the services) in {time.perf_counter() - started:.1f} s: "
            + ", ".join(f"{n:,} {what}" for what, n in totals.items())
        )

        after_probes = probes(municipality, worker=worker, head=head, case=rich)
        after = {
            p.label: (p.queries(), p.how, None if p.how == "missing" else median_ms(p.run, 10))
            for p in after_probes
        }
        connection.set_schema_to_public()
        count_table(
            [
                (label, before[label][0], *after[label][:1], after[label][1], after[label][2])
                for label in before
            ]
        )
        print("(case page: a case with one of everything, then one with 5 children, 3 plan versions, 200")
        print(" provisions of 3 items, 10 referrals and 50 history rows)")

        print(
            f"\n{'case page, with / without its audit':36} {'median ms':>10} {'without':>10} {'ratio':>6}"
            f" {'audit SQL ms':>12}  rows written (with / without)"
        )
        pages = [
            (
                "a case with one of everything",
                probes(municipality, worker=worker, head=head, case=first)[2],
                first,
            ),
            ("the big case", after_probes[2], rich),
        ]
        for label, page, case in pages:
            price = audit_price(page, case, schema, args.runs)
            if price is None:
                print(f"{label:36} (neither the page nor selectors.case_detail_queryset exists yet)")
                continue
            ratio = price.audited_ms / price.bare_ms
            print(
                f"{label:36} {price.audited_ms:10.1f} {price.bare_ms:10.1f} {ratio:6.2f} {price.audit_sql_ms:12.2f}"
                f"  {price.rows_audited} / {price.rows_bare} in {args.runs} + {args.runs} requests"
                f"  ({page.how}; within 1.2: {'yes' if ratio <= 1.2 else 'NO'})"
            )

        report_figures(schema, max(5, args.runs // 3))
        connection.set_schema_to_public()
        print(
            "\nqueries: statements of one warm request (or selector call); page: Django's whole request"
            "\nin-process; ms: median wall time; bare SQL: the report's main aggregates hand-written."
        )
    finally:
        connection.set_schema_to_public()
        if not args.keep:
            municipality.delete(force_drop=True)


if __name__ == "__main__":
    main()
