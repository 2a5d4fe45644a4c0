"""The per-username login limit counts a username however it is typed (spaces, case) on every door."""

import pytest
from django.test import Client

from tenants.demo import DEMO_PASSWORD

DOORS = [
    ("/accounts/login/", "multipart", 200),
    ("/admin/login/", "multipart", 200),
    ("/api/v1/auth/token/", "application/json", 400),
]


@pytest.mark.parametrize(("door", "content", "wrong_status"), DOORS)
def test_spaces_around_the_username_do_not_escape_the_login_limit(
    ambrolauri, settings, frozen_clock, fast_demo_passwords, door, content, wrong_status
):
    settings.LOGIN_RATE_PER_USERNAME = "10/h"
    settings.LOGIN_RATE_PER_IP = "1000/h"
    client = Client(HTTP_HOST="ambrolauri.localhost")
    variants = [
        "head",
        " head",
        "head ",
        "  head  ",
        "\thead",
        "HEAD ",
        " Head",
        "head\t",
        " head ",
        "head  ",
    ]
    kwargs = {"content_type": content} if content != "multipart" else {}
    for attempt, username in enumerate(variants):
        response = client.post(door, {"username": username, "password": f"guess-{attempt}"}, **kwargs)
        assert response.status_code == wrong_status
    response = client.post(door, {"username": " head ", "password": DEMO_PASSWORD}, **kwargs)
    assert response.status_code == 429


def test_the_login_limit_counts_the_username_on_the_portal_too(
    db, settings, frozen_clock, fast_demo_passwords
):
    settings.LOGIN_RATE_PER_USERNAME = "3/h"
    settings.LOGIN_RATE_PER_IP = "1000/h"
    client = Client(HTTP_HOST="localhost")
    for attempt, username in enumerate(["reviewer", " Reviewer", "REVIEWER "]):
        assert (
            client.post("/accounts/login/", {"username": username, "password": f"g-{attempt}"}).status_code
            == 200
        )
    response = client.post("/accounts/login/", {"username": "reviewer", "password": DEMO_PASSWORD})
    assert response.status_code == 429


def test_the_password_reset_counts_per_username_however_typed_and_per_address(
    ambrolauri, settings, frozen_clock
):
    settings.LOGIN_RATE_PER_USERNAME = "3/h"
    settings.LOGIN_RATE_PER_IP = "5/h"
    client = Client(HTTP_HOST="ambrolauri.localhost")
    for login in ["officer", " OFFICER", "Officer "]:
        assert client.post("/accounts/password/reset/", {"login": login}).status_code == 302
    response = client.post("/accounts/password/reset/", {"login": "officer"})
    assert response.status_code == 429
    assert "მეტისმეტად ბევრი მცდელობა" in response.content.decode()
    # another username from the same address: the address has one attempt left, then none
    assert client.post("/accounts/password/reset/", {"login": "frontdesk"}).status_code == 302
    assert client.post("/accounts/password/reset/", {"login": "council"}).status_code == 429


def _set_password_path(municipality, username: str) -> str:
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode
    from django_tenants.utils import schema_context

    from municipal_platform.accounts.models import User

    with schema_context(municipality.schema_name):
        user = User.objects.get(username=username)
        uid = urlsafe_base64_encode(force_bytes(user.pk))
        return f"/accounts/password/{uid}/{default_token_generator.make_token(user)}/"


def test_a_set_password_link_is_limited_per_account_from_any_address(ambrolauri, settings, frozen_clock):
    settings.LOGIN_RATE_PER_USERNAME = "3/h"
    settings.LOGIN_RATE_PER_IP = "1000/h"
    link = _set_password_path(ambrolauri, "officer")
    for address in ["10.0.0.1", "10.0.0.2", "10.0.0.3"]:
        client = Client(HTTP_HOST="ambrolauri.localhost", REMOTE_ADDR=address)
        form_url = client.get(link)["Location"]
        response = client.post(form_url, {"new_password1": "Tkemali-Sauce-2026", "new_password2": "other"})
        assert response.status_code == 200
    client = Client(HTTP_HOST="ambrolauri.localhost", REMOTE_ADDR="10.0.0.4")
    form_url = client.get(link)["Location"]
    response = client.post(
        form_url, {"new_password1": "Tkemali-Sauce-2026", "new_password2": "Tkemali-Sauce-2026"}
    )
    assert response.status_code == 429
    assert "მეტისმეტად ბევრი მცდელობა" in response.content.decode()


def test_the_admin_password_change_is_limited_per_user(db, settings, frozen_clock, fast_demo_passwords):
    from tests.conftest import client_for

    settings.LOGIN_RATE_PER_USERNAME = "3/h"
    settings.LOGIN_RATE_PER_IP = "1000/h"
    admin = client_for(None, "platformadmin")
    assert admin.get("/admin/password_change/").status_code == 200
    for attempt in range(3):
        response = admin.post(
            "/admin/password_change/",
            {
                "old_password": f"guess-{attempt}",
                "new_password1": "Tkemali-Sauce-2026",
                "new_password2": "Tkemali-Sauce-2026",
            },
        )
        assert response.status_code == 200  # the form says the old password is wrong
    response = admin.post(
        "/admin/password_change/",
        {
            "old_password": DEMO_PASSWORD,
            "new_password1": "Tkemali-Sauce-2026",
            "new_password2": "Tkemali-Sauce-2026",
        },
    )
    assert response.status_code == 429


def test_the_admin_password_change_is_no_page_of_a_municipalitys_staff(ambrolauri):
    from tests.conftest import client_for

    response = client_for(ambrolauri, "head").get("/admin/password_change/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
