"""The API takes the query parameters its OpenAPI schema documents and answers 400 naming any other
(a misspelt filter used to be ignored silently and answer the whole list)."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context
from drf_spectacular.generators import SchemaGenerator

from programmes.models import BenefitApplication
from tenants.models import Municipality
from tests.conftest import client_for
from tests.programmes.test_api import API, new_application

SIDES = {
    "municipality": ("municipal_platform.urls_tenant", "head"),
    "portal": ("municipal_platform.urls_public", "platformadmin"),
}


def operations(urlconf: str) -> list[tuple[str, str]]:
    """(method, path with 1 for every path parameter) of each operation of the side's schema."""
    schema = SchemaGenerator(urlconf=urlconf).get_schema(request=None, public=True)
    found = []
    for path, methods in schema["paths"].items():
        for method in methods:
            found.append(
                (method, path.replace("{id}", "1").replace("{slug}", "ambrolauri").replace("{code}", "x"))
            )
    return found


@pytest.mark.parametrize("side", list(SIDES))
def test_every_operation_answers_400_naming_an_unknown_parameter(side, ambrolauri):
    urlconf, username = SIDES[side]
    client = client_for(ambrolauri if side == "municipality" else None, username)
    checked = operations(urlconf)
    assert len(checked) > 10
    for method, path in checked:
        response = getattr(client, method)(f"{path}?no_such_filter=1", {}, content_type="application/json")
        assert response.status_code == 400, (method, path, response.status_code)
        assert list(response.json()) == ["no_such_filter"], (method, path, response.json())
    # nothing was done: the municipality is still open (suspend and delete answered 400), the token
    # and the session still work (logout answered 400)
    assert Municipality.objects.get(slug="ambrolauri").is_active
    assert client.get("/api/v1/me/").status_code == 200


def test_a_misspelt_filter_is_named_and_the_known_ones_still_filter(ambrolauri, fire, frontdesk, head):
    client = client_for(ambrolauri, "head")
    client_for(ambrolauri, "frontdesk").post(
        f"{API}/applications/", new_application(fire), content_type="application/json"
    )
    response = client.get(f"{API}/applications/?stauts=paid&page_size=10")
    assert response.status_code == 400
    message = response.json()["stauts"][0]
    assert "stauts" in message
    # the message lists what the address does accept
    for known in ("status", "page", "page_size", "received_from", "service"):
        assert known in message
    assert client.get(f"{API}/applications/?status=paid&page_size=10").json()["count"] == 0
    assert client.get(f"{API}/applications/?status=received&page_size=10").json()["count"] == 1
    assert client.get(f"{API}/applications/?page=1").status_code == 200


def test_an_unknown_parameter_on_a_write_writes_nothing(ambrolauri, fire):
    frontdesk = client_for(ambrolauri, "frontdesk")
    with schema_context(ambrolauri.schema_name):
        before = BenefitApplication.objects.count()
    response = frontdesk.post(
        f"{API}/applications/?notify=yes", new_application(fire), content_type="application/json"
    )
    assert response.status_code == 400
    assert list(response.json()) == ["notify"]
    with schema_context(ambrolauri.schema_name):
        assert BenefitApplication.objects.count() == before
    assert (
        frontdesk.post(
            f"{API}/applications/", new_application(fire), content_type="application/json"
        ).status_code
        == 201
    )


def test_the_message_is_in_georgian_for_a_georgian_caller(ambrolauri):
    client = client_for(ambrolauri, "head")
    response = client.get("/api/v1/programmes/services/?yeer=2025", HTTP_ACCEPT_LANGUAGE="ka")
    assert response.status_code == 400
    assert "უცნობი პარამეტრი" in response.json()["yeer"][0]
    assert client.get("/api/v1/programmes/services/?year=2025").status_code == 200


def test_the_staff_search_parameter_is_documented_and_works(ambrolauri):
    client = client_for(ambrolauri, "head")
    names = [user["username"] for user in client.get("/api/v1/staff/?q=frontdesk").json()["results"]]
    assert names == ["frontdesk"]
