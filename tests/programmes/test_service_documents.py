"""A service's "documents to bring" (shown to citizens on the start page) is set through the API as on the
catalogue page: several lines allowed, control characters refused by field, nothing written then."""

from __future__ import annotations

from django_tenants.utils import schema_context

from programmes.models import Service
from tests.conftest import client_for

API = "/api/v1/programmes"
DOCUMENTS = "პირადობის მოწმობა\nდაბადების მოწმობა"


def service_body(programme, **overrides):
    body = {
        "programme": programme.pk,
        "code": "newborn",
        "name_ka": "ახალშობილის დახმარება",
        "kind": "service",
    }
    body.update(overrides)
    return body


def test_the_api_sets_and_shows_the_documents_to_bring(ambrolauri, programme):
    head = client_for(ambrolauri, "head")
    response = head.post(
        f"{API}/services/", service_body(programme, documents=DOCUMENTS), content_type="application/json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["documents"] == DOCUMENTS
    pk = response.json()["id"]
    response = head.patch(f"{API}/services/{pk}/", {"documents": "პასპორტი"}, content_type="application/json")
    assert response.status_code == 200, response.json()
    assert head.get(f"{API}/services/{pk}/").json()["documents"] == "პასპორტი"


def test_control_characters_in_the_documents_are_refused_by_name_and_nothing_is_written(
    ambrolauri, programme
):
    head = client_for(ambrolauri, "head")
    response = head.post(
        f"{API}/services/",
        service_body(programme, documents="პასპორტი\x1b[2J"),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["documents"]
    with schema_context(ambrolauri.schema_name):
        assert not Service.objects.filter(code="newborn").exists()
    response = head.post(f"{API}/services/", service_body(programme), content_type="application/json")
    pk = response.json()["id"]
    response = head.patch(
        f"{API}/services/{pk}/", {"documents": "\u202epassport"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert list(response.json()) == ["documents"]
    assert head.get(f"{API}/services/{pk}/").json()["documents"] == ""


def test_the_catalogue_page_keeps_documents_of_several_lines(ambrolauri, programme):
    """The page's field is a box of several lines: a list of documents one a line is saved as typed."""
    head = client_for(ambrolauri, "head")
    response = head.post(
        f"/programmes/catalogue/programmes/{programme.pk}/services/new/",
        {**service_body(programme), "documents": DOCUMENTS, "amount_rule": "none", "position": 1},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    with schema_context(ambrolauri.schema_name):
        assert Service.objects.get(code="newborn").documents == DOCUMENTS
