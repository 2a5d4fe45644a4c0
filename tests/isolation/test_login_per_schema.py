"""Logging in happens per schema: a municipality's staff exist only on its host."""

import pytest

from tests.conftest import client_for

# Real password logins (the point of these tests), against demo hashes that are cheap to check.
pytestmark = pytest.mark.usefixtures("fast_demo_passwords")


def test_head_of_service_logs_in_on_own_host_and_sees_dashboard(ambrolauri):
    client = client_for(ambrolauri, "head", password_login=True)
    response = client.get("/dashboard/")
    assert response.status_code == 200
    assert "ნინო ბერიძე" in response.content.decode()


def test_ambrolauri_user_is_not_logged_in_at_tskaltubo(ambrolauri, tskaltubo):
    client = client_for(ambrolauri, "head", password_login=True)
    client.defaults["HTTP_HOST"] = "tskaltubo.localhost"
    response = client.get("/dashboard/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
