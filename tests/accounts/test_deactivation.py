"""Deactivating a user ends their sessions and API tokens at once; the last head of service stays."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.test import Client
from django_tenants.utils import schema_context
from knox.models import AuthToken

from municipal_platform.accounts import services
from municipal_platform.accounts.models import User, UserEvent
from municipal_platform.roles import Role
from programmes.models import BenefitApplication, Person, Programme, Service
from tests.conftest import client_for

LAST_HEAD = "ეს სოციალური სამსახურის ბოლო აქტიური უფროსია: ჯერ ეს როლი სხვას მიანიჭეთ."


def test_a_deactivated_users_open_session_and_api_token_stop_working_on_the_next_request(ambrolauri):
    session = client_for(ambrolauri, "frontdesk")
    assert session.get("/dashboard/").status_code == 200
    with schema_context(ambrolauri.schema_name):
        token = AuthToken.objects.create(user=User.objects.get(username="frontdesk"))[1]
    api = Client(HTTP_HOST="ambrolauri.localhost", HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/me/").status_code == 200

    response = client_for(ambrolauri, "head").post(f"/staff/{_pk(ambrolauri, 'frontdesk')}/deactivate/")
    assert response.status_code == 302

    assert session.get("/dashboard/")["Location"].startswith("/accounts/login/")
    assert api.get("/api/v1/me/").status_code == 401
    with schema_context(ambrolauri.schema_name):
        assert not AuthToken.objects.filter(user__username="frontdesk").exists()


def test_a_deactivated_user_cannot_log_in(ambrolauri, fast_demo_passwords):
    with schema_context(ambrolauri.schema_name):
        services.user_deactivate(
            actor=User.objects.get(username="head"), user=User.objects.get(username="officer")
        )
    client = Client(HTTP_HOST="ambrolauri.localhost")
    response = client.post("/accounts/login/", {"username": "officer", "password": "demo1234"})
    assert response.status_code == 200


def test_history_rows_keep_naming_a_deactivated_user(head, officer, ambrolauri):
    services.user_roles_set(actor=head, user=officer, roles=[Role.HEAD_OF_SERVICE])
    invited = services.user_invite(
        actor=officer,
        username="nana",
        first_name="ნანა",
        last_name="ბაქრაძე",
        email="n@example.ge",
        roles=["front_desk"],
    )
    services.user_deactivate(actor=head, user=officer)
    event = UserEvent.objects.get(user=invited, action=UserEvent.Action.INVITED)
    assert event.actor == officer
    page = client_for(ambrolauri, "head").get(f"/staff/{invited.pk}/").content.decode()
    assert "გიორგი ლომიძე" in page


def test_the_last_active_head_cannot_be_deactivated_or_demoted(head, officer, ambrolauri):
    client = client_for(ambrolauri, "officer")  # not a head: 403 first
    assert client.post(f"/staff/{head.pk}/deactivate/").status_code == 403

    response = client_for(ambrolauri, "head").patch(
        f"/api/v1/staff/{head.pk}/", {"roles": ["front_desk"]}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {"roles": [LAST_HEAD]}
    with pytest.raises(ValidationError) as refused:
        services.user_roles_set(actor=head, user=head, roles=[Role.SOCIAL_WORKER])
    assert refused.value.message_dict == {"roles": [LAST_HEAD]}
    assert set(head.groups.values_list("name", flat=True)) == {Role.HEAD_OF_SERVICE}
    assert not UserEvent.objects.filter(user=head).exists()


def test_a_second_head_may_deactivate_the_first_but_not_the_last(head, officer):
    services.user_roles_set(actor=head, user=officer, roles=[Role.HEAD_OF_SERVICE])
    services.user_deactivate(actor=officer, user=head)
    head.refresh_from_db()
    assert head.is_active is False
    with pytest.raises(ValidationError) as refused:
        services.user_roles_set(actor=officer, user=officer, roles=[Role.FEEDBACK_OFFICER])
    assert refused.value.message_dict == {"roles": [LAST_HEAD]}


def test_a_head_cannot_deactivate_themselves(head, officer):
    services.user_roles_set(actor=head, user=officer, roles=[Role.HEAD_OF_SERVICE])
    with pytest.raises(ValidationError) as refused:
        services.user_deactivate(actor=head, user=head)
    assert refused.value.message_dict == {"is_active": ["საკუთარი ანგარიშის დეაქტივაცია არ შეიძლება."]}


def test_the_deactivation_page_lists_the_open_applications_under_the_users_name(ambrolauri):
    with schema_context(ambrolauri.schema_name):
        frontdesk = User.objects.get(username="frontdesk")
        application, ended = _applications_registered_by(
            frontdesk, statuses=["under_review", "service_ended"]
        )
        open_ones = BenefitApplication.objects.exclude(status__in=["rejected", "service_ended"])
        expected = open_ones.filter(Q(registered_by=frontdesk) | Q(decided_by=frontdesk)).count()
    page = client_for(ambrolauri, "head").get(f"/staff/{frontdesk.pk}/deactivate/").content.decode()
    assert f"/programmes/applications/{application.pk}/" in page
    assert application.number in page
    assert ended.number not in page
    assert f"({expected})" in page


def test_nothing_assigned_is_said_plainly(ambrolauri):
    page = (
        client_for(ambrolauri, "head")
        .get(f"/staff/{_pk(ambrolauri, 'council')}/deactivate/")
        .content.decode()
    )
    assert "ამ მომხმარებელზე ღია არაფერი ირიცხება." in page


def test_a_reactivated_user_can_log_in_again_and_both_steps_are_in_the_history(head, frontdesk):
    services.user_deactivate(actor=head, user=frontdesk)
    services.user_reactivate(actor=head, user=frontdesk)
    frontdesk.refresh_from_db()
    assert frontdesk.is_active
    assert list(UserEvent.objects.filter(user=frontdesk).values_list("action", flat=True)) == [
        "deactivated",
        "reactivated",
    ]


def _applications_registered_by(user, *, statuses):
    """Applications (one per status) registered by ``user``, built straight in the tables."""
    programme = Programme.objects.create(year=2026, code="h4_test", name_ka="ტესტის პროგრამა")
    service = Service.objects.create(
        programme=programme, code="h4_test", name_ka="ტესტის სერვისი", kind="service"
    )
    person = Person.objects.create(
        first_name="ნინო", last_name="ჩიხლაძე", personal_number="12000000991", sex="female"
    )
    return [
        BenefitApplication.objects.create(
            number=f"H4-{n}",
            applicant=person,
            service=service,
            channel="paper",
            received_on=datetime.date(2026, 11, 2),
            status=status,
            registered_by=user,
        )
        for n, status in enumerate(statuses)
    ]


def _pk(municipality, username: str) -> int:
    with schema_context(municipality.schema_name):
        return User.objects.get(username=username).pk


def test_the_portals_last_platform_administrator_cannot_be_demoted(db):
    client = client_for(None, "platformadmin")
    admin_pk = User.objects.get(username="platformadmin").pk
    response = client.patch(
        f"/api/v1/staff/{admin_pk}/", {"roles": ["reviewer"]}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "roles": ["ეს პლატფორმის ბოლო აქტიური ადმინისტრატორია: ჯერ ეს როლი სხვას მიანიჭეთ."]
    }
    assert set(User.objects.get(pk=admin_pk).groups.values_list("name", flat=True)) == {"platform_admin"}


def test_a_municipalitys_token_means_nothing_at_the_portal_or_another_municipality(ambrolauri):
    with schema_context(ambrolauri.schema_name):
        token = AuthToken.objects.create(user=User.objects.get(username="head"))[1]
    for host in ("localhost", "tskaltubo.localhost"):
        api = Client(HTTP_HOST=host, HTTP_AUTHORIZATION=f"Token {token}")
        assert api.get("/api/v1/staff/").status_code == 401
