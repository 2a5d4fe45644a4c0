"""A municipality's data written to one zip file before anything irreversible happens to it."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.db import connection
from django.utils import timezone
from psycopg import sql

from ..models import Municipality

# Live credentials are not data of the municipality: an export must not carry working logins.
SKIPPED_TABLES = frozenset({"django_session", "authtoken_token", "knox_authtoken"})


def export_dir() -> Path:
    return Path(settings.EXPORT_DIR)


def municipality_export(*, municipality: Municipality) -> Path:
    """Write every table of the municipality's schema (one CSV each, with a header row) and its registry
    row and domains (JSON) to ``<EXPORT_DIR>/<slug>-<time>.zip``; return the file's path.

    The file appears under its final name only once it is complete.
    """
    schema = municipality.schema_name
    directory = export_dir()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{municipality.slug}-{timezone.now():%Y%m%d-%H%M%S}.zip"
    partial = path.with_name(path.name + ".part")
    counts: dict[str, int] = {}
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "municipality.json",
            serializers.serialize("json", [municipality, *municipality.domains.all()], indent=2),
        )
        with connection.cursor() as cursor:
            for table in _tables(cursor, schema):
                if table in SKIPPED_TABLES:
                    continue
                name = sql.Identifier(schema, table)
                cursor.execute(sql.SQL("SELECT count(*) FROM {}").format(name))
                counts[table] = cursor.fetchone()[0]
                copy_sql = sql.SQL("COPY {} TO STDOUT WITH (FORMAT csv, HEADER)").format(name)
                with archive.open(f"tables/{table}.csv", "w") as out, cursor.copy(copy_sql) as copy:
                    for block in copy:
                        out.write(block)
        manifest = {
            "municipality": municipality.slug,
            "schema": schema,
            "exported_at": timezone.now().isoformat(),
            "rows": counts,
            "not_exported": sorted(SKIPPED_TABLES),
        }
        archive.writestr("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False))
    partial.rename(path)
    return path


def _tables(cursor, schema: str) -> list[str]:
    cursor.execute(
        "SELECT table_name FROM information_schema.tables"
        " WHERE table_schema = %s AND table_type = 'BASE TABLE' ORDER BY table_name",
        [schema],
    )
    return [row[0] for row in cursor.fetchall()]
