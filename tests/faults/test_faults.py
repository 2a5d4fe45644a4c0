"""Faults, for real on loopback: Redis stopped, a Celery worker killed inside sending, PostgreSQL
restarted. Each stops a private service of its own (services.py), never the shared ones.

E-mails are counted as the files the worker's file backend writes (one file per e-mail)."""

from __future__ import annotations

import re
import signal
import uuid

import pytest
import requests
from django.db import transaction
from django_tenants.utils import schema_context

from municipal_platform.outbox.models import OutboxMessage
from tenants.demo import DEMO_PASSWORD

from .services import data_dir_env, mails, private_cluster, private_redis, sender, wait_until, web, worker

pytestmark = pytest.mark.faults

HOST = {"Host": "ambrolauri.localhost"}
OFFICER_EMAIL = "officer@ambrolauri.example.ge"


@pytest.fixture(scope="module")
def log_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("faults-logs")


@pytest.fixture(scope="module")
def redis(log_dir):
    with private_redis(log_dir) as server:
        yield server


@pytest.fixture(scope="module")
def site(django_db_setup, redis, log_dir, tmp_path_factory):
    """gunicorn on the test database, with the private Redis as its cache and broker."""
    queue = f"faults-{uuid.uuid4().hex[:8]}"
    data = tmp_path_factory.mktemp("web-data")
    with web(log_dir, REDIS_URL=redis.url, CELERY_QUEUE=queue, **data_dir_env(data)) as base:
        yield {"base": base, "queue": queue}


@pytest.fixture
def clean_outbox(django_db_blocker):
    """The rows the servers commit are removed after the test (they are not in its transaction)."""
    yield
    with django_db_blocker.unblock(), schema_context("ambrolauri"):
        OutboxMessage.objects.all().delete()


def _ask_password_reset(base: str, login: str) -> requests.Response:
    session = requests.Session()
    page = session.get(f"{base}/accounts/password/reset/", headers=HOST, timeout=30)
    assert page.status_code == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    return session.post(
        f"{base}/accounts/password/reset/",
        data={"login": login, "csrfmiddlewaretoken": token},
        headers={**HOST, "Referer": f"{base}/accounts/password/reset/"},
        allow_redirects=False,
        timeout=30,
    )


def _outbox(django_db_blocker) -> list[OutboxMessage]:
    with django_db_blocker.unblock(), schema_context("ambrolauri"):
        return list(OutboxMessage.objects.order_by("id"))


def _locked_elsewhere(django_db_blocker, pk: int) -> bool:
    """True while another connection (the worker) holds the row's lock."""
    with django_db_blocker.unblock(), schema_context("ambrolauri"), transaction.atomic():
        free = OutboxMessage.objects.select_for_update(skip_locked=True).filter(pk=pk).exists()
        return not free


def _relay_due_in_ambrolauri(redis_url: str, queue: str) -> int:
    """What one more sweep of the municipality sends (the task beat's sweep fans out)."""
    client = sender(redis_url)
    try:
        result = client.send_task("outbox.relay_due", queue=queue, headers={"_schema_name": "ambrolauri"})
        return result.get(timeout=60)
    finally:
        client.close()


