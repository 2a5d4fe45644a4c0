"""Every URL of both URLconfs, requested by everyone from everywhere, against the rule its app declares.

The URL patterns are discovered, not listed: a new URL is covered without editing this file, and a
named URL without a rule in its app's ``access.py`` fails (see municipal_platform/access.py). Each URL's
path parameters are filled with real objects of Ambrolauri (A) and of Tskaltubo (B), and the URL is
requested

- on A's host by every role of A, by the portal's users (their session and API token mean nothing
  there) and anonymously, with A's objects;
- on B's host by A's users and anonymously, with B's objects and with A's;
- on the portal by the portal's users, by A's users and anonymously (the portal's own URLconf);

with a session, and for /api/ also with an API token (writes are sent by the host's own users and
anonymously; a foreign session or token, and A's ids on B's host, are tried with GET). GET: a visitor the rule allows gets the page (2xx,
or a redirect that is not to the login), anyone else gets no 2xx answer (a redirect to the login, 401,
403, 404 or 405): a 2xx body is data they may not read. POST (and PATCH under /api/) with an empty body:
anyone the rule does not allow gets no 2xx answer and writes nothing; anyone it allows is not refused
(the empty body gets its validation errors). Writes happen in a savepoint that is rolled back.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django_tenants.utils import get_public_schema_name, schema_context
from knox.models import AuthToken

from municipal_platform import access
from municipal_platform.accounts.models import User
from municipal_platform.roles import Role
from tenants.models import Municipality
from tests.conftest import client_for, host_of
from tests.feedback.conftest import wipe_municipality_data

pytestmark = pytest.mark.url_matrix

A, B = "ambrolauri", "tskaltubo"
PUBLIC = "public"
MUNICIPAL_USERS = {
    "head": Role.HEAD_OF_SERVICE,
    "frontdesk": Role.FRONT_DESK,
    "officer": Role.FEEDBACK_OFFICER,
    "worker": Role.SOCIAL_WORKER,
    "commission": Role.COMMISSION_MEMBER,
    "council": Role.COUNCIL_MEMBER,
}
PORTAL_USERS = {
    "reviewer": Role.REVIEWER,
    "contestadmin": Role.CONTEST_ADMIN,
    "platformadmin": Role.PLATFORM_ADMIN,
}
NAMESPACE_VISITORS = ("anonymous", "A:head", "portal:platformadmin")
# Known failures, each with its reason (reported, to be fixed where they live; strict: once fixed, the
# entry must go).
KNOWN_ISSUES: dict[re.Pattern, str] = {}
# Patterns that are no page of ours, each with its reason (nothing else may be left out).
NOT_OURS: dict[str, str] = {}


# --- discovery ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Url:
    side: str  # access.MUNICIPALITY or access.PORTAL
    name: str  # "namespace:name"; unnamed patterns get "namespace:<route>"
    route: str  # the route with its converters, e.g. "feedback/reports/<int:pk>/"
    urlconf: str
    named: bool

    @property
    def id(self) -> str:
        return f"{self.side}:{self.name}"


def _walk(patterns, prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str | None, str]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.name, namespace


def discover() -> list[Url]:
    found = []
    for side, urlconf in (
        (access.MUNICIPALITY, settings.ROOT_URLCONF),
        (access.PORTAL, settings.PUBLIC_SCHEMA_URLCONF),
    ):
        for route, name, namespace in _walk(get_resolver(urlconf).url_patterns):
            full = namespace + name if name else f"{namespace}<{route}>"
            found.append(Url(side, full, route, urlconf, named=bool(name)))
    return found


URLS = discover()

_CONVERTER = re.compile(r"<(?:(?P<conv>[^>:]+):)?(?P<name>\w+)>")
_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>[^)]*\)")


def _params(route: str) -> list[str]:
    return [m["name"] for m in _CONVERTER.finditer(route)] + [m["name"] for m in _GROUP.finditer(route)]


def build_path(route: str, kwargs: dict) -> str:
    """The request path of a route with these values (regex routes too; unnamed ones cannot be reversed)."""
    path = _GROUP.sub(lambda m: str(kwargs[m["name"]]), route)
    path = _CONVERTER.sub(lambda m: str(kwargs[m["name"]]), path)
    return "/" + path.replace("^", "").replace("$", "").replace("\\", "")


def test_every_url_has_a_rule():
    declared = access.rules()
    missing = [
        f"{url.id} ({url.route})"
        for url in URLS
        if url.name not in NOT_OURS and access.rule_for(url.name, url.side, declared) is None
    ]
    assert not missing, (
        "URLs without a rule: declare who may open them in their app's access.py "
        "(see municipal_platform/access.py):\n" + "\n".join(missing)
    )


def test_the_discovery_sees_both_urlconfs_and_every_app():
    names = {url.name for url in URLS}
    for expected in ("programmes:application_detail", "feedback:report_detail", "citizen:report", "api_me"):
        assert expected in names
    assert "tenants:municipality_detail" in {url.name for url in URLS if url.side == access.PORTAL}


# --- the objects of both municipalities -----------------------------------------------------------------


@pytest.fixture(scope="module")
def matrix_data(django_db_setup, django_db_blocker):
    """One of every object in A and in B, committed for the module and wiped afterwards."""
    with django_db_blocker.unblock():
        for slug in (A, B):
            wipe_municipality_data(slug, access.example_apps())  # what a killed run left behind
            municipality = Municipality.objects.get(slug=slug)
            with schema_context(municipality.schema_name), transaction.atomic():
                for build in access.example_builders():
                    build(municipality=municipality)
        yield
        for slug in (A, B):
            wipe_municipality_data(slug, access.example_apps())


def _objects(rule: access.Rule, schema: str) -> dict[str, dict]:
    if rule.objects is None:
        return {"": {}}
    with schema_context(schema):
        return {label: dict(kwargs) for label, kwargs in rule.objects().items()}


# --- who asks ---------------------------------------------------------------------------------------------


@dataclass
class Visitor:
    label: str  # "A:head", "portal:reviewer", "anonymous"
    schema: str | None  # where the user exists
    roles: frozenset[str] | None
    client: Client
    token: str | None = None

    def roles_at(self, schema: str, rule: access.Rule, *, by_token: bool) -> frozenset[str] | None:
        """What the host sees: the user's roles in its own schema, nobody elsewhere."""
        if self.schema != schema or (rule.token_only and not by_token):
            return None
        return self.roles


