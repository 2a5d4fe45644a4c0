"""Starts an embedded PostgreSQL under .data/ when no DATABASE_URL is given, so the first run works anywhere."""

from __future__ import annotations

import logging
import os
from pathlib import Path


def embedded_database_url(data_dir: Path, database: str = "socialplatform") -> str:
    """Return a URL to a PostgreSQL server kept running in ``data_dir`` (started if needed).

    The server is left running after this process exits (``cleanup_mode=None``), so ``make run``
    and every ``python manage.py ...`` from the checkout share the same database.
    """
    # pgserver asks platformdirs for a runtime directory; give it a private one instead of a warning.
    runtime = data_dir.parent / "run"
    runtime.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.environ.setdefault("XDG_RUNTIME_DIR", str(runtime))
    import pgserver  # imported lazily: only a machine without DATABASE_URL needs it

    # pgserver logs its bookkeeping at INFO (at exit: "exiting N remaining pids=[...]", "cleaning last
    # handle for server"), and our root logger shows INFO: a command should print only its own output.
    # Warnings and errors (a server that fails to start, with its log) still come through.
    logging.getLogger("pgserver").setLevel(logging.WARNING)

    data_dir.mkdir(parents=True, exist_ok=True)
    server = pgserver.get_server(str(data_dir), cleanup_mode=None)
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{database}';")
    if "(1 row)" not in exists:
        server.psql(f'CREATE DATABASE "{database}";')
    # pgserver listens on a unix socket in the data directory.
    return f"postgres://postgres@/{database}?host={data_dir}"
