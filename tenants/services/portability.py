"""A municipality's whole data as one archive, and back: how a municipality moves or leaves the platform.

The archive (``.tar.gz``) holds:

- ``manifest.json``: format, source municipality and schema, when, the schema's applied migrations, and for
  every table its columns, row count and SHA-256; for every file its size and SHA-256; what was left out;
- ``municipality.json``: the registry row (names, profile);
- ``tables/<table>.tsv``: each table in PostgreSQL's COPY text format, rows in primary-key order;
- ``files/...``: the municipality's stored files (``MEDIA_ROOT/<schema>/``).

Two things are written so the archive does not depend on the schema it came from: special-category fields
(municipal_platform.crypto) are written decrypted (they are the municipality's data, and its key is
derived from the schema name), and stored file paths lose their ``<schema>/`` prefix. An import puts both
back for the new schema: fields encrypted with its key, paths under its folder. The same dump, made of the
imported schema, gives the same bytes: the import checks every table's count and checksum before it
commits, and refuses an archive whose files or tables do not match their manifest.

Left out: live credentials (sessions, API tokens, two-factor devices). Users keep their password hashes.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name, schema_context
from psycopg import sql

from municipal_platform import crypto

from ..models import Domain, Municipality
from .exports import export_dir
from .provisioning import municipality_domain, slug_validate, template_schema_ensure, template_schema_name

FORMAT = "municipality-archive/1"
# Working logins are not data of the municipality: an archive must not carry them.
NOT_EXPORTED = frozenset(
    {
        "django_session",
        "authtoken_token",
        "knox_authtoken",
        "otp_totp_totpdevice",
        "otp_static_staticdevice",
        "otp_static_statictoken",
    }
)
# Registry fields an archive carries (the schema name, slug and domain are the importer's).
PROFILE_EXCLUDED = {"id", "schema_name", "slug", "created_at", "is_active"}


@dataclass(frozen=True)
class TableDigest:
    rows: int
    sha256: str


# -- dumping a schema in the archive's form ----------------------------------------------------------


def _tables(cursor, schema: str) -> list[str]:
    cursor.execute(
        "SELECT table_name FROM information_schema.tables"
        " WHERE table_schema = %s AND table_type = 'BASE TABLE' ORDER BY table_name",
        [schema],
    )
    return [row[0] for row in cursor.fetchall() if row[0] not in NOT_EXPORTED]


def _columns(cursor, schema: str, table: str) -> list[str]:
    cursor.execute(
        "SELECT column_name FROM information_schema.columns"
        " WHERE table_schema = %s AND table_name = %s ORDER BY ordinal_position",
        [schema, table],
    )
    return [row[0] for row in cursor.fetchall()]


def _primary_key(cursor, schema: str, table: str) -> list[str]:
    cursor.execute(
        "SELECT a.attname FROM pg_index i"
        " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)"
        " WHERE i.indrelid = %s::regclass AND i.indisprimary ORDER BY a.attnum",
        [f'"{schema}"."{table}"'],
    )
    return [row[0] for row in cursor.fetchall()]


def _file_columns() -> dict[str, set[str]]:
    """table -> columns holding stored file paths (``<schema>/...``)."""
    found: dict[str, set[str]] = {}
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                found.setdefault(model._meta.db_table, set()).add(str(field.column))
    return found


def _copy_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


_UNESCAPE = {"\\": "\\", "t": "\t", "n": "\n", "r": "\r", "b": "\b", "f": "\f", "v": "\v"}


def _copy_unescape(text: str) -> str:
    out, i = [], 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text):
            out.append(_UNESCAPE.get(text[i + 1], text[i + 1]))
            i += 2
        else:
            out.append(char)
            i += 1
    return "".join(out)


class _Rewriter:
    """Turns a table's rows between the schema's stored form and the archive's (schema-independent) form."""

    def __init__(self, table: str, columns: list[str]) -> None:
        file_columns = _file_columns().get(table, set())
        self.special = [
            (i, crypto.REGISTRY[(table, c)]) for i, c in enumerate(columns) if (table, c) in crypto.REGISTRY
        ]
        self.files = [i for i, c in enumerate(columns) if c in file_columns]

    def __bool__(self) -> bool:
        return bool(self.special or self.files)

    def to_archive(self, line: str, schema: str) -> str:
        cells = line.split("\t")
        for i, field in self.special:
            if cells[i] != "\\N":
                cells[i] = _copy_escape(crypto.decrypt(cells[i], schema=schema, label=field.label))
        for i in self.files:
            if cells[i].startswith(f"{schema}/"):
                cells[i] = cells[i][len(schema) + 1 :]
        return "\t".join(cells)

    def from_archive(self, line: str, schema: str) -> str:
        cells = line.split("\t")
        for i, field in self.special:
            if cells[i] != "\\N":
                cells[i] = crypto.encrypt(_copy_unescape(cells[i]), schema=schema, label=field.label)
        for i in self.files:
            if cells[i] not in ("\\N", ""):
                cells[i] = f"{schema}/{cells[i]}"
        return "\t".join(cells)