@pytest.fixture(scope="module")
def visitors(matrix_data, django_db_blocker) -> Iterator[list[Visitor]]:
    """Everyone who asks, signed in once for the module (sessions and API tokens committed, then ended)."""
    made: list[tuple[str, Visitor, AuthToken]] = []
    with django_db_blocker.unblock():
        for schema, people in ((A, MUNICIPAL_USERS), (PUBLIC, PORTAL_USERS)):
            municipality = None if schema == PUBLIC else Municipality.objects.get(slug=schema)
            db_schema = get_public_schema_name() if schema == PUBLIC else schema
            for username, role in people.items():
                client = client_for(municipality, username)
                with schema_context(db_schema):
                    instance, token = AuthToken.objects.create(User.objects.get(username=username))
                side = "portal" if schema == PUBLIC else "A"
                visitor = Visitor(f"{side}:{username}", schema, frozenset({str(role)}), client, token)
                made.append((db_schema, visitor, instance))
        yield [visitor for _schema, visitor, _token in made] + [Visitor("anonymous", None, None, Client())]
        for db_schema, visitor, instance in made:
            with schema_context(db_schema):
                Session.objects.filter(session_key=visitor.client.session.session_key).delete()
                AuthToken.objects.filter(pk=instance.pk).delete()


def _written() -> int:
    """Rows this transaction inserted, updated or deleted so far (sessions and token use aside)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM pg_stat_xact_user_tables"
            " WHERE relname NOT IN ('django_session', 'knox_authtoken')"
            " AND schemaname IN ('public', %s, %s)",
            [A, B],
        )
        return int(cursor.fetchone()[0])


def test_a_rolled_back_write_is_still_counted(in_ambrolauri):
    """The matrix's write check: a write undone by its savepoint still shows."""
    from feedback.models import RegistryComment

    officer = User.objects.get(username="officer")
    before = _written()
    sid = transaction.savepoint()
    RegistryComment.objects.create(received_on="2025-06-20", text="x", recorded_by=officer)
    transaction.savepoint_rollback(sid)
    assert _written() > before


def _to_login(response) -> bool:
    return response.status_code in (301, 302, 303, 307) and "/login/" in response.get("Location", "")


