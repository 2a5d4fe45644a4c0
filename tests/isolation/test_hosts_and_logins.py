"""Who may reach what: hosts, logins per schema, anonymous visitors, suspended municipalities, tokens."""

import pytest
from django.test import Client

from tenants.demo import DEMO_PASSWORD
from tenants.services import municipality_set_active
from tests.conftest import client_for
from tests.two_factor import otp_for

# Real password logins (the point of these tests), against demo hashes that are cheap to check.
pytestmark = pytest.mark.usefixtures("fast_demo_passwords")


def test_anonymous_visitor_is_sent_to_login(ambrolauri):
    client = client_for(ambrolauri)
    response = client.get("/dashboard/")
    assert response.status_code == 302 and response["Location"].startswith(
        "/accounts/login/?next=/dashboard/"
    )
    assert client.get("/feedback/").status_code == 302
    assert client.get("/api/v1/me/").status_code in (401, 403)


def test_login_pages_answer_on_both_sides(ambrolauri):
    for host in ("localhost", "ambrolauri.localhost", "tskaltubo.localhost"):
        response = Client(HTTP_HOST=host).get("/accounts/login/")
        assert response.status_code == 200, host
        assert 'lang="ka"' in response.content.decode()


def test_unknown_host_is_not_served(db):
    assert Client(HTTP_HOST="nowhere.localhost").get("/accounts/login/").status_code == 404


def test_municipal_staff_cannot_log_in_to_the_public_portal_nor_another_municipality(ambrolauri):
    for host in ("localhost", "tskaltubo.localhost"):
        client = Client(HTTP_HOST=host)
        # "frontdesk" exists in tskaltubo too, but with its own password hash; use an Ambrolauri-only name
        response = client.post(
            "/accounts/login/", {"username": "council", "password": "wrong-" + DEMO_PASSWORD}
        )
        assert response.status_code == 200
        assert "_auth_user_id" not in client.session
    reviewer = Client(HTTP_HOST="ambrolauri.localhost")
    response = reviewer.post("/accounts/login/", {"username": "reviewer", "password": DEMO_PASSWORD})
    assert response.status_code == 200, "a public-schema reviewer must not exist in a municipality"


def test_session_of_one_municipality_is_worthless_at_another_and_at_the_portal(ambrolauri):
    client = client_for(ambrolauri, "head", password_login=True)
    assert client.get("/dashboard/").status_code == 200
    for host in ("tskaltubo.localhost", "localhost"):
        client.defaults["HTTP_HOST"] = host
        assert client.get("/dashboard/").status_code == 302, host
        assert client.get("/api/v1/me/").status_code in (401, 403), host


def test_each_role_lands_on_its_dashboard_with_its_role_named(ambrolauri):
    for username, label in [
        ("frontdesk", "Front desk"),
        ("council", "Council member"),
        ("head", "Head of social"),
    ]:
        client = client_for(ambrolauri, username, password_login=True)
        client.cookies["django_language"] = "en"
        page = client.get("/dashboard/").content.decode()
        assert label in page, username


def test_me_api_reports_schema_and_roles(ambrolauri):
    data = client_for(ambrolauri, "officer", password_login=True).get("/api/v1/me/").json()
    assert data["schema"] == "ambrolauri"
    assert data["roles"] == ["feedback_officer"]


def test_token_from_one_municipality_is_refused_by_another(ambrolauri, tskaltubo):
    api = Client(HTTP_HOST="ambrolauri.localhost")
    credentials = {"username": "head", "password": DEMO_PASSWORD, "otp": otp_for(ambrolauri, "head")}
    token = api.post("/api/v1/auth/token/", credentials).json()["token"]
    auth = {"HTTP_AUTHORIZATION": f"Token {token}"}
    assert api.get("/api/v1/me/", **auth).json()["schema"] == "ambrolauri"
    other = Client(HTTP_HOST="tskaltubo.localhost")
    assert other.get("/api/v1/me/", **auth).status_code == 401


def test_suspended_municipality_answers_only_a_suspended_page(ambrolauri):
    municipality_set_active(municipality=ambrolauri, active=False)
    response = Client(HTTP_HOST="ambrolauri.localhost").get("/accounts/login/")
    assert response.status_code == 503
    assert "Username" not in response.content.decode() and 'id="id_username"' not in response.content.decode()


def test_platform_admin_lists_municipalities_and_reviewer_may_not(db):
    admin = client_for(None, "platformadmin", password_login=True)
    slugs = [m["slug"] for m in admin.get("/api/v1/municipalities/").json()]
    assert (
        slugs == sorted(slugs, key=lambda s: {"ambrolauri": 0, "tskaltubo": 1}.get(s, 2))
        and "ambrolauri" in slugs
    )
    assert client_for(None, "reviewer", password_login=True).get("/api/v1/municipalities/").status_code == 403


def test_api_provisioning_names_the_bad_field(db):
    admin = client_for(None, "platformadmin", password_login=True)
    response = admin.post(
        "/api/v1/municipalities/",
        {"slug": "www", "name_ka": "x", "name_en": "x"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "slug" in response.json()


@pytest.mark.parametrize("host", ["localhost", "ambrolauri.localhost"])
def test_healthz_reports_the_database(db, host, settings):
    data = Client(HTTP_HOST=host).get("/healthz").json()
    assert data["database"] == "ok"
    assert data["redis"] == ("ok" if settings.REDIS_URL else "not configured")


def test_password_guessing_is_stopped_per_username(ambrolauri, settings, frozen_clock):
    settings.LOGIN_RATE_PER_USERNAME = "10/h"
    client = Client(HTTP_HOST="ambrolauri.localhost")
    for attempt in range(10):
        assert (
            client.post("/accounts/login/", {"username": "head", "password": f"guess-{attempt}"}).status_code
            == 200
        )
    response = client.post("/accounts/login/", {"username": "head", "password": DEMO_PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session, "the right password must not get in while limited"
    # another person at the same office is not locked out by it
    assert client_for(ambrolauri, "frontdesk", password_login=True).get("/dashboard/").status_code == 200


def test_the_api_token_and_admin_doors_share_the_login_limit(ambrolauri, settings, frozen_clock):
    settings.LOGIN_RATE_PER_USERNAME = "10/h"
    client = Client(HTTP_HOST="ambrolauri.localhost")
    for attempt in range(10):
        response = client.post(
            "/api/v1/auth/token/",
            {"username": "head", "password": f"guess-{attempt}"},
            content_type="application/json",
        )
        assert response.status_code == 400
    # the right password no longer gets a token, nor a session through the admin's login
    response = client.post("/api/v1/auth/token/", {"username": "head", "password": DEMO_PASSWORD})
    assert response.status_code == 429
    response = client.post("/admin/login/", {"username": "head", "password": DEMO_PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