def _dump_table(cursor, schema: str, table: str, columns: list[str], out: IO[bytes]) -> TableDigest:
    """Write one table in the archive's form to ``out``; return its row count and checksum."""
    key = _primary_key(cursor, schema, table)
    order = sql.SQL(", ").join(sql.Identifier(c) for c in key) if key else sql.SQL("t::text")
    query = sql.SQL("COPY (SELECT {cols} FROM {table} AS t ORDER BY {order}) TO STDOUT").format(
        cols=sql.SQL(", ").join(sql.Identifier(c) for c in columns),
        table=sql.Identifier(schema, table),
        order=order,
    )
    rewriter = _Rewriter(table, columns)
    digest, rows = hashlib.sha256(), 0
    with cursor.copy(query) as copy:
        pending = b""
        for block in copy:
            pending += bytes(block)
            *lines, pending = pending.split(b"\n")
            for raw in lines:
                if rewriter:
                    raw = rewriter.to_archive(raw.decode(), schema).encode()
                data = raw + b"\n"
                digest.update(data)
                out.write(data)
                rows += 1
    return TableDigest(rows, digest.hexdigest())


def schema_digest(schema: str) -> dict[str, TableDigest]:
    """Every exported table of ``schema``: rows and the checksum of its archive form (the round-trip's
    measure)."""
    result = {}
    with connection.cursor() as cursor:
        for table in _tables(cursor, schema):
            result[table] = _dump_table(cursor, schema, table, _columns(cursor, schema, table), _Discard())
    return result


class _Discard(io.BytesIO):
    """Counts nothing, keeps nothing: the digest alone is wanted."""

    def write(self, data) -> int:
        return len(data)


def files_root(schema: str) -> Path:
    return Path(settings.MEDIA_ROOT) / schema


def files_digest(schema: str) -> dict[str, dict[str, Any]]:
    """Every stored file of the municipality: path under its folder -> size and SHA-256."""
    root = files_root(schema)
    result = {}
    if root.is_dir():
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            result[path.relative_to(root).as_posix()] = {
                "size": path.stat().st_size,
                "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
            }
    return result


def _migrations(cursor, schema: str) -> list[str]:
    cursor.execute(sql.SQL("SELECT app, name FROM {}").format(sql.Identifier(schema, "django_migrations")))
    return sorted(f"{app}.{name}" for app, name in cursor.fetchall())


# -- export ------------------------------------------------------------------------------------------


