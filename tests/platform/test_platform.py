"""Cross-cutting pieces: the stdlib `platform` module is intact, the API schema is valid, Georgian is the default."""

import json

import pytest
from django.core.management import call_command
from django.test import Client

from municipal_platform.roles import Role, has_role
from tests.conftest import client_for


def test_stdlib_platform_module_is_not_shadowed_by_the_platform_folder():
    import platform

    assert platform.system() == "Linux"
    assert "site-packages" not in platform.__file__ and "/work" not in platform.__file__


@pytest.mark.parametrize("urlconf", ["municipal_platform.urls_public", "municipal_platform.urls_tenant"])
def test_openapi_schema_validates(urlconf, tmp_path):
    out = tmp_path / "schema.json"
    call_command(
        "spectacular",
        "--validate",
        "--fail-on-warn",
        "--format",
        "openapi-json",
        "--urlconf",
        urlconf,
        "--file",
        str(out),
    )
    schema = json.loads(out.read_text())
    assert "/api/v1/me/" in schema["paths"]


def test_api_schema_and_docs_are_served_without_internet(ambrolauri):
    client = client_for(ambrolauri)
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert "/api/v1/me/" in json.loads(response.content)["paths"]
    docs = client.get("/api/docs/").content.decode()
    assert (
        "swagger-ui" in docs
        and "cdn" not in docs.lower()
        and "//" not in docs.split("swagger-ui-bundle.js")[0][-60:]
    )


def test_public_and_tenant_schemas_list_their_own_endpoints(db):
    public = json.loads(
        Client(HTTP_HOST="localhost").get("/api/schema/", HTTP_ACCEPT="application/json").content
    )
    assert "/api/v1/municipalities/" in public["paths"]
    tenant = json.loads(
        Client(HTTP_HOST="ambrolauri.localhost").get("/api/schema/", HTTP_ACCEPT="application/json").content
    )
    assert "/api/v1/municipalities/" not in tenant["paths"]


def test_pages_are_georgian_by_default_and_english_on_request(ambrolauri):
    client = client_for(ambrolauri)
    page = client.get("/accounts/login/").content.decode()
    assert 'lang="ka"' in page and "შესვლა" in page
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    page = client.get("/accounts/login/").content.decode()
    assert 'lang="en"' in page and "Log in" in page


def test_head_of_service_passes_municipal_checks_but_not_association_ones():
    class FakeUser:
        is_authenticated = True
        _role_names = frozenset({"head_of_service"})

    head = FakeUser()
    assert has_role(head, Role.FRONT_DESK) and has_role(head, Role.SOCIAL_WORKER)
    assert not has_role(head, Role.REVIEWER)
    council = FakeUser()
    council._role_names = frozenset({"council_member"})
    assert has_role(council, Role.COUNCIL_MEMBER) and not has_role(council, Role.FRONT_DESK)
