"""API tokens end: after their time, at logout (the API's or the site's) and at deactivation."""

from __future__ import annotations

import datetime
import time

import time_machine
from django.test import Client

from tenants.demo import DEMO_PASSWORD
from tests.conftest import client_for
from tests.two_factor import otp_for

HOUR = 3600


def token_for(username: str) -> str:
    from tenants.models import Municipality

    # the head of service's role requires two-factor sign-in: the code goes with the password
    otp = otp_for(Municipality.objects.get(slug="ambrolauri"), username)
    response = Client(HTTP_HOST="ambrolauri.localhost").post(
        "/api/v1/auth/token/",
        {"username": username, "password": DEMO_PASSWORD, "otp": otp},
        content_type="application/json",
    )
    assert response.status_code == 200
    return response.json()["token"]


def api(token: str) -> Client:
    return Client(HTTP_HOST="ambrolauri.localhost", HTTP_AUTHORIZATION=f"Token {token}")


def test_a_token_says_when_it_ends_and_stops_working_then(ambrolauri, fast_demo_passwords):
    with time_machine.travel(time.time(), tick=False) as clock:
        response = Client(HTTP_HOST="ambrolauri.localhost").post(
            "/api/v1/auth/token/",
            {"username": "head", "password": DEMO_PASSWORD, "otp": otp_for(ambrolauri, "head")},
        )
        expiry = datetime.datetime.fromisoformat(response.json()["expiry"])
        assert expiry - datetime.datetime.now(datetime.UTC) == datetime.timedelta(hours=10)
        token = response.json()["token"]
        clock.shift(10 * HOUR - 60)
        assert api(token).get("/api/v1/me/").status_code == 200
        clock.shift(120)
        assert api(token).get("/api/v1/me/").status_code == 401


def test_a_token_ends_when_its_user_logs_out_through_the_api(ambrolauri, fast_demo_passwords):
    token = token_for("head")
    assert api(token).post("/api/v1/auth/logout/").status_code == 204
    assert api(token).get("/api/v1/me/").status_code == 401


def test_logging_out_of_the_site_ends_the_users_api_tokens(ambrolauri, fast_demo_passwords):
    token = token_for("head")
    site = client_for(ambrolauri, "head", password_login=True)
    assert site.post("/accounts/logout/").status_code == 302
    assert api(token).get("/api/v1/me/").status_code == 401
    # another user's token is not touched
    other = token_for("frontdesk")
    client_for(ambrolauri, "head", password_login=True).post("/accounts/logout/")
    assert api(other).get("/api/v1/me/").status_code == 200
