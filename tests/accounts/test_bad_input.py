"""Every bad input when inviting or changing a user is refused with a clear message, and nothing changes."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django_tenants.utils import schema_context

from municipal_platform.accounts import services
from municipal_platform.accounts.models import User, UserEvent
from municipal_platform.roles import Role
from tests.conftest import client_for

from .helpers import invite


def _snapshot():
    return (
        list(User.objects.order_by("pk").values_list("pk", "username", "email", "is_active")),
        UserEvent.objects.count(),
    )


def _invite_form(**overrides):
    data = {
        "username": "nana",
        "first_name": "ნანა",
        "last_name": "კვარაცხელია",
        "email": "nana@example.ge",
        "position": "",
        "roles": ["front_desk"],
    }
    data.update(overrides)
    return data


BAD_INVITATIONS = [
    ({"username": "frontdesk"}, "username", "მომხმარებლის სახელი „frontdesk“ უკვე დაკავებულია."),
    ({"username": "FrontDesk"}, "username", "მომხმარებლის სახელი „FrontDesk“ უკვე დაკავებულია."),
    (
        {"username": "nana k"},
        "username",
        "მომხმარებლის სახელი შეიძლება შეიცავდეს მხოლოდ ასოებს, ციფრებს და სიმბოლოებს @ . + - _ (ჰარის გარეშე).",
    ),
    ({"email": "nana@"}, "email", "შეიყვანეთ სწორი ელფოსტის მისამართი."),
    ({"email": ""}, "email", "შეიყვანეთ ელფოსტის მისამართი: პაროლის დასაყენებელი ბმული იქ გაიგზავნება."),
    ({"roles": ["janitor"]}, "roles", "როლი „janitor“ არ არსებობს."),
    ({"roles": ["reviewer"]}, "roles", "„reviewer“ ასოციაციის პორტალის როლია და არა მუნიციპალიტეტის."),
    ({"roles": []}, "roles", "აირჩიეთ ერთი როლი მაინც."),
]


@pytest.mark.parametrize(("overrides", "field", "message"), BAD_INVITATIONS)
def test_a_bad_invitation_is_refused_on_the_page_with_a_georgian_message_and_nothing_changes(
    ambrolauri, overrides, field, message, django_capture_on_commit_callbacks
):
    client = client_for(ambrolauri, "head")
    with schema_context(ambrolauri.schema_name):
        before = _snapshot()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/staff/invite/", _invite_form(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert f'id="id_{field}_error"' in response.content.decode()
    with schema_context(ambrolauri.schema_name):
        assert _snapshot() == before
    assert mail.outbox == []


@pytest.mark.parametrize(("overrides", "field", "message"), BAD_INVITATIONS)
def test_a_bad_invitation_is_refused_by_the_api_keyed_by_field(
    ambrolauri, overrides, field, message, django_capture_on_commit_callbacks
):
    client = client_for(ambrolauri, "head")
    with schema_context(ambrolauri.schema_name):
        before = _snapshot()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/staff/", _invite_form(**overrides), content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {field: [message]}
    with schema_context(ambrolauri.schema_name):
        assert _snapshot() == before
    assert mail.outbox == []


def test_the_refusal_is_in_english_with_the_language_cookie(ambrolauri):
    client = client_for(ambrolauri, "head")
    client.cookies["django_language"] = "en"
    response = client.post(
        "/api/v1/staff/", _invite_form(roles=["reviewer"]), content_type="application/json"
    )
    assert response.json() == {
        "roles": ["“reviewer” is a role of the association's portal, not of a municipality."]
    }
    response = client.post("/staff/invite/", _invite_form(username="frontdesk"))
    assert "The username “frontdesk” is already taken." in response.content.decode()


def test_a_municipal_role_is_refused_on_the_portal(db):
    client = client_for(None, "platformadmin")
    response = client.post(
        "/api/v1/staff/", _invite_form(roles=["head_of_service"]), content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "roles": ["„head_of_service“ მუნიციპალიტეტის როლია და არა ასოციაციის პორტალის."]
    }


def test_the_same_username_in_another_municipality_is_fine(in_tskaltubo):
    tskaltubo_head = User.objects.get(username="head")
    with schema_context("ambrolauri"):
        assert User.objects.filter(username="nana").exists() is False
        ambrolauri_head = User.objects.get(username="head")
        invite(ambrolauri_head, username="nana")
    user = invite(tskaltubo_head, username="nana")
    assert user.username == "nana" and User.objects.filter(username="nana").count() == 1


def test_every_error_of_an_invitation_is_reported_at_once(head):
    with pytest.raises(ValidationError) as refused:
        services.user_invite(
            actor=head, username="officer", first_name="", last_name="x", email="bad", roles=["nobody"]
        )
    assert set(refused.value.message_dict) == {"username", "first_name", "email", "roles"}


def test_a_refused_change_changes_nothing_not_even_the_valid_part(head, frontdesk):
    with pytest.raises(ValidationError) as refused:
        services.user_change(
            actor=head, user=frontdesk, position="მთავარი სპეციალისტი", email="not-an-address", roles=["x"]
        )
    assert set(refused.value.message_dict) == {"email", "roles"}
    frontdesk.refresh_from_db()
    assert frontdesk.position == "" and frontdesk.email == "frontdesk@ambrolauri.example.ge"
    assert not UserEvent.objects.filter(user=frontdesk).exists()
    assert set(frontdesk.groups.values_list("name", flat=True)) == {Role.FRONT_DESK}


def test_a_changed_username_may_not_take_a_colleagues(head, frontdesk, ambrolauri):
    response = client_for(ambrolauri, "head").patch(
        f"/api/v1/staff/{frontdesk.pk}/", {"username": "officer"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {"username": ["მომხმარებლის სახელი „officer“ უკვე დაკავებულია."]}
    frontdesk.refresh_from_db()
    assert frontdesk.username == "frontdesk"
