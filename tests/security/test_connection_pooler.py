"""A connection pooler in transaction mode is refused at start-up unless it keeps each client's schema
(django-tenants relies on the connection's search_path): municipal_platform/pooler.py, through Django's
check framework (which every management command runs) and the WSGI entry point."""

from __future__ import annotations

import pytest
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from municipal_platform import pooler


def ids(messages) -> list[str]:
    return [m.id for m in messages]


def registered_check_ids() -> list[str]:
    return ids(checks.run_checks(tags=[checks.Tags.compatibility]))


@pytest.mark.parametrize("mode", ["", "session"])
def test_no_pooler_or_session_mode_starts(settings, mode):
    settings.DATABASE_POOLER = mode
    assert pooler.pooler_problems() == []
    assert "platform.E102" not in registered_check_ids()


def test_transaction_mode_is_refused_by_the_check_framework_and_the_wsgi_entry(settings):
    settings.DATABASE_POOLER = "transaction"
    settings.DATABASE_POOLER_TRACKS_SEARCH_PATH = False
    assert "platform.E102" in registered_check_ids()
    with pytest.raises(ImproperlyConfigured, match="platform.E102"):
        pooler.refuse_unsafe_pooler()


def test_an_unknown_mode_is_refused_naming_the_setting(settings):
    settings.DATABASE_POOLER = "statement"
    [error] = pooler.pooler_problems()
    assert error.id == "platform.E101" and "DATABASE_POOLER='statement'" in error.msg


@pytest.fixture
def safe_transaction_mode(settings, monkeypatch):
    settings.DATABASE_POOLER = "transaction"
    settings.DATABASE_POOLER_TRACKS_SEARCH_PATH = True
    settings.TENANT_LIMIT_SET_CALLS = False
    monkeypatch.setitem(settings.DATABASES["default"], "DISABLE_SERVER_SIDE_CURSORS", True)
    return settings


def test_transaction_mode_starts_with_the_documented_safe_setting(safe_transaction_mode):
    assert pooler.pooler_problems(server_reports_search_path=lambda: True) == []


def test_the_safe_setting_also_needs_server_side_cursors_off_and_every_cursor_to_set_the_schema(
    safe_transaction_mode,
):
    safe_transaction_mode.TENANT_LIMIT_SET_CALLS = True
    safe_transaction_mode.DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = False  # restored after
    assert ids(pooler.pooler_problems(server_reports_search_path=lambda: True)) == [
        "platform.E103",
        "platform.E104",
    ]


def test_a_server_that_does_not_report_search_path_is_refused(safe_transaction_mode, db):
    # asked on the real connection: PostgreSQL before it reports search_path gives the pooler nothing to track
    from django.db import connection

    connection.ensure_connection()
    reports = connection.connection.info.parameter_status("search_path") is not None
    assert ("platform.E105" in ids(pooler.pooler_problems())) is not reports
    assert ids(pooler.pooler_problems(server_reports_search_path=lambda: False)) == ["platform.E105"]
