"""Shared fixtures: the test database holds the association and two municipalities, made once per session.

Schema creation is slow, so `ambrolauri` and `tskaltubo` (with one user per role, password
DEMO_PASSWORD) are provisioned once, committed, and every test runs inside a transaction that is
rolled back. Tests that need a running server or worker get real subprocesses (see `servers.py`).

Passwords: the demo users keep Django's full-strength hashes (the browser tests' gunicorn checks them
with the normal settings); every password hashed after the session's setup uses the fast MD5 hasher,
`client_for` logs in with `force_login`, and the tests about logging in make the demo passwords cheap
to check with the `fast_demo_passwords` fixture.
"""

from __future__ import annotations

import time

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.test import Client, override_settings
from django_tenants.utils import get_public_schema_name, schema_context

from municipal_platform.accounts import two_factor
from municipal_platform.accounts.models import User
from municipal_platform.middleware import clear_tenant_cache
from tenants.demo import DEMO_PASSWORD, build_platform
from tenants.models import Municipality
from tests.two_factor import code_for, verify_session


@pytest.fixture(scope="session")
def django_db_setup(
    request, django_test_environment, django_db_blocker, django_db_keepdb, django_db_modify_db_settings
):
    """The test database, always (pytest-django would skip it when no collected test asks for `db`,
    and a test that only talks to servers or threads would then hit the development database)."""
    from django.test.utils import setup_databases, teardown_databases

    with django_db_blocker.unblock():
        db_cfg = setup_databases(
            verbosity=request.config.option.verbose,
            interactive=False,
            keepdb=django_db_keepdb,
            aliases={"default"},
        )
        build_platform()
    # From here on every password is hashed with MD5 (0.41 s per PBKDF2 hash otherwise); the demo
    # users built above keep their strong hashes, which MD5's successors in the list still verify.
    fast_hashers = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher", *settings.PASSWORD_HASHERS]
    )
    fast_hashers.enable()
    yield
    fast_hashers.disable()
    with django_db_blocker.unblock():
        # Tests that open a second connection in a thread (to prove two workers never send twice) or
        # subprocesses that died mid-request can leave sessions behind; they would stop the test
        # database from being dropped.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        if not django_db_keepdb:
            teardown_databases(db_cfg, verbosity=request.config.option.verbose)


@pytest.fixture(autouse=True)
def _refuse_transactional_db(request):
    # A TransactionTestCase-style flush truncates the public schema, municipalities included, and
    # would break every later test. Servers and workers read committed session data instead.
    if (
        "transactional_db" in request.fixturenames
        or request.node.get_closest_marker("django_db")
        and (request.node.get_closest_marker("django_db").kwargs.get("transaction"))
    ):
        pytest.fail("transactional_db flushes the shared tenants; use `db` (see tests/conftest.py)")


@pytest.fixture(autouse=True)
def _fresh_cache(settings):
    """Each test gets an empty in-process cache, so rate-limit counters never leak between tests
    (and a shared Redis, which the Celery broker also uses, is never flushed)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "tests",
            "KEY_FUNCTION": "django_tenants.cache.make_key",
            "REVERSE_KEY_FUNCTION": "django_tenants.cache.reverse_key",
        }
    }
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _tasks_run_in_process():
    """Tasks sent from a test run in the test's own process and transaction, as they do without Redis
    (e.g. the outbox's relay of an e-mail, once `django_capture_on_commit_callbacks(execute=True)` runs
    the commit's callbacks); the tests with a real worker switch this off (tests/servers.py)."""
    from municipal_platform.celery import app

    saved = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = saved


@pytest.fixture
def frozen_clock():
    """The clock stands still at the test's start, so nothing in it can depend on the moment it runs.

    For the tests of attempt limits: django-ratelimit's windows roll over at a moment of each minute or
    hour, and a test whose attempts straddled it would see its counter start again.
    """
    with time_machine.travel(time.time(), tick=False) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def _reset_schema_and_tenant_cache():
    clear_tenant_cache()
    yield
    clear_tenant_cache()
    connection.set_schema_to_public()


@pytest.fixture
def ambrolauri(db) -> Municipality:
    return Municipality.objects.get(slug="ambrolauri")


@pytest.fixture
def tskaltubo(db) -> Municipality:
    return Municipality.objects.get(slug="tskaltubo")


@pytest.fixture
def in_ambrolauri(ambrolauri):
    """Run the test body inside Ambrolauri's schema."""
    with schema_context(ambrolauri.schema_name):
        yield ambrolauri


@pytest.fixture
def in_tskaltubo(tskaltubo):
    with schema_context(tskaltubo.schema_name):
        yield tskaltubo


@pytest.fixture
def users(in_ambrolauri):
    """Ambrolauri's demo staff by username (the test body runs in Ambrolauri's schema)."""
    return {u.username: u for u in User.objects.all()}


@pytest.fixture
def head(users):
    return users["head"]


@pytest.fixture
def frontdesk(users):
    return users["frontdesk"]


@pytest.fixture
def officer(users):
    return users["officer"]


def host_of(municipality: Municipality | None) -> str:
    return "localhost" if municipality is None else f"{municipality.slug}.localhost"


def client_for(
    municipality: Municipality | None, username: str | None = None, *, password_login: bool = False
) -> Client:
    """A test client on the municipality's host (None: the association portal), logged in as username.

    The login is a `force_login` made in the schema the user belongs to (users and sessions exist per
    schema), so the host's middleware finds the session, and marked as having given two-factor sign-in's
    code where it is due (tests/two_factor.py); `password_login=True` posts the demo password to the
    login page instead, then the authenticator's current code, for the tests about logging in.
    """
    client = Client(HTTP_HOST=host_of(municipality))
    schema = get_public_schema_name() if municipality is None else municipality.schema_name
    if username and password_login:
        response = client.post("/accounts/login/", {"username": username, "password": DEMO_PASSWORD})
        assert response.status_code == 302, f"login of {username} failed"
        with schema_context(schema):
            user = User.objects.get(username=username)
            due = any(two_factor.due_state(user))
            code = code_for(user) if due else None
        if code is not None:
            response = client.post("/accounts/two-factor/", {"code": code})
            assert response.status_code == 302, f"second step of {username} failed"
    elif username:
        with schema_context(schema):
            user = User.objects.get(username=username)
            client.force_login(user)
            verify_session(client, user)
    return client


@pytest.fixture
def fast_demo_passwords(db) -> None:
    """The demo users' passwords re-hashed with the fast hasher inside this test's transaction.

    For the tests that post passwords: checking a strong hash costs 0.41 s, and a test of the login
    limit makes ten wrong guesses. The password stays DEMO_PASSWORD; the rollback restores the hashes.
    """
    fast_hash = make_password(DEMO_PASSWORD)
    for schema in [get_public_schema_name(), *Municipality.objects.values_list("schema_name", flat=True)]:
        with schema_context(schema):
            User.objects.update(password=fast_hash)


@pytest.fixture
def head_client(ambrolauri) -> Client:
    return client_for(ambrolauri, "head")


@pytest.fixture
def portal_client(db) -> Client:
    return Client(HTTP_HOST="localhost")


# Property tests (hypothesis): under CI the examples are derived from the test itself, so a run is
# reproducible and a red CI can be rerun to the same failure; elsewhere every run explores new examples.
def _hypothesis_profiles() -> None:
    import os

    from hypothesis import settings as hypothesis_settings

    hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
    if os.environ.get("CI"):
        hypothesis_settings.load_profile("ci")


_hypothesis_profiles()
