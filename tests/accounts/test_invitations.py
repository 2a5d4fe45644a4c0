"""A head of service invites a new colleague, who sets their own password with the e-mailed link."""

from __future__ import annotations

import datetime

import time_machine
from django.core import mail
from django.test import Client
from django.utils import translation

from municipal_platform.accounts.models import User, UserEvent
from municipal_platform.roles import Role, user_roles

from .helpers import STRONG_PASSWORD, invite, last_link, path_of


def test_an_invited_user_gets_one_mail_with_a_link_to_their_own_municipality(
    head, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        user = invite(head, username="nana", roles=(Role.FRONT_DESK, Role.FEEDBACK_OFFICER))
    assert not user.has_usable_password()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nana@example.ge"]
    assert last_link().startswith("http://ambrolauri.localhost")
    # Georgian first, English second
    assert message.body.index("გამარჯობა") < message.body.index("Hello")
    assert user_roles(User.objects.get(pk=user.pk)) == {"front_desk", "feedback_officer"}


def test_nothing_is_sent_when_the_invitation_is_rolled_back(head, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        invite(head)
    assert len(callbacks) == 1 and mail.outbox == []


def test_the_invited_user_sets_a_password_and_logs_in_with_the_given_roles_only(
    head, ambrolauri, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite(head, username="nana", roles=(Role.FRONT_DESK,))
    client = Client(HTTP_HOST="ambrolauri.localhost")
    response = client.get(path_of(last_link()))
    assert response.status_code == 302  # the token moves out of the address into the session
    form_url = response["Location"]
    response = client.post(form_url, {"new_password1": STRONG_PASSWORD, "new_password2": STRONG_PASSWORD})
    assert response.status_code == 302 and response["Location"].endswith("/accounts/login/")
    response = client.post("/accounts/login/", {"username": "nana", "password": STRONG_PASSWORD})
    assert response.status_code == 302
    me = client.get("/api/v1/me/").json()
    assert me["roles"] == ["front_desk"]
    assert client.get("/programmes/").status_code == 200
    assert client.get("/staff/").status_code == 403


def test_the_link_works_only_once(head, ambrolauri, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invite(head)
    link = path_of(last_link())
    client = Client(HTTP_HOST="ambrolauri.localhost")
    form_url = client.get(link)["Location"]
    client.post(form_url, {"new_password1": STRONG_PASSWORD, "new_password2": STRONG_PASSWORD})
    again = Client(HTTP_HOST="ambrolauri.localhost").get(link, follow=True)
    assert "ამ ბმულს ვადა გაუვიდა ან უკვე გამოყენებულია." in again.content.decode()
    assert User.objects.get(username="nana").check_password(STRONG_PASSWORD)


def test_the_link_expires_after_three_days(head, ambrolauri, django_capture_on_commit_callbacks):
    now = datetime.datetime(2026, 12, 2, 10, 0, tzinfo=datetime.UTC)
    with time_machine.travel(now, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            invite(head)
    link = path_of(last_link())
    with time_machine.travel(now + datetime.timedelta(days=3, hours=1), tick=False):
        page = Client(HTTP_HOST="ambrolauri.localhost").get(link, follow=True).content.decode()
    assert "ამ ბმულს ვადა გაუვიდა ან უკვე გამოყენებულია." in page
    assert not User.objects.get(username="nana").has_usable_password()
    with time_machine.travel(now + datetime.timedelta(days=2, hours=23), tick=False):
        response = Client(HTTP_HOST="ambrolauri.localhost").get(link)
    assert response.status_code == 302


def test_a_weak_password_is_refused_and_the_link_still_works(
    head, ambrolauri, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite(head)
    client = Client(HTTP_HOST="ambrolauri.localhost")
    form_url = client.get(path_of(last_link()))["Location"]
    response = client.post(form_url, {"new_password1": "12345678", "new_password2": "12345678"})
    assert response.status_code == 200
    assert "პაროლი მხოლოდ ციფრებისგან შედგება." in response.content.decode()
    response = client.post(form_url, {"new_password1": "tkb9", "new_password2": "tkb9"})
    assert "პაროლი ძალიან მოკლეა: საჭიროა მინიმუმ 10 სიმბოლო." in response.content.decode()
    client.cookies["django_language"] = "en"
    response = client.post(form_url, {"new_password1": "tkb9", "new_password2": "tkb9"})
    assert "The password is too short: it needs at least 10 characters." in response.content.decode()
    assert not User.objects.get(username="nana").has_usable_password()
    response = client.post(form_url, {"new_password1": STRONG_PASSWORD, "new_password2": STRONG_PASSWORD})
    assert response.status_code == 302


def test_provisioning_invites_without_an_actor_and_the_history_says_so(
    in_ambrolauri, django_capture_on_commit_callbacks
):
    from municipal_platform.accounts import services

    with django_capture_on_commit_callbacks(execute=True):
        user = services.user_invite(
            actor=None,
            username="firsthead",
            first_name="ნინო",
            last_name="ბერიძე",
            email="firsthead@example.ge",
            roles=[Role.HEAD_OF_SERVICE],
        )
    event = UserEvent.objects.get(user=user)
    assert event.action == UserEvent.Action.INVITED and event.actor is None
    assert event.changes["roles"] == ["head_of_service"]
    assert len(mail.outbox) == 1


def test_a_lazy_translated_position_is_stored_as_text(in_ambrolauri):
    from django.utils.translation import gettext_lazy

    from municipal_platform.accounts import services

    with translation.override("ka"):
        user = services.user_invite(
            actor=None,
            username="lazyhead",
            first_name="ნინო",
            last_name="ბერიძე",
            email="lazyhead@example.ge",
            position=gettext_lazy("Head of social service"),
            roles=[Role.HEAD_OF_SERVICE],
        )
    assert UserEvent.objects.get(user=user).changes["position"] == "სოციალური სამსახურის უფროსი"
    assert User.objects.get(pk=user.pk).position == "სოციალური სამსახურის უფროსი"
