"""Seconds to provision a municipality by cloning the template schema vs by running every migration.

Run: `make benchmarks` (or `.venv/bin/python benchmarks/provision.py [--runs N]`). Uses the
configured database (DATABASE_URL or the embedded one); everything it creates is dropped again.
Both figures are measured in the same run, on the same machine, so they compare fairly.
"""

from __future__ import annotations

import argparse
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

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django_tenants.clone import CloneSchema  # noqa: E402
from django_tenants.utils import schema_context  # noqa: E402

from tenants.models import Municipality  # noqa: E402
from tenants.services import municipality_create, template_schema_ensure, template_schema_name  # noqa: E402


def provision_by_clone(i: int) -> float:
    started = time.perf_counter()
    result = municipality_create(
        slug=f"bench-clone-{i}", name_ka="სატესტო", name_en="Benchmark", head_password="x" * 12
    )
    elapsed = time.perf_counter() - started
    result.municipality.delete(force_drop=True)
    return elapsed


def schema_by_clone(i: int) -> float:
    """The schema alone, as the migrations baseline makes it: clone + record the migrations."""
    schema = f"bench_clone_only_{i}"
    started = time.perf_counter()
    CloneSchema().clone_schema(template_schema_name(), schema, "DATA")
    call_command(
        "migrate_schemas", tenant=True, fake=True, schema_name=schema, interactive=False, verbosity=0
    )
    elapsed = time.perf_counter() - started
    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA "{schema}" CASCADE')
    return elapsed


def provision_by_migrations(i: int) -> float:
    schema = f"bench_migrate_{i}"
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE SCHEMA "{schema}"')
    call_command("migrate_schemas", tenant=True, schema_name=schema, interactive=False, verbosity=0)
    elapsed = time.perf_counter() - started
    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA "{schema}" CASCADE')
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
    template_schema_ensure()
    Municipality.objects.filter(slug__startswith="bench-clone-").delete()
    with schema_context("public"):
        clone = [provision_by_clone(i) for i in range(args.runs)]
        clone_only = [schema_by_clone(i) for i in range(args.runs)]
        migrate = [provision_by_migrations(i) for i in range(args.runs)]
    c, co, m = statistics.median(clone), statistics.median(clone_only), statistics.median(migrate)
    print(f"provision a municipality, median of {args.runs} runs (same machine, same run):")
    print(f"  by cloning the template (full provisioning: row, domain, schema, roles, user): {c:.3f} s")
    print(f"  schema only, by cloning the template:                                         {co:.3f} s")
    print(f"  schema only, by running all migrations (baseline):                            {m:.3f} s")
    print(f"  schema by clone is {m / co:.1f}x faster than by migrations; full provisioning {m / c:.1f}x")
    print("  target: provisioning under 1 s and at least 10x faster once the full app's migrations exist")


if __name__ == "__main__":
    main()
