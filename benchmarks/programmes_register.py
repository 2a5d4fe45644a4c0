"""Server time of the application register with 100,000 applications, beside a raw-SQL baseline.

Run: `.venv/bin/python benchmarks/programmes_register.py [--applications 100000] [--runs 20] [--keep]`.
Uses the configured database (DATABASE_URL or the embedded one). It provisions a scratch
municipality `bench-programmes`, seeds the Ambrolauri catalogue and N applications with bulk inserts,
then requests the register's pages through Django's full request stack (middleware, tenant routing,
session, view, template) in-process and prints the median server time and query count of each page,
next to the median time of the bare SQL the page cannot avoid (count + first page), measured in the
same run. The scratch municipality is dropped at the end unless --keep is given.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "platform")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "municipal_platform.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django_tenants.utils import schema_context  # noqa: E402

from municipal_platform.accounts.models import User  # noqa: E402
from programmes import demo  # noqa: E402
from programmes.models import BenefitApplication, Household, Person  # noqa: E402
from tenants.models import Municipality  # noqa: E402
from tenants.services import municipality_create  # noqa: E402

SLUG = "bench-programmes"
PASSWORD = "bench-password-123"
BATCH = 5000
Status = BenefitApplication.Status


def provision() -> Municipality:
    old = Municipality.objects.filter(slug=SLUG).first()
    if old is not None:
        old.delete(force_drop=True)
    return municipality_create(
        slug=SLUG, name_ka="სატესტო მუნიციპალიტეტი", name_en="Benchmark", head_password=PASSWORD
    ).municipality


def seed(applications: int) -> dict:
    rng = random.Random(100_000)
    head = User.objects.get(username="head")
    with transaction.atomic():
        programme = demo._catalogue(
            head=head,
            year=2025,
            code="social_protection",
            name_ka="სოციალური დაცვის პროგრამა",
            name_en="Social protection programme",
            resolution="",
            rows=demo.AMBROLAURI_2025,
        )
    services = list(programme.services.all())
    people_count = max(1, applications // 5)
    started = time.perf_counter()
    households = Household.objects.bulk_create(
        [Household(settlement=rng.choice(demo.SETTLEMENTS)) for _ in range(people_count)], batch_size=BATCH
    )
    people = []
    for i, household in enumerate(households):
        female = rng.random() < 0.55
        people.append(
            Person(
                household=household,
                first_name=rng.choice(demo.WOMEN if female else demo.MEN),
                last_name=rng.choice(demo.SURNAMES),
                personal_number=f"98{i:09d}",
                sex="female" if female else "male",
            )
        )
    people = Person.objects.bulk_create(people, batch_size=BATCH)
    statuses = [
        Status.RECEIVED,
        Status.UNDER_REVIEW,
        Status.APPROVED,
        Status.REJECTED,
        Status.PAID,
        Status.SERVICE_ENDED,
    ]
    weights = [5, 5, 10, 10, 20, 50]
    start = datetime.date(2023, 1, 1)
    batch = []
    for i in range(applications):
        service = rng.choice(services)
        status = rng.choices(statuses, weights)[0]
        received = start + datetime.timedelta(days=rng.randrange(3 * 365))
        decided = status not in (Status.RECEIVED, Status.UNDER_REVIEW)
        amount = (service.amount or Decimal(0)) if decided and status != Status.REJECTED else None
        batch.append(
            BenefitApplication(
                number=f"{received.year}-{i:06d}",
                applicant=people[i % len(people)],
                service=service,
                channel=rng.choices(["paper", "email", "online"], [90, 5, 5])[0],
                received_on=received,
                status=status,
                decided_on=received + datetime.timedelta(days=5) if decided else None,
                decided_by=head if decided else None,
                decided_amount=amount or None,
                registered_by=head,
            )
        )
        if len(batch) == BATCH:
            BenefitApplication.objects.bulk_create(batch)
            batch = []
    if batch:
        BenefitApplication.objects.bulk_create(batch)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    services_by_code = {s.code: s for s in services}
    return {"seconds": time.perf_counter() - started, "winter": services_by_code["winter_heating_aid"].pk}


def time_page(client: Client, url: str, runs: int) -> tuple[float, int, float]:
    client.get(url)  # warm: template loading, tenant cache, session
    timings, sql = [], []
    queries = 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            response = client.get(url)
            timings.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(ctx.captured_queries)
        sql.append(sum(float(q["time"]) for q in ctx.captured_queries))
    return statistics.median(timings) * 1000, queries, statistics.median(sql) * 1000


def time_sql(schema: str, statements: list[str], runs: int) -> float:
    timings = []
    with connection.cursor() as cursor:
        cursor.execute(f'SET search_path = "{schema}", public')
        for _ in range(runs + 1):
            started = time.perf_counter()
            for statement in statements:
                cursor.execute(statement)
                cursor.fetchall()
            timings.append(time.perf_counter() - started)
    return statistics.median(timings[1:]) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--keep", action="store_true", help="keep the scratch municipality afterwards")
    args = parser.parse_args()

    municipality = provision()
    try:
        with schema_context(municipality.schema_name):
            seeded = seed(args.applications)
            assert BenefitApplication.objects.count() == args.applications
        connection.set_schema_to_public()
        print(f"seeded {args.applications:,} applications in {seeded['seconds']:.1f} s")

        client = Client(HTTP_HOST=f"{SLUG}.localhost")
        assert client.post("/accounts/login/", {"username": "head", "password": PASSWORD}).status_code == 302
        table = "programmes_benefitapplication"
        page_sql = (
            f"SELECT a.id, a.number, p.last_name, s.name_ka FROM {table} a JOIN programmes_person p "
            f"ON p.id = a.applicant_id JOIN programmes_service s ON s.id = a.service_id {{where}} "
            "ORDER BY a.received_on DESC, a.id DESC LIMIT 25"
        )
        winter_where = (
            f"WHERE a.service_id = {seeded['winter']} AND a.status = 'approved' "
            "AND a.received_on BETWEEN '2025-06-01' AND '2025-08-31'"
        )
        cases = [
            ("first page", "/programmes/", [f"SELECT count(*) FROM {table}", page_sql.format(where="")]),
            (
                "filtered: service+status+period",
                (
                    f"/programmes/?service={seeded['winter']}&status=approved&received_from=2025-06-01"
                    "&received_to=2025-08-31"
                ),
                [f"SELECT count(*) FROM {table} a {winter_where}", page_sql.format(where=winter_where)],
            ),
            (
                "first page, 100 per page",
                "/programmes/?per_page=100",
                [f"SELECT count(*) FROM {table}", page_sql.format(where="")],
            ),
            (
                "search by surname",
                "/programmes/?q=%E1%83%A1%E1%83%A3%E1%83%9A%E1%83%90%E1%83%AB%E1%83%94",
                [],
            ),
            ("search by number prefix", "/programmes/?q=2025-0123", []),
            ("search by personal number", "/programmes/?q=98000012345", []),
        ]
        print(f"\n{'page':36} {'server ms':>10} {'queries':>8} {'SQL ms':>8} {'baseline SQL ms':>16}")
        for name, url, baseline in cases:
            server_ms, queries, sql_ms = time_page(client, url, args.runs)
            base = (
                f"{time_sql(municipality.schema_name, baseline, args.runs):16.1f}"
                if baseline
                else f"{'-':>16}"
            )
            connection.set_schema_to_public()
            print(f"{name:36} {server_ms:10.1f} {queries:8d} {sql_ms:8.1f} {base}")
        for fmt in ("csv", "xlsx"):
            started = time.perf_counter()
            response = client.get(f"/programmes/applications/export.{fmt}")
            size = len(b"".join(response.streaming_content) if response.streaming else response.content)
            print(
                f"export of the whole register, {fmt}: {time.perf_counter() - started:.1f} s, {size / 1e6:.1f} MB"
            )
        print(
            "\nserver ms: median wall time of the whole request in-process (middleware, view, template);"
            "\nSQL ms: the page's own queries; baseline: bare count + first-page SQL over the same rows."
        )
    finally:
        connection.set_schema_to_public()
        if not args.keep:
            municipality.delete(force_drop=True)


if __name__ == "__main__":
    main()
