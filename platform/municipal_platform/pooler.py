"""Refuse to start behind a connection pooler in transaction mode unless it keeps each client's schema.

django-tenants picks a municipality by `SET search_path` on the connection, and sets it again only when
a cursor is opened. Behind PgBouncer in *transaction* mode, each transaction (each query in autocommit) may
run on a different server connection, one whose search_path another client set: a query would read or
write another municipality's tables. Session mode (and no pooler) keep one server connection per client
and are safe.

The environment says which pooler sits between the platform and PostgreSQL:

    DATABASE_POOLER = ""            no pooler (default)
                      "session"     PgBouncer pool_mode = session (safe)
                      "transaction" PgBouncer pool_mode = transaction: refused unless
    DATABASE_POOLER_TRACKS_SEARCH_PATH = 1
        the operator states that the pooler restores each client's search_path on every server connection
        it hands that client (PgBouncer >= 1.20 with `track_extra_parameters = search_path`), and the
        PostgreSQL server reports search_path to clients (PgBouncer can only track what the server reports:
        checked here on a real connection). Server-side cursors are then off (DISABLE_SERVER_SIDE_CURSORS,
        which the settings turn on for this mode), as Django requires under transaction pooling.

A pooler cannot be recognised from a client connection (PgBouncer answers as the server does), so it is
declared, not detected. The check runs with every management command (`migrate_platform` runs before the
web and worker containers start) and when the WSGI application loads.
"""

from __future__ import annotations

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

MODES = ("", "session", "transaction")


def pooler_problems(*, server_reports_search_path=None) -> list[checks.CheckMessage]:
    """What makes the declared pooler unsafe for django-tenants (empty when safe).

    ``server_reports_search_path``: a callable answering whether the PostgreSQL server reports
    search_path to clients; by default asked on the default connection (only in transaction mode)."""
    mode = getattr(settings, "DATABASE_POOLER", "")
    if mode not in MODES:
        return [
            checks.Error(
                f"DATABASE_POOLER={mode!r} is not one of '', 'session', 'transaction'.",
                hint="Declare the pool mode of the pooler between the platform and PostgreSQL.",
                id="platform.E101",
            )
        ]
    if mode != "transaction":
        return []
    problems: list[checks.CheckMessage] = []
    if not getattr(settings, "DATABASE_POOLER_TRACKS_SEARCH_PATH", False):
        problems.append(
            checks.Error(
                "A connection pooler in transaction mode would run a municipality's queries in another "
                "municipality's schema (django-tenants relies on the connection's search_path).",
                hint="Use pool_mode = session, or configure PgBouncer >= 1.20 with "
                "track_extra_parameters = search_path and set DATABASE_POOLER_TRACKS_SEARCH_PATH=1 "
                "(docs/security.md).",
                id="platform.E102",
            )
        )
    if not settings.DATABASES["default"].get("DISABLE_SERVER_SIDE_CURSORS"):
        problems.append(
            checks.Error(
                "Server-side cursors do not survive transaction pooling.",
                hint="Set DISABLE_SERVER_SIDE_CURSORS = True on the default database.",
                id="platform.E103",
            )
        )
    if getattr(settings, "TENANT_LIMIT_SET_CALLS", False):
        problems.append(
            checks.Error(
                "TENANT_LIMIT_SET_CALLS skips setting search_path on a connection that set it once; under "
                "transaction pooling that connection is not the same server connection.",
                hint="Remove TENANT_LIMIT_SET_CALLS.",
                id="platform.E104",
            )
        )
    if not problems:
        asked = server_reports_search_path or _server_reports_search_path
        if not asked():
            problems.append(
                checks.Error(
                    "The PostgreSQL server does not report search_path to clients, so the pooler cannot "
                    "track it (track_extra_parameters only restores parameters the server reports).",
                    hint="Use pool_mode = session with this PostgreSQL version.",
                    id="platform.E105",
                )
            )
    return problems


def _server_reports_search_path() -> bool:
    from django.db import connection

    connection.ensure_connection()
    # psycopg keeps the ParameterStatus values the server sent; None when search_path is not among them
    return connection.connection.info.parameter_status("search_path") is not None  # type: ignore[union-attr]


# Not tagged "database": it runs with every command, not only those that ask for database checks (it
# opens a connection only when transaction mode is declared).
@checks.register(checks.Tags.compatibility)
def pooler_check(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    return pooler_problems()


def refuse_unsafe_pooler() -> None:
    """For the WSGI entry point: raise instead of serving behind an unsafe pooler."""
    errors = [p for p in pooler_problems() if p.is_serious()]
    if errors:
        raise ImproperlyConfigured("; ".join(f"{e.id}: {e.msg} {e.hint}" for e in errors))
