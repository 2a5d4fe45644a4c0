"""schemathesis against both OpenAPI schemas (the municipality's and the portal's): a fixed number of
generated requests per operation, signed in; no answer may be a server error or disagree with the schema
(status code, content type, body).

Bounded on purpose (a handful of examples per operation, derandomized): it runs inside `make test`.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import CHECKS
from schemathesis.generation.modes import GenerationMode

EXAMPLES = 8
CHECK_NAMES = [
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
]
SIDES = {
    "municipality": ("municipal_platform.urls_tenant", "ambrolauri.localhost", "head"),
    "portal": ("municipal_platform.urls_public", "localhost", "platformadmin"),
}
# Logging out would end the token the run signs in with; the token door is the login's (rate-limited).
SKIPPED = ("/api/v1/auth/logout", "/api/v1/auth/token/")


def load(urlconf: str):
    raw = SchemaGenerator(urlconf=urlconf).get_schema(request=None, public=True)
    schema = schemathesis.openapi.from_dict(raw)
    schema.app = get_wsgi_application()
    return schema


@pytest.fixture
def connection_kept_open():
    """Requests go through the WSGI application, which closes the database connection after each answer
    (and with it the test's transaction); Django's test client avoids that the same way."""
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


@pytest.mark.schemathesis
@pytest.mark.parametrize("side", list(SIDES))
def test_the_api_answers_as_its_schema_says(side, ambrolauri, connection_kept_open):
    from django_tenants.utils import schema_context
    from knox.models import AuthToken

    from municipal_platform.accounts.models import User

    urlconf, host, username = SIDES[side]
    schema_name = "ambrolauri" if side == "municipality" else "public"
    with schema_context(schema_name):
        key = AuthToken.objects.create(user=User.objects.get(username=username))[1]
    schema = load(urlconf)
    checks = [check for check in CHECKS.get_all() if check.__name__ in CHECK_NAMES]
    failures: list[str] = []
    operations = [
        result.ok() for result in schema.get_all_operations() if not result.ok().path.startswith(SKIPPED)
    ]
    assert operations
    for operation in operations:

        @given(case=operation.as_strategy(generation_mode=GenerationMode.POSITIVE))
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case):
            case.call_and_validate(
                base_url=f"http://{host}", headers={"Authorization": f"Token {key}"}, checks=checks
            )

        try:
            run()
        except Exception as exc:  # every operation's failure is collected, then all are reported
            failures.append(f"{operation.method.upper()} {operation.path}: {str(exc)[:600]}")
    assert failures == []