def municipality_archive_export(*, municipality: Municipality, path: Path | None = None) -> Path:
    """Write the municipality's archive (see the module's docstring) and return its path.

    Read in one REPEATABLE READ snapshot, so the tables agree with each other while the site runs on. The
    file appears under its final name only once it is complete.
    """
    if municipality.is_association:
        raise ValidationError({"municipality": _("The association portal is not a municipality.")})
    schema = municipality.schema_name
    if path is None:
        directory = export_dir()
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / f"{municipality.slug}-{timezone.now():%Y%m%d-%H%M%S}.tar.gz"
    partial = path.with_name(path.name + ".part")
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "municipality": municipality.slug,
        "schema": schema,
        "exported_at": timezone.now().isoformat(),
        "not_exported": sorted(NOT_EXPORTED),
        "tables": {},
        "files": {},
    }
    outermost = not connection.in_atomic_block
    with tempfile.TemporaryDirectory(prefix="municipality-export-") as work, transaction.atomic():
        with connection.cursor() as cursor:
            if outermost:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            manifest["migrations"] = _migrations(cursor, schema)
            # the whole municipality's personal data: readable by the platform's own user only
            partial.touch(mode=0o600)
            partial.chmod(0o600)
            with tarfile.open(partial, "w:gz") as archive:
                for table in _tables(cursor, schema):
                    columns = _columns(cursor, schema, table)
                    member = Path(work, f"{table}.tsv")
                    with member.open("wb") as out:
                        digest = _dump_table(cursor, schema, table, columns, out)
                    archive.add(member, arcname=f"tables/{table}.tsv")
                    member.unlink()
                    manifest["tables"][table] = {
                        "columns": columns,
                        "rows": digest.rows,
                        "sha256": digest.sha256,
                    }
                manifest["files"] = files_digest(schema)
                for name in manifest["files"]:
                    archive.add(files_root(schema) / name, arcname=f"files/{name}")
                _add_bytes(
                    archive,
                    "municipality.json",
                    serializers.serialize("json", [municipality], indent=2).encode(),
                )
                _add_bytes(
                    archive, "manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False).encode()
                )
    partial.rename(path)
    return path


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(data))


# -- import ------------------------------------------------------------------------------------------


def _corrupt(reason: str) -> ValidationError:
    return ValidationError({"archive": _("The archive cannot be imported: %(reason)s") % {"reason": reason}})


