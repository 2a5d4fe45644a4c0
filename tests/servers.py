"""Real subprocesses for integration tests: a gunicorn web server and a Celery worker on the test database."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.request import Request, urlopen

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def test_database_url() -> str:
    db = settings.DATABASES["default"]
    host = db.get("HOST") or "localhost"
    port = db.get("PORT") or 5432
    user = db.get("USER") or "postgres"
    password = db.get("PASSWORD") or ""
    if host.startswith("/"):  # unix socket (embedded PostgreSQL)
        return f"postgres://{user}@/{db['NAME']}?host={host}"
    auth = f"{user}:{password}@" if password else f"{user}@"
    return f"postgres://{auth}{host}:{port}/{db['NAME']}"


def subprocess_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=test_database_url(),
        DJANGO_SETTINGS_MODULE="municipal_platform.settings",
        PYTHONPATH=os.pathsep.join([str(ROOT), str(ROOT / "platform")]),
        DB_CONN_MAX_AGE="0",
        # The settings refuse to start without a key when DEBUG is off: the same key as this process.
        DJANGO_SECRET_KEY=settings.SECRET_KEY,
    )
    env.update(extra)
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running(cmd: list[str], env: dict[str, str], ready, timeout: float = 30.0, log: Path | None = None):
    log_file = open(log or os.devnull, "wb")
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=log_file, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + timeout
        while not ready():
            if proc.poll() is not None:
                raise RuntimeError(f"{cmd[0]} exited with {proc.returncode}; see {log}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"{cmd[0]} did not get ready in {timeout}s; see {log}")
            time.sleep(0.2)
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log_file.close()


@contextmanager
def web_server(log_dir: Path, **extra_env: str):
    """gunicorn serving the platform on 127.0.0.1:<port>; yields the port. ``extra_env``: settings of the
    server's environment (e.g. a rate a load test lifts)."""
    port = free_port()

    def ready() -> bool:
        try:
            with urlopen(
                Request(f"http://127.0.0.1:{port}/healthz", headers={"Host": "localhost"}), timeout=1
            ):
                return True
        except OSError:
            return False

    cmd = [
        str(BIN / "gunicorn"),
        "municipal_platform.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "2",
        "--threads",
        "4",
        "--timeout",
        "60",
    ]
    # Journeys log in often; the login and code rate limits themselves are tested in-process.
    # No Redis: tasks run in the server's process on commit, so an e-mail (the outbox's relay) is written
    # before the page answers (tests/faults runs real workers on Redis).
    env = subprocess_env(
        REDIS_URL="",
        DJANGO_ALLOWED_HOSTS="localhost,.localhost,127.0.0.1",
        LOGIN_RATE_PER_IP="1000/m",
        LOGIN_RATE_PER_USERNAME="1000/m",
        OTP_RATE_PER_USER="1000/m",
        **extra_env,
    )
    with running(cmd, env, ready, log=log_dir / "gunicorn.log"):
        yield port


REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"


def redis_up() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_timeout=1).ping())
    except redis.RedisError:
        return False


@contextmanager
def celery_worker(name: str, **extra_env: str):
    """A real Celery worker on Redis, consuming a queue of its own; the app in this process sends to it.

    Yields the Celery app. Skips the test when no Redis answers (`make test` on a machine without it).
    """
    import uuid

    import pytest

    from municipal_platform.celery import app

    if not redis_up():
        pytest.skip(f"no Redis at {REDIS_URL}: start redis-server to run the worker tests")
    queue = f"test-{name}-{uuid.uuid4().hex[:8]}"
    node = f"{queue}@{socket.gethostname()}"
    keys = ("broker_url", "result_backend", "task_always_eager", "task_default_queue")
    saved = {k: app.conf[k] for k in keys}
    app.conf.update(
        broker_url=REDIS_URL, result_backend=REDIS_URL, task_always_eager=False, task_default_queue=queue
    )
    env = subprocess_env(REDIS_URL=REDIS_URL, CELERY_QUEUE=queue, **extra_env)
    cmd = [
        str(BIN / "celery"),
        "-A",
        "municipal_platform",
        "worker",
        "--pool",
        "solo",
        "-Q",
        queue,
        "-n",
        node,
        "--loglevel",
        "INFO",
    ]

    def ready() -> bool:  # this worker, not any other on the same broker
        return bool(app.control.ping(destination=[node], timeout=0.5))

    log_dir = ROOT / "test-artifacts"
    log_dir.mkdir(exist_ok=True)
    try:
        with running(cmd, env, ready, timeout=60, log=log_dir / f"celery-{name}.log"):
            yield app
    finally:
        app.conf.update(saved)