def test_with_redis_stopped_pages_and_api_work_and_the_mail_goes_out_once_when_it_returns(
    site, redis, log_dir, tmp_path, django_db_blocker, clean_outbox
):
    base = site["base"]
    redis.stop()
    try:
        assert requests.get(f"{base}/", headers=HOST, timeout=30).status_code == 200
        assert requests.get(f"{base}/accounts/login/", headers=HOST, timeout=30).status_code == 200
        # a write that sends an e-mail: the page answers as always (the rate limit counts in memory)
        response = _ask_password_reset(base, "officer")
        assert (
            response.status_code == 302 and response.headers["Location"] == "/accounts/password/reset/sent/"
        )
        # the API: a token login and a list
        token = requests.post(
            f"{base}/api/v1/auth/token/",
            json={"username": "officer", "password": DEMO_PASSWORD},
            headers=HOST,
            timeout=30,
        )
        assert token.status_code == 200, token.text
        reports = requests.get(
            f"{base}/api/v1/feedback/reports/",
            headers={**HOST, "Authorization": f"Token {token.json()['token']}"},
            timeout=30,
        )
        assert reports.status_code == 200
        # the health check says what is wrong, without calling the working site down
        health = requests.get(f"{base}/healthz", headers={"Host": "localhost"}, timeout=30)
        assert health.status_code == 200 and health.json()["status"] == "degraded"
        assert health.json()["redis"].startswith("error")

        [message] = _outbox(django_db_blocker)
        assert (message.kind, message.sent_at) == ("accounts.password_reset", None)
    finally:
        redis.start()

    with worker(log_dir, redis.url, site["queue"], "after-outage", **data_dir_env(tmp_path)):
        client = sender(redis.url)
        try:  # beat's entry, as beat sends it
            assert "ambrolauri" in client.send_task("outbox.sweep", queue=site["queue"]).get(timeout=60)
        finally:
            client.close()
        wait_until(lambda: _outbox(django_db_blocker)[0].sent_at is not None, 60, "the sweep's sending")
        assert _relay_due_in_ambrolauri(redis.url, site["queue"]) == 0  # another sweep sends nothing more

    sent = mails(tmp_path)
    assert len(sent) == 1
    assert f"To: {OFFICER_EMAIL}" in sent[0] and "/accounts/password/" in sent[0]


def test_a_worker_killed_while_sending_leaves_the_mail_to_the_next_worker_which_sends_it_once(
    site, redis, log_dir, tmp_path, django_db_blocker, clean_outbox
):
    gate = tmp_path / "gate"
    gate.touch()
    slow = {"DJANGO_SETTINGS_MODULE": "tests.faults.gated_settings", "MAIL_GATE": str(gate)}
    with worker(log_dir, redis.url, site["queue"], "killed", **data_dir_env(tmp_path), **slow) as doomed:
        response = _ask_password_reset(site["base"], "officer")
        assert response.status_code == 302
        # the relay sent on commit reached the worker, which is inside sending, the row locked
        wait_until((tmp_path / "inside-send").exists, 60, "the worker's sending")
        [message] = _outbox(django_db_blocker)
        assert _locked_elsewhere(django_db_blocker, message.pk)
        doomed.send_signal(signal.SIGKILL)
        doomed.wait(timeout=30)
    gate.unlink()
    assert mails(tmp_path) == []
    # PostgreSQL rolled the dead worker's transaction back: unsent and unlocked again
    wait_until(lambda: not _locked_elsewhere(django_db_blocker, message.pk), 30, "the lock's release")
    assert _outbox(django_db_blocker)[0].sent_at is None

    with worker(log_dir, redis.url, site["queue"], "next", **data_dir_env(tmp_path)):
        assert _relay_due_in_ambrolauri(redis.url, site["queue"]) == 1  # the sweep sends it
        assert _relay_due_in_ambrolauri(redis.url, site["queue"]) == 0
    assert _outbox(django_db_blocker)[0].sent_at is not None
    sent = mails(tmp_path)
    assert len(sent) == 1 and f"To: {OFFICER_EMAIL}" in sent[0]


def test_after_a_postgresql_restart_the_site_answers_again_and_the_outage_gave_a_clean_error_page(
    django_db_setup, log_dir
):
    with private_cluster() as cluster:
        # one process, one thread, persistent connections (as deployments run): every request below
        # is served on the same connection, which the restart breaks
        env = {"DATABASE_URL": cluster.url, "DB_CONN_MAX_AGE": "600", "REDIS_URL": "", "DJANGO_DEBUG": "0"}
        with web(log_dir, threads=1, **env) as base:
            assert requests.get(f"{base}/", headers=HOST, timeout=30).status_code == 200

            cluster.stop()
            cluster.start()
            after_restart = requests.get(f"{base}/", headers=HOST, timeout=30)
            assert after_restart.status_code == 200, "the dead connection is noticed and replaced"

            cluster.stop()
            during = requests.get(f"{base}/", headers=HOST, timeout=30)
            assert during.status_code == 500
            assert "Something went wrong" in during.text  # the platform's own error page
            for leak in ("Traceback", "OperationalError", "psycopg", "connection"):
                assert leak not in during.text

            cluster.start()
            assert requests.get(f"{base}/", headers=HOST, timeout=30).status_code == 200
            health = requests.get(f"{base}/healthz", headers={"Host": "localhost"}, timeout=30)
            assert health.status_code == 200 and health.json()["database"] == "ok"