def _read_archive(path: Path, work: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """Unpack into ``work`` and check every member against the manifest; return manifest and registry row."""
    try:
        with tarfile.open(path, "r:gz") as archive:
            archive.extractall(work, filter="data")
    except FileNotFoundError as exc:
        raise _corrupt(_("there is no file %(path)s.") % {"path": path}) from exc
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise _corrupt(_("it is not a readable municipality archive (%(error)s).") % {"error": exc}) from exc
    try:
        manifest = json.loads((work / "manifest.json").read_text())
        registry = json.loads((work / "municipality.json").read_text())[0]["fields"]
    except (OSError, ValueError, KeyError, IndexError) as exc:
        raise _corrupt(_("its manifest or registry row is missing or unreadable.")) from exc
    if manifest.get("format") != FORMAT:
        raise _corrupt(_("it is not a municipality archive of this platform."))
    for table, expected in manifest["tables"].items():
        member = work / "tables" / f"{table}.tsv"
        if not member.is_file() or hashlib.sha256(member.read_bytes()).hexdigest() != expected["sha256"]:
            raise _corrupt(_("the table %(table)s does not match its checksum.") % {"table": table})
    for name, expected in manifest["files"].items():
        member = work / "files" / name
        if not member.is_file() or hashlib.sha256(member.read_bytes()).hexdigest() != expected["sha256"]:
            raise _corrupt(_("the file %(name)s does not match its checksum.") % {"name": name})
    return manifest, registry


def municipality_archive_import(
    *, archive: Path, slug: str, name_ka: str = "", name_en: str = ""
) -> Municipality:
    """Create the municipality ``slug`` from an archive: its registry row (names from the archive unless
    given), domain, schema (the template's structure, the archive's rows) and files.

    Refused, writing nothing, when the slug is taken or invalid, the archive is damaged (a member differs
    from its manifest), was made at another version of the platform (other migrations), or the loaded
    tables do not give back the manifest's counts and checksums. Everything in the database happens in one
    transaction; the files are moved into place last.
    """
    with schema_context(get_public_schema_name()):
        return _import(archive=Path(archive), slug=(slug or "").strip(), name_ka=name_ka, name_en=name_en)


def _import(*, archive: Path, slug: str, name_ka: str, name_en: str) -> Municipality:
    slug_validate(slug)
    schema = slug.replace("-", "_")
    target_files = files_root(schema)
    if target_files.exists():
        raise ValidationError(
            {
                "slug": _("Files of a municipality “%(slug)s” already exist in %(path)s.")
                % {"slug": slug, "path": target_files}
            }
        )
    with tempfile.TemporaryDirectory(prefix="municipality-import-") as work_name:
        work = Path(work_name)
        manifest, registry = _read_archive(archive, work)
        template_schema_ensure()
        with connection.cursor() as cursor:
            ours = _migrations(cursor, template_schema_name())
        if ours != manifest.get("migrations"):
            raise _corrupt(
                _("it was made by another version of the platform (its migrations differ from this one's).")
            )
        with transaction.atomic():
            profile = {k: v for k, v in registry.items() if k not in PROFILE_EXCLUDED}
            if name_ka:
                profile["name_ka"] = name_ka
            if name_en:
                profile["name_en"] = name_en
            municipality = Municipality(schema_name=schema, slug=slug, **profile)
            municipality.full_clean(exclude=["schema_name"])
            municipality.save()
            Domain.objects.create(domain=municipality_domain(slug), tenant=municipality, is_primary=True)
            municipality.create_schema(check_if_exists=False, verbosity=0)
            _load_tables(schema, manifest, work / "tables")
            loaded = schema_digest(schema)
            for table, expected in manifest["tables"].items():
                got = loaded.get(table)
                if got is None or (got.rows, got.sha256) != (expected["rows"], expected["sha256"]):
                    raise _corrupt(_("the table %(table)s did not load as exported.") % {"table": table})
            if manifest["files"]:
                target_files.parent.mkdir(parents=True, exist_ok=True)
                shutil.copytree(work / "files", target_files)
    return municipality


def _load_tables(schema: str, manifest: dict[str, Any], tables: Path) -> None:
    with schema_context(schema), connection.cursor() as cursor:
        present = set(_tables(cursor, schema))
        missing = set(manifest["tables"]) - present
        if missing:
            raise _corrupt(_("this platform has no table %(table)s.") % {"table": sorted(missing)[0]})
        names = sql.SQL(", ").join(sql.Identifier(schema, t) for t in sorted(present))
        # The template's rows (content types, permissions, migrations) give way to the archive's; the
        # audit triggers stay quiet while the archive's own audit rows are loaded. (The clone's pending
        # foreign-key checks run first: a table with pending checks cannot be altered.)
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for table in sorted(present):
            cursor.execute(
                sql.SQL("ALTER TABLE {} DISABLE TRIGGER USER").format(sql.Identifier(schema, table))
            )
        cursor.execute(sql.SQL("TRUNCATE {} CASCADE").format(names))
        for table, entry in manifest["tables"].items():
            columns = entry["columns"]
            rewriter = _Rewriter(table, columns)
            query = sql.SQL("COPY {} ({}) FROM STDIN").format(
                sql.Identifier(schema, table), sql.SQL(", ").join(sql.Identifier(c) for c in columns)
            )
            with (tables / f"{table}.tsv").open("rb") as source, cursor.copy(query) as copy:
                for raw in source:
                    if rewriter:
                        raw = (rewriter.from_archive(raw.decode().rstrip("\n"), schema) + "\n").encode()
                    copy.write(raw)
        # The archive's rows must hold together (foreign keys) before the triggers are back.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for table in sorted(present):
            cursor.execute(
                sql.SQL("ALTER TABLE {} ENABLE TRIGGER USER").format(sql.Identifier(schema, table))
            )
        # Sequences continue after the loaded ids.
        cursor.execute(
            "SELECT s.relname, t.relname, a.attname FROM pg_class s"
            " JOIN pg_depend d ON d.objid = s.oid AND d.deptype IN ('a', 'i')"
            " JOIN pg_class t ON t.oid = d.refobjid"
            " JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid"
            " JOIN pg_namespace n ON n.oid = s.relnamespace"
            " WHERE s.relkind = 'S' AND n.nspname = %s",
            [schema],
        )
        for sequence, table, column in cursor.fetchall():
            cursor.execute(
                sql.SQL(
                    "SELECT setval({seq}, COALESCE(MAX({col}), 1), MAX({col}) IS NOT NULL) FROM {table}"
                ).format(
                    seq=sql.Literal(f'"{schema}"."{sequence}"'),
                    col=sql.Identifier(column),
                    table=sql.Identifier(schema, table),
                )
            )
