"""A staff session left idle ends: the next request finds the user signed out."""

from __future__ import annotations

import time

import time_machine

from tests.conftest import client_for

MINUTE = 60


def test_a_staff_session_ends_after_thirty_idle_minutes(ambrolauri):
    with time_machine.travel(time.time(), tick=False) as clock:
        client = client_for(ambrolauri, "head")
        assert client.get("/dashboard/").status_code == 200
        clock.shift(31 * MINUTE)
        response = client.get("/dashboard/")
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
        assert client.get("/api/v1/me/").status_code == 401


def test_a_session_in_use_stays_signed_in(ambrolauri):
    with time_machine.travel(time.time(), tick=False) as clock:
        client = client_for(ambrolauri, "head")
        for _ in range(4):
            assert client.get("/dashboard/").status_code == 200
            clock.shift(20 * MINUTE)
        assert client.get("/dashboard/").status_code == 200


def test_the_idle_time_is_settable(ambrolauri, settings):
    settings.SESSION_IDLE_TIMEOUT = 5 * MINUTE
    with time_machine.travel(time.time(), tick=False) as clock:
        client = client_for(ambrolauri, "head")
        assert client.get("/dashboard/").status_code == 200
        clock.shift(6 * MINUTE)
        assert client.get("/dashboard/").status_code == 302
