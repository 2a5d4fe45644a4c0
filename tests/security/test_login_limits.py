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
