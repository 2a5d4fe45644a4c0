"""The staff API: list, invite, read, change, deactivate; OpenAPI-documented."""

from __future__ import annotations

from django.core import mail
from django_tenants.utils import schema_context

from municipal_platform.accounts.models import User
from tests.conftest import client_for


def test_the_head_lists_invites_reads_changes_and_deactivates_over_the_api(
    ambrolauri, django_capture_on_commit_callbacks
):
    api = client_for(ambrolauri, "head")
    listing = api.get("/api/v1/staff/").json()
    assert {"frontdesk", "head", "council"} <= {u["username"] for u in listing["results"]}
    with django_capture_on_commit_callbacks(execute=True):
        created = api.post(
            "/api/v1/staff/",
            {
                "username": "nana",
                "first_name": "ნანა",
                "last_name": "კვარაცხელია",
                "email": "nana@example.ge",
                "roles": ["front_desk"],
            },
            content_type="application/json",
        )
    assert created.status_code == 201
    body = created.json()
    assert body["roles"] == ["front_desk"] and body["password_set"] is False and body["is_active"] is True
    assert [e["action"] for e in body["history"]] == ["invited"]
    assert len(mail.outbox) == 1
    assert "/accounts/password/" not in str(body)  # the link goes only to the user

    pk = body["id"]
    changed = api.patch(
        f"/api/v1/staff/{pk}/",
        {"position": "სპეციალისტი", "roles": ["front_desk", "social_worker"]},
        content_type="application/json",
    ).json()
    assert changed["position"] == "სპეციალისტი" and changed["roles"] == ["front_desk", "social_worker"]
    assert [e["action"] for e in changed["history"]] == ["roles_changed", "updated", "invited"]

    deactivated = api.post(f"/api/v1/staff/{pk}/deactivate/").json()
    assert deactivated["is_active"] is False
    assert deactivated["history"][0]["action"] == "deactivated"
    assert deactivated["history"][0]["actor"] == "head"
    with schema_context(ambrolauri.schema_name):
        assert User.objects.get(pk=pk).is_active is False


def test_an_unknown_user_is_404(ambrolauri):
    assert client_for(ambrolauri, "head").get("/api/v1/staff/999999/").status_code == 404


def test_the_staff_endpoints_are_in_the_openapi_schema(ambrolauri):
    schema = client_for(ambrolauri, "head").get("/api/schema/?format=json").json()
    for path in (
        "/api/v1/staff/",
        "/api/v1/staff/{id}/",
        "/api/v1/staff/{id}/deactivate/",
        "/api/v1/staff/{id}/reactivate/",
    ):
        assert path in schema["paths"], path
    assert {"get", "post"} <= set(schema["paths"]["/api/v1/staff/"])
    assert "patch" in schema["paths"]["/api/v1/staff/{id}/"]
