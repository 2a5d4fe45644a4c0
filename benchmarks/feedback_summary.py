"""The feedback summary over 1,000,000 responses, beside the same aggregation run directly in PostgreSQL.

Run: `.venv/bin/python benchmarks/feedback_summary.py [--responses 1000000] [--runs 5] [--keep]`.
Uses the configured database (DATABASE_URL or the embedded one). It provisions a scratch municipality
`bench-feedback`, creates a 16-service catalogue, 250,000 applications and N responses (each with two
answers, 3% with an open comment tagged by theme) with generate_series, then times in the same run:

- `feedback_summary()` (the contract behind the API and `feedback_report`), in-process, warm;
- the same figures as hand-written SQL through one cursor (the floor Django cannot beat).

Medians of --runs are printed side by side. The scratch municipality is dropped unless --keep is given.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "platform")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "municipal_platform.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django_tenants.utils import schema_context  # noqa: E402

from feedback.models import Answer, CommentTheme, Form, Question, Response  # noqa: E402
from feedback.selectors import feedback_summary  # noqa: E402
from programmes.models import BenefitApplication, Person, Programme, Service  # noqa: E402
from tenants.models import Municipality  # noqa: E402
from tenants.services import municipality_create  # noqa: E402

SLUG = "bench-feedback"
PERIOD = (datetime.date(2025, 1, 1), datetime.date(2026, 1, 1))
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

RAW_SQL = [
    # responses by service, sex and channel; applications by service and channel
    """SELECT service_id, sex, channel, count(*) FROM {response}
       WHERE submitted_on >= %(a)s AND submitted_on < %(b)s GROUP BY service_id, sex, channel""",
    """SELECT service_id, channel, count(*) FROM {application}
       WHERE received_on >= %(a)s AND received_on < %(b)s GROUP BY service_id, channel""",
    # open comments per theme
    """SELECT theme_id, count(*) FROM {answer}
       WHERE question_id = ANY(%(text)s) AND text <> ''
         AND submitted_on >= %(a)s AND submitted_on < %(b)s GROUP BY theme_id""",
    # scale and yes/no distributions, then choices
    """SELECT question_id, number, count(*) FROM {answer}
       WHERE question_id = ANY(%(numeric)s) AND number IS NOT NULL
         AND submitted_on >= %(a)s AND submitted_on < %(b)s GROUP BY question_id, number""",
    """SELECT a.question_id, c.value, count(*) FROM {answer} a
       CROSS JOIN LATERAL jsonb_array_elements_text(a.choices) AS c(value)
       WHERE a.question_id = ANY(%(choice)s)
         AND a.submitted_on >= %(a)s AND a.submitted_on < %(b)s GROUP BY a.question_id, c.value""",
]


def provision() -> Municipality:
    old = Municipality.objects.filter(slug=SLUG).first()
    if old is not None:
        old.delete(force_drop=True)
    return municipality_create(slug=SLUG, name_ka="სატესტო მუნიციპალიტეტი", name_en="Benchmark").municipality


def seed(responses: int, applications: int = 250_000) -> None:
    t = {
        m.__name__: m._meta.db_table
        for m in (Response, Answer, BenefitApplication, Person, Service, Question)
    }
    programme = Programme.objects.create(year=2025, code="bench", name_ka="პროგრამა")
    services = [
        Service(programme=programme, code=code, name_ka=code, name_en=code, kind="one_time_cash", position=i)
        for i, code in enumerate(CODES)
    ]
    Service.objects.bulk_create(services)
    ids = list(Service.objects.order_by("id").values_list("id", flat=True))
    first, n = ids[0], len(ids)
    version = Form.objects.get(code="annex-1").versions.get(is_current=True)
    easy = version.questions.get(code="documents_easy").id
    satisfaction = version.questions.get(code="satisfaction").id
    comment = version.questions.get(code="comment").id
    themes = list(CommentTheme.objects.order_by("id").values_list("id", flat=True))
    with transaction.atomic(), connection.cursor() as c:
        c.execute(
            f"""INSERT INTO {t["Person"]} (first_name, last_name, personal_number, sex, phone, email)
                SELECT 'p', 'q', lpad(g::text, 11, '0'), CASE WHEN g %% 2 = 0 THEN 'female' ELSE 'male' END, '', ''
                FROM generate_series(1, 10000) g""",
            [],
        )
        c.execute(f"SELECT min(id) FROM {t['Person']}")
        p0 = c.fetchone()[0]
        c.execute(
            f"""INSERT INTO {t["BenefitApplication"]} (number, applicant_id, service_id, channel, received_on, status,
                    feedback_form_handed, decision_reason, created_at)
                SELECT 'B-' || g, {p0} + g %% 10000, {first} + g %% {n},
                       CASE WHEN g %% 60 = 0 THEN 'email' ELSE 'paper' END,
                       DATE '2025-01-01' + (g %% 365), 'service_ended', true, '', now()
                FROM generate_series(1, %s) g""",
            [applications],
        )
        c.execute(
            f"""INSERT INTO {t["Response"]} (version_id, channel, submitted_on, service_id, sex, age_band)
                SELECT {version.id},
                       (ARRAY['paper', 'paper', 'online', 'email'])[1 + g %% 4],
                       DATE '2025-01-01' + (g %% 365),
                       CASE WHEN g %% 33 = 0 THEN NULL ELSE {first} + g %% {n} END,
                       (ARRAY['female', 'male', 'female', ''])[1 + g %% 4], ''
                FROM generate_series(1, %s) g""",
            [responses],
        )
        c.execute(
            f"""INSERT INTO {t["Answer"]} (response_id, question_id, number, choices, text, publishable, submitted_on)
                SELECT r.id, {easy}, CASE WHEN r.id %% 11 = 0 THEN 0 ELSE 1 END, '[]'::jsonb, '', false, r.submitted_on
                FROM {t["Response"]} r
                UNION ALL
                SELECT r.id, {satisfaction}, 1 + r.id %% 5, '[]'::jsonb, '', false, r.submitted_on FROM {t["Response"]} r""",
            [],
        )
        c.execute(
            f"""INSERT INTO {t["Answer"]} (response_id, question_id, number, choices, text, theme_id, publishable,
                    submitted_on)
                SELECT r.id, {comment}, NULL, '[]'::jsonb, 'კომენტარი ' || r.id,
                       (ARRAY{themes}::bigint[])[1 + r.id %% {len(themes)}], false, r.submitted_on
                FROM {t["Response"]} r WHERE r.id %% 33 = 0""",
            [],
        )
    # what autovacuum does to a table in steady state: statistics and the visibility map (index-only scans)
    with connection.cursor() as c:
        for table in t.values():
            c.execute(f"VACUUM ANALYZE {table}")


def median_ms(fn, runs: int) -> float:
    fn()  # warm
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()

    municipality = provision()
    try:
        with schema_context(municipality.schema_name):
            start = time.perf_counter()
            seed(args.responses)
            print(f"seeded {args.responses:,} responses in {time.perf_counter() - start:.1f} s")
            tables = {
                "response": Response._meta.db_table,
                "answer": Answer._meta.db_table,
                "application": BenefitApplication._meta.db_table,
                "question": Question._meta.db_table,
                "theme": CommentTheme._meta.db_table,
            }
            params = {"a": PERIOD[0], "b": PERIOD[1]}

            def raw():
                with connection.cursor() as c:
                    # the question ids per kind, as the selector reads them
                    c.execute(f"SELECT kind, array_agg(id) FROM {tables['question']} GROUP BY kind")
                    kinds = dict(c.fetchall())
                    params["text"] = kinds.get("text", [])
                    params["numeric"] = kinds.get("scale", []) + kinds.get("yes_no", [])
                    params["choice"] = kinds.get("single", []) + kinds.get("multiple", [])
                    for sql in RAW_SQL:
                        c.execute(sql.format(**tables), params)
                        c.fetchall()

            def django_summary():
                return feedback_summary(date_from=PERIOD[0], date_to=PERIOD[1])

            summary = django_summary()
            assert summary["responses"] == args.responses, summary["responses"]
            django_ms = median_ms(django_summary, args.runs)
            raw_ms = median_ms(raw, args.runs)
            print(f"{'':32}{'median ms':>12}")
            print(f"{'feedback_summary() (Django)':32}{django_ms:12.1f}")
            print(f"{'same aggregation, raw SQL':32}{raw_ms:12.1f}")
            print(
                f"ratio Django / raw SQL: {django_ms / raw_ms:.2f}; under 1 s: {'yes' if django_ms < 1000 else 'NO'}"
            )
    finally:
        if not args.keep:
            municipality.delete(force_drop=True)


if __name__ == "__main__":
    main()
