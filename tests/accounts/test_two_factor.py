"""Two-factor sign-in: after the password, the head of service, social workers and the platform
administrator reach nothing (page or API) until they give a code of their authenticator, or set one up;
other roles are not asked unless they set it up themselves. Codes are real TOTP codes computed from the
device's key, as a phone would."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.test import Client
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tenants.utils import get_public_schema_name, schema_context

from municipal_platform.accounts import two_factor
from municipal_platform.accounts.models import User, UserEvent
from tenants.demo import DEMO_PASSWORD
from tests.conftest import client_for
from tests.two_factor import code_for, code_from_secret

PAGES = ["/dashboard/", "/staff/", "/programmes/", "/accounts/two-factor/manage/"]

WRONG_CODE = "ეს კოდი არასწორია: შეიყვანეთ კოდი, რომელსაც ავთენტიფიკატორის აპლიკაცია ახლა აჩვენებს."


@pytest.fixture(autouse=True)
def _passwords(fast_demo_passwords):
    """Every test here posts the demo password to the login page."""


def password_only(municipality, username: str) -> Client:
    client = Client(HTTP_HOST="localhost" if municipality is None else f"{municipality.slug}.localhost")
    response = client.post("/accounts/login/", {"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    return client


def user_in(municipality, username: str) -> User:
    schema = get_public_schema_name() if municipality is None else municipality.schema_name
    with schema_context(schema):
        return User.objects.get(username=username)


def in_schema(municipality):
    return schema_context(get_public_schema_name() if municipality is None else municipality.schema_name)


@pytest.mark.parametrize("username", ["head", "worker"])
def test_a_mandatory_role_reaches_nothing_after_the_password_alone(ambrolauri, username):
    client = password_only(ambrolauri, username)
    for page in PAGES:
        response = client.get(page)
        assert response.status_code == 302, page
        assert response["Location"].startswith("/accounts/two-factor/?next="), page
    response = client.get("/api/v1/me/")
    assert response.status_code == 403
    assert response.json()["detail"] == "ჯერ შეიყვანეთ ორეტაპიანი შესვლის ერთჯერადი კოდი."
    # a POST does not go through either
    assert client.post("/staff/invite/", {"username": "x"}).status_code == 302


def test_the_platform_administrator_reaches_nothing_on_the_portal_after_the_password_alone(db):
    client = password_only(None, "platformadmin")
    for page in ["/dashboard/", "/platform/municipalities/", "/staff/", "/admin/"]:
        response = client.get(page)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/two-factor/"), page
    assert client.get("/api/v1/municipalities/").status_code == 403


def test_the_code_opens_the_pages_and_a_wrong_code_is_refused_with_a_clear_message(ambrolauri):
    client = password_only(ambrolauri, "head")
    response = client.get("/accounts/two-factor/?next=/staff/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'autocomplete="one-time-code"' in page
    response = client.post("/accounts/two-factor/", {"code": "000000", "next": "/staff/"})
    assert response.status_code == 200
    assert WRONG_CODE in response.content.decode()
    assert client.get("/staff/").status_code == 302
    with _later(seconds=5):
        response = client.post(
            "/accounts/two-factor/", {"code": code_for(user_in(ambrolauri, "head")), "next": "/staff/"}
        )
        assert response.status_code == 302 and response["Location"] == "/staff/"
        for page in PAGES:
            assert client.get(page).status_code == 200, page
        assert client.get("/api/v1/me/").json()["username"] == "head"


def _later(*, seconds: int):
    """The clock moved on past django-otp's wait after a wrong code (1 s, then 2, 4, ...)."""
    import time

    return time_machine.travel(time.time() + seconds, tick=True)


@pytest.mark.parametrize(
    ("municipality", "username"), [("ambrolauri", "frontdesk"), ("ambrolauri", "officer")]
)
def test_an_optional_role_is_not_asked_for_a_code(request, municipality, username):
    client = password_only(request.getfixturevalue(municipality), username)
    assert client.get("/dashboard/").status_code == 200
    assert client.get("/api/v1/me/").status_code == 200


def test_a_reviewer_on_the_portal_is_not_asked_for_a_code(db):
    client = password_only(None, "reviewer")
    assert client.get("/dashboard/").status_code == 200


