"""A real Celery worker against Redis: a task sent from a municipality runs in that municipality's schema."""

from __future__ import annotations

import os
import uuid

import pytest
import redis
from django_tenants.utils import schema_context

from municipal_platform.celery import app
from municipal_platform.tasks import municipality_where_am_i, where_am_i
from tests.servers import BIN, ROOT, running, subprocess_env

REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"


def _redis_up() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_timeout=1).ping())
    except redis.RedisError:
        return False


@pytest.fixture
def worker_app(db):
    """Point the app at Redis with a queue of this test's own, and run a worker that consumes it."""
    if not _redis_up():
        pytest.skip(f"no Redis at {REDIS_URL}: start redis-server to run the worker test")
    queue = f"test-{uuid.uuid4().hex[:8]}"
    saved = {k: app.conf[k] for k in ("broker_url", "result_backend", "task_always_eager", "task_default_queue")}
    app.conf.update(broker_url=REDIS_URL, result_backend=REDIS_URL, task_always_eager=False, task_default_queue=queue)
    env = subprocess_env(REDIS_URL=REDIS_URL, CELERY_QUEUE=queue)
    cmd = [str(BIN / "celery"), "-A", "municipal_platform", "worker", "--pool", "solo", "-Q", queue, "--loglevel", "INFO"]
    ping = {"ok": False}

    def ready() -> bool:
        replies = app.control.ping(timeout=0.5)
        ping["ok"] = bool(replies)
        return ping["ok"]

    log = ROOT / "test-artifacts" / "celery-worker.log"
    log.parent.mkdir(exist_ok=True)
    try:
        with running(cmd, env, ready, timeout=60, log=log):
            yield app
    finally:
        app.conf.update(saved)


@pytest.mark.celery_worker
def test_schema_travels_with_the_task_to_a_real_worker(worker_app):
    with schema_context("ambrolauri"):
        from_ambrolauri = where_am_i.delay()
    with schema_context("tskaltubo"):
        from_tskaltubo = where_am_i.delay()
    assert from_ambrolauri.get(timeout=30) == {"schema": "ambrolauri", "system": "Linux"}
    assert from_tskaltubo.get(timeout=30)["schema"] == "tskaltubo"


@pytest.mark.celery_worker
def test_worker_refuses_a_municipal_task_sent_from_public(worker_app):
    result = municipality_where_am_i.delay()  # sent from the public schema
    with pytest.raises(RuntimeError, match="without a municipality schema"):
        result.get(timeout=30)
    with schema_context("tskaltubo"):
        assert municipality_where_am_i.delay().get(timeout=30) == "tskaltubo"