# --- the matrix -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [u for u in URLS if u.name not in NOT_OURS], ids=lambda u: u.id)
def test_url_answers_only_whom_its_rule_allows(url: Url, visitors: list[Visitor], db):
    rule = access.rule_for(url.name, url.side)
    assert rule is not None, f"{url.id} has no rule: declare one in its app's access.py"
    params = _params(url.route)
    if url.name not in access.rules():
        # covered by its namespace's rule: a framework's uniform views (Django's admin puts one staff
        # check in front of every view), asked by the anonymous visitor, the head of service and the
        # platform administrator (the admin's staff) only, to keep the run short
        visitors = [v for v in visitors if v.label in NAMESPACE_VISITORS]
    if url.side == access.MUNICIPALITY:
        # (host schema, objects' schema, who asks)
        plan = [(A, A, visitors), (B, B, [v for v in visitors if v.schema != PUBLIC])]
        if params:
            plan.append((B, A, [v for v in visitors if v.schema != PUBLIC]))
    else:
        plan = [(PUBLIC, PUBLIC, visitors)]
    failures: list[str] = []
    checked = 0
    for host_schema, objects_schema, askers in plan:
        objects = _objects(rule, objects_schema if objects_schema != PUBLIC else get_public_schema_name())
        for label, kwargs in objects.items():
            missing = [p for p in params if p not in kwargs]
            assert not missing, f"{url.id}: the rule's objects give no value for {missing}"
            path = build_path(url.route, kwargs) + (f"?{rule.query}" if rule.query else "")
            host = (
                "localhost" if host_schema == PUBLIC else host_of(Municipality.objects.get(slug=host_schema))
            )
            if _shadowed(path, url):
                pytest.skip(f"{path} is answered by another pattern first (tested under its own name)")
            for visitor in askers:
                for by_token in (False, True) if path.startswith("/api/") else (False,):
                    if by_token and visitor.token is None:
                        continue
                    where = f"{url.id} [{label or '-'}] {path} on {host} as {visitor.label}"
                    where += " by token" if by_token else ""
                    checked += 1
                    # Writes are sent by the host's own users and anonymously; a foreign session or token
                    # (and A's ids on B's host) is read with GET: it either counts there or it does not.
                    writes = objects_schema == host_schema and visitor.schema in (host_schema, None)
                    failures += _check(rule, label, path, host, host_schema, visitor, by_token, where, writes)
    assert checked
    for pattern, reason in KNOWN_ISSUES.items():
        if pattern.match(url.id):
            assert failures, f"{url.id} answers by its rule now: remove its entry from KNOWN_ISSUES"
            pytest.xfail(reason)
    assert not failures, f"{len(failures)} answers disagree with the rule:\n" + "\n".join(failures)


def _shadowed(path: str, url: Url) -> bool:
    try:
        match = resolve(path.split("?", 1)[0], url.urlconf)
    except Resolver404:
        return False
    return url.named and match.view_name != url.name


def _check(rule, label, path, host, host_schema, visitor, by_token, where, writes) -> list[str]:
    failures = []
    roles = visitor.roles_at(host_schema, rule, by_token=by_token)
    foreign_token = by_token and visitor.schema != host_schema
    headers = {"HTTP_HOST": host}
    # a fresh client with the visitor's cookies for each request: a logout answer would otherwise end the
    # session in the client for every later request (the database's side is rolled back)
    client = Client(raise_request_exception=False)  # a server error is an answer (500) like any other
    if by_token:
        headers["HTTP_AUTHORIZATION"] = f"Token {visitor.token}"
    else:
        client.cookies = copy.deepcopy(visitor.client.cookies)
    # GET (in a savepoint too: a server error must not break the test's transaction for the rest)
    sid = transaction.savepoint()
    try:
        response = client.get(path, **headers)
    finally:
        transaction.savepoint_rollback(sid)
    status = response.status_code
    if status >= 500:
        failures.append(f"GET {where}: server error {status}")
    elif rule.passes("get", label, roles):
        ok = 200 <= status < 300 or (300 <= status < 400 and not _to_login(response))
        if not ok and not (foreign_token and status == 401):
            failures.append(f"GET {where}: {status}, but the rule lets them read it")
    elif 200 <= status < 300:
        failures.append(f"GET {where}: {status} with a body, but the rule does not let them read it")
    # POST, and PATCH under /api/
    for method in ("post", "patch") if writes else ():
        if method == "patch" and not path.startswith("/api/"):
            continue
        allowed = rule.passes(method, label, roles)
        before = 0 if allowed else _written()
        sid = transaction.savepoint()
        try:
            send = getattr(client, method)
            if method == "patch":
                response = send(path, {}, content_type="application/json", **headers)
            else:
                response = send(path, {}, **headers)
        finally:
            transaction.savepoint_rollback(sid)
        # PostgreSQL counts a subtransaction's writes even when it is rolled back
        wrote = 0 if allowed else _written() - before
        status = response.status_code
        refused = status in (401, 403, 404, 405) or _to_login(response)
        if status >= 500:
            failures.append(f"{method.upper()} {where}: server error {status}")
        elif allowed and refused and not (foreign_token and status == 401):
            failures.append(f"{method.upper()} {where}: refused ({status}), but the rule lets them send it")
        elif not allowed and 200 <= status < 300:
            failures.append(f"{method.upper()} {where}: answered {status}, but the rule refuses them")
        if not allowed and wrote:
            failures.append(f"{method.upper()} {where}: refused visitor wrote {wrote} rows")
    return failures