def test_a_mandatory_user_without_an_authenticator_is_sent_to_set_one_up_and_nothing_else(ambrolauri):
    worker = user_in(ambrolauri, "worker")
    with in_schema(ambrolauri):
        TOTPDevice.objects.filter(user=worker).delete()
    client = password_only(ambrolauri, "worker")
    for page in PAGES:
        response = client.get(page)
        assert response["Location"].startswith("/accounts/two-factor/setup/"), page
    assert (
        client.get("/api/v1/me/").json()["detail"]
        == "ჯერ დააყენეთ ორეტაპიანი შესვლა: თქვენი როლი ამას მოითხოვს."
    )
    assert client.get("/accounts/two-factor/")["Location"] == "/accounts/two-factor/setup/"

    page = client.get("/accounts/two-factor/setup/").content.decode()
    assert "<svg" in page and "ავთენტიფიკატორის აპლიკაცია" in page
    secret = re.search(r'id="two-factor-secret">([A-Z2-7 ]+)<', page).group(1)
    # the same key until it is confirmed (a reload does not change what was scanned)
    assert secret in client.get("/accounts/two-factor/setup/").content.decode()
    response = client.post("/accounts/two-factor/setup/", {"code": "12345"})
    assert (
        "შეიყვანეთ 6-ნიშნა კოდი, რომელსაც ავთენტიფიკატორის აპლიკაცია აჩვენებს." in response.content.decode()
    )
    assert client.get("/dashboard/").status_code == 302

    response = client.post("/accounts/two-factor/setup/", {"code": code_from_secret(secret)})
    assert response["Location"] == "/accounts/two-factor/recovery-codes/"
    page = client.get("/accounts/two-factor/recovery-codes/").content.decode()
    codes = re.findall(r"<li><code>([a-z2-7]{4}-[a-z2-7]{4})</code></li>", page)
    assert len(codes) == len(set(codes)) == 10
    # shown once
    assert not re.findall(r"<li><code>", client.get("/accounts/two-factor/recovery-codes/").content.decode())
    assert client.get("/dashboard/").status_code == 200
    with in_schema(ambrolauri):
        assert TOTPDevice.objects.filter(user=worker, confirmed=True).count() == 1
        assert UserEvent.objects.filter(user=worker, action=UserEvent.Action.TWO_FACTOR_ON).count() == 1


def test_the_password_alone_cannot_add_a_second_authenticator(ambrolauri):
    """Someone holding only the password of a user who has an authenticator cannot set up their own."""
    client = password_only(ambrolauri, "head")
    response = client.get("/accounts/two-factor/setup/")
    assert response.status_code == 302
    assert client.get(response["Location"])["Location"].startswith("/accounts/two-factor/")
    head = user_in(ambrolauri, "head")
    with in_schema(ambrolauri):
        assert TOTPDevice.objects.filter(user=head).count() == 1


def _enrol(client, user) -> list[str]:
    page = client.get("/accounts/two-factor/setup/").content.decode()
    secret = re.search(r'id="two-factor-secret">([A-Z2-7 ]+)<', page).group(1)
    assert client.post("/accounts/two-factor/setup/", {"code": code_from_secret(secret)}).status_code == 302
    page = client.get("/accounts/two-factor/recovery-codes/").content.decode()
    return re.findall(r"<li><code>([a-z2-7]{4}-[a-z2-7]{4})</code></li>", page)


def test_an_optional_role_may_set_it_up_and_is_then_asked_and_may_turn_it_off(ambrolauri):
    client = password_only(ambrolauri, "officer")
    assert "ამ ანგარიშს მხოლოდ პაროლი იცავს" in client.get("/accounts/two-factor/manage/").content.decode()
    _enrol(client, user_in(ambrolauri, "officer"))

    again = password_only(ambrolauri, "officer")
    assert again.get("/dashboard/")["Location"].startswith("/accounts/two-factor/")
    with _later(seconds=31):
        assert (
            again.post(
                "/accounts/two-factor/", {"code": code_for(user_in(ambrolauri, "officer"))}
            ).status_code
            == 302
        )
        assert again.post("/accounts/two-factor/manage/", {"action": "remove"})["Location"] == (
            "/accounts/two-factor/manage/"
        )
    assert password_only(ambrolauri, "officer").get("/dashboard/").status_code == 200


def test_a_mandatory_role_cannot_turn_it_off_only_move_it_to_a_new_phone(ambrolauri):
    client = client_for(ambrolauri, "head")
    page = client.get("/accounts/two-factor/manage/").content.decode()
    assert "ახალ ტელეფონზე დაყენება" in page and "ორეტაპიანი შესვლის გამორთვა" not in page
    response = client.post("/accounts/two-factor/manage/", {"action": "remove"})
    assert response["Location"] == "/accounts/two-factor/setup/"
    # the old device is gone: the session must set up a new one before anything opens
    assert client.get("/dashboard/")["Location"].startswith("/accounts/two-factor/setup/")


