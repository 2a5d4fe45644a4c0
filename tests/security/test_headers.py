"""What the platform's answers tell browsers and proxies: keep no copy of them."""

from __future__ import annotations

from django.test import Client

from tests.conftest import client_for


def test_staff_pages_are_never_stored_by_the_browser(ambrolauri):
    response = client_for(ambrolauri, "head").get("/dashboard/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_api_answers_are_never_stored(ambrolauri):
    response = client_for(ambrolauri, "frontdesk").get("/api/v1/me/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "no-store" in Client(HTTP_HOST="ambrolauri.localhost").get("/api/v1/me/")["Cache-Control"]


def test_a_citizens_page_is_not_stored_either(ambrolauri):
    response = Client(HTTP_HOST="ambrolauri.localhost").get("/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
