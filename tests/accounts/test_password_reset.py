"""A password reset from the login page works like an invitation, and never says whether an account exists."""

from __future__ import annotations

from django.core import mail
from django.test import Client
from django_tenants.utils import schema_context

from municipal_platform.accounts import services
from municipal_platform.accounts.models import User, UserEvent

from .helpers import STRONG_PASSWORD, last_link, path_of


def _ask(login: str, capture):
    client = Client(HTTP_HOST="ambrolauri.localhost")
    with capture(execute=True):
        response = client.post("/accounts/password/reset/", {"login": login})
    return response


def test_the_login_page_links_to_the_password_reset(ambrolauri):
    page = Client(HTTP_HOST="ambrolauri.localhost").get("/accounts/login/").content.decode()
    assert 'href="/accounts/password/reset/"' in page


def test_a_reset_by_username_or_email_sends_a_link_that_sets_a_new_password(
    ambrolauri, django_capture_on_commit_callbacks
):
    response = _ask("officer", django_capture_on_commit_callbacks)
    assert response.status_code == 302 and response["Location"] == "/accounts/password/reset/sent/"
    assert mail.outbox[0].to == ["officer@ambrolauri.example.ge"]
    _ask("OFFICER@ambrolauri.example.ge", django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 2

    client = Client(HTTP_HOST="ambrolauri.localhost")
    form_url = client.get(path_of(last_link()))["Location"]
    assert (
        client.post(
            form_url, {"new_password1": STRONG_PASSWORD, "new_password2": STRONG_PASSWORD}
        ).status_code
        == 302
    )
    assert (
        client.post("/accounts/login/", {"username": "officer", "password": STRONG_PASSWORD}).status_code
        == 302
    )
    with schema_context(ambrolauri.schema_name):
        officer = User.objects.get(username="officer")
        assert UserEvent.objects.get(user=officer).action == "password_set"


def test_an_unknown_login_gets_the_same_answer_and_no_mail(ambrolauri, django_capture_on_commit_callbacks):
    response = _ask("nobody-here", django_capture_on_commit_callbacks)
    assert response.status_code == 302 and response["Location"] == "/accounts/password/reset/sent/"
    assert mail.outbox == []


def test_a_deactivated_user_gets_no_link_and_an_old_link_stops_working(
    ambrolauri, django_capture_on_commit_callbacks
):
    _ask("frontdesk", django_capture_on_commit_callbacks)
    link = path_of(last_link())
    with schema_context(ambrolauri.schema_name):
        services.user_deactivate(
            actor=User.objects.get(username="head"), user=User.objects.get(username="frontdesk")
        )
    _ask("frontdesk", django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    page = Client(HTTP_HOST="ambrolauri.localhost").get(link, follow=True).content.decode()
    assert "ამ ბმულს ვადა გაუვიდა ან უკვე გამოყენებულია." in page


def test_the_link_of_one_municipality_means_nothing_at_another(
    ambrolauri, django_capture_on_commit_callbacks
):
    _ask("officer", django_capture_on_commit_callbacks)
    page = Client(HTTP_HOST="tskaltubo.localhost").get(path_of(last_link()), follow=True).content.decode()
    assert "ამ ბმულს ვადა გაუვიდა ან უკვე გამოყენებულია." in page


def test_the_set_password_link_never_reaches_a_log_line():
    from municipal_platform.logging_filters import redact

    line = '"GET /accounts/password/MTI/cn5d2k-8f1e0c4b2a9d7e6f5a4b3c2d1e0f9a8b/ HTTP/1.1" 302'
    assert redact(line) == '"GET /accounts/password/MTI/[redacted]/ HTTP/1.1" 302'
    assert redact("/accounts/password/MTI/set-password/") == "/accounts/password/MTI/set-password/"