def test_a_recovery_code_works_once(ambrolauri):
    client = password_only(ambrolauri, "commission")
    codes = _enrol(client, user_in(ambrolauri, "commission"))

    first = password_only(ambrolauri, "commission")
    response = first.post("/accounts/two-factor/", {"code": codes[3].upper().replace("-", " ")})
    assert response.status_code == 302
    assert first.get("/dashboard/").status_code == 200

    second = password_only(ambrolauri, "commission")
    with _later(seconds=5):
        response = second.post("/accounts/two-factor/", {"code": codes[3]})
    assert response.status_code == 200
    assert WRONG_CODE in response.content.decode()
    assert second.get("/dashboard/").status_code == 302
    commission = user_in(ambrolauri, "commission")
    with in_schema(ambrolauri):
        assert StaticToken.objects.filter(device__user=commission).count() == 9
        used = UserEvent.objects.get(user=commission, action=UserEvent.Action.RECOVERY_CODE_USED)
        assert used.changes == {"left": 9}


def test_new_recovery_codes_replace_the_old_ones(ambrolauri):
    client = password_only(ambrolauri, "frontdesk")
    old = _enrol(client, user_in(ambrolauri, "frontdesk"))
    response = client.post("/accounts/two-factor/manage/", {"action": "codes"})
    assert response["Location"] == "/accounts/two-factor/recovery-codes/"
    new = re.findall(
        r"<li><code>([a-z2-7]{4}-[a-z2-7]{4})</code></li>",
        client.get("/accounts/two-factor/recovery-codes/").content.decode(),
    )
    assert len(new) == 10 and not set(new) & set(old)
    later = password_only(ambrolauri, "frontdesk")
    assert later.post("/accounts/two-factor/", {"code": old[0]}).status_code == 200
    with _later(seconds=5):
        assert later.post("/accounts/two-factor/", {"code": new[0]}).status_code == 302


def test_code_attempts_are_limited_per_user(ambrolauri, settings, frozen_clock):
    settings.OTP_RATE_PER_USER = "5/h"
    head = user_in(ambrolauri, "head")
    # from two different sessions (addresses): the count is the user's
    clients = [password_only(ambrolauri, "head"), password_only(ambrolauri, "head")]
    for attempt in range(5):
        with in_schema(ambrolauri):
            TOTPDevice.objects.filter(user=head).update(throttling_failure_count=0)
        response = clients[attempt % 2].post("/accounts/two-factor/", {"code": f"{attempt:06d}"})
        assert response.status_code == 200
    response = clients[0].post("/accounts/two-factor/", {"code": code_for(head)})
    assert response.status_code == 429
    assert "მეტისმეტად ბევრი მცდელობა. მოიცადეთ ერთი წუთი და სცადეთ ხელახლა." in response.content.decode()
    assert clients[0].get("/dashboard/").status_code == 302


def test_a_wrong_code_makes_the_device_wait_before_it_checks_again(ambrolauri, frozen_clock):
    head = user_in(ambrolauri, "head")
    client = password_only(ambrolauri, "head")
    client.post("/accounts/two-factor/", {"code": "000000"})
    client.post("/accounts/two-factor/", {"code": "000001"})
    # two wrong codes: the next check waits 2 seconds, even for the right code
    response = client.post("/accounts/two-factor/", {"code": _fresh_code(ambrolauri, head)})
    assert "ზედიზედ ძალიან ბევრი არასწორი კოდი" in response.content.decode()
    frozen_clock.shift(3)
    response = client.post("/accounts/two-factor/", {"code": _fresh_code(ambrolauri, head)})
    assert response.status_code == 302


def _fresh_code(municipality, user) -> str:
    """The current code without resetting the device's wait (code_for resets it)."""
    from binascii import unhexlify

    from django_otp.oath import totp

    with in_schema(municipality):
        device = TOTPDevice.objects.get(user=user, confirmed=True)
    return f"{totp(unhexlify(device.key)):06d}"


# --- the API ---------------------------------------------------------------------------------------


def _token(client, **data):
    return client.post("/api/v1/auth/token/", data, content_type="application/json")


def test_an_api_token_of_a_mandatory_role_needs_the_code(ambrolauri):
    api = Client(HTTP_HOST="ambrolauri.localhost")
    response = _token(api, username="head", password=DEMO_PASSWORD)
    assert response.status_code == 400
    assert response.json() == {
        "otp": ["ეს ანგარიში ორეტაპიან შესვლას იყენებს: ერთჯერადი კოდი გამოაგზავნეთ ველით otp."]
    }
    response = _token(api, username="head", password=DEMO_PASSWORD, otp="123456")
    assert response.status_code == 400 and list(response.json()) == ["otp"]
    with _later(seconds=5):
        response = _token(
            api, username="head", password=DEMO_PASSWORD, otp=code_for(user_in(ambrolauri, "head"))
        )
    assert response.status_code == 200
    token = response.json()["token"]
    assert (
        Client(HTTP_HOST="ambrolauri.localhost", HTTP_AUTHORIZATION=f"Token {token}")
        .get("/api/v1/me/")
        .json()["username"]
        == "head"
    )


def test_an_api_token_of_a_mandatory_role_without_an_authenticator_is_refused(ambrolauri):
    worker = user_in(ambrolauri, "worker")
    with in_schema(ambrolauri):
        TOTPDevice.objects.filter(user=worker).delete()
    response = _token(Client(HTTP_HOST="ambrolauri.localhost"), username="worker", password=DEMO_PASSWORD)
    assert response.status_code == 400
    assert "ერთხელ შედით საიტზე" in response.json()["otp"][0]


def test_an_api_token_of_an_optional_role_needs_no_code(ambrolauri):
    response = _token(Client(HTTP_HOST="ambrolauri.localhost"), username="officer", password=DEMO_PASSWORD)
    assert response.status_code == 200 and response.json()["token"]


def test_the_api_token_code_attempts_count_per_user(ambrolauri, settings, frozen_clock):
    settings.OTP_RATE_PER_USER = "3/h"
    api = Client(HTTP_HOST="ambrolauri.localhost")
    head = user_in(ambrolauri, "head")
    for attempt in range(3):
        with in_schema(ambrolauri):
            TOTPDevice.objects.filter(user=head).update(throttling_failure_count=0)
        assert _token(api, username="head", password=DEMO_PASSWORD, otp=f"{attempt:06d}").status_code == 400
    response = _token(api, username="head", password=DEMO_PASSWORD, otp=code_for(head))
    assert response.status_code == 429


# --- a manager resets a lost phone -------------------------------------------------------------------


def test_the_head_resets_a_workers_authenticator_and_the_history_says_so(ambrolauri):
    worker = user_in(ambrolauri, "worker")
    worker_session = client_for(ambrolauri, "worker")
    assert worker_session.get("/dashboard/").status_code == 200
    head = client_for(ambrolauri, "head")
    assert 'id="member-two-factor">ჩართულია' in head.get(f"/staff/{worker.pk}/").content.decode()
    response = head.post(f"/staff/{worker.pk}/two-factor-reset/")
    assert response.status_code == 302
    page = head.get(f"/staff/{worker.pk}/").content.decode()
    assert 'id="member-two-factor">გამორთულია' in page
    assert "ორეტაპიანი შესვლა მოხსნილია" in page
    with in_schema(ambrolauri):
        event = UserEvent.objects.get(user=worker, action=UserEvent.Action.TWO_FACTOR_RESET)
        assert event.actor.username == "head"
        assert not TOTPDevice.objects.filter(user=worker).exists()
    # the worker's open session must set up a new authenticator before anything opens
    assert worker_session.get("/dashboard/")["Location"].startswith("/accounts/two-factor/setup/")


def test_the_reset_over_the_api_and_only_by_the_manager(ambrolauri):
    officer = user_in(ambrolauri, "officer")
    with in_schema(ambrolauri):
        TOTPDevice.objects.create(user=officer, name="phone", confirmed=True)
    assert (
        client_for(ambrolauri, "frontdesk").post(f"/staff/{officer.pk}/two-factor-reset/").status_code == 403
    )
    assert (
        client_for(ambrolauri, "frontdesk").post(f"/api/v1/staff/{officer.pk}/two-factor-reset/").status_code
        == 403
    )
    head = client_for(ambrolauri, "head")
    assert head.get(f"/api/v1/staff/{officer.pk}/").json()["two_factor"] is True
    response = head.post(f"/api/v1/staff/{officer.pk}/two-factor-reset/")
    assert response.status_code == 200
    body = response.json()
    assert body["two_factor"] is False
    assert body["history"][0]["action"] == "two_factor_reset" and body["history"][0]["actor"] == "head"


def test_the_platform_administrator_resets_a_portal_users_authenticator(db):
    reviewer = user_in(None, "reviewer")
    with in_schema(None):
        TOTPDevice.objects.create(user=reviewer, name="phone", confirmed=True)
    admin = client_for(None, "platformadmin")
    assert admin.post(f"/staff/{reviewer.pk}/two-factor-reset/").status_code == 302
    with in_schema(None):
        assert not two_factor.has_device(reviewer)
        assert UserEvent.objects.filter(user=reviewer, action=UserEvent.Action.TWO_FACTOR_RESET).exists()


def test_the_reset_service_refuses_a_non_manager(ambrolauri):
    from django.core.exceptions import PermissionDenied

    with in_schema(ambrolauri):
        officer = User.objects.get(username="officer")
        worker = User.objects.get(username="worker")
        with pytest.raises(PermissionDenied):
            two_factor.two_factor_remove(actor=officer, user=worker)
        assert two_factor.has_device(worker)
