"""With Redis unreachable the cache answers from the process's memory: pages work and limits keep counting."""

from __future__ import annotations

import logging

from django.core.cache import cache
from django.test import Client

from tenants.demo import DEMO_PASSWORD
from tests.servers import free_port


def _dead_redis_cache(settings) -> None:
    settings.CACHES = {
        "default": {
            "BACKEND": "municipal_platform.cache.RedisCacheWithLocalFallback",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",  # nothing listens there
            "KEY_FUNCTION": "django_tenants.cache.make_key",
            "REVERSE_KEY_FUNCTION": "django_tenants.cache.reverse_key",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    cache.clear()  # the process's fallback memory outlives a test


def test_the_cache_answers_from_memory_and_says_so_once(db, settings, caplog):
    _dead_redis_cache(settings)
    with caplog.at_level(logging.WARNING, logger="municipal_platform.cache"):
        assert cache.add("counter", 1, 60) is True
        assert cache.incr("counter") == 2
        cache.set_many({"a": "x", "b": "y"})
        assert cache.get_many(["a", "b", "c"]) == {"a": "x", "b": "y"}
        cache.delete("a")
        assert cache.get("a") is None and cache.has_key("b")
    assert [r.message.split(" (")[0] for r in caplog.records] == ["cache: Redis unreachable"]


def test_the_login_limit_still_counts_with_redis_unreachable(
    ambrolauri, settings, frozen_clock, fast_demo_passwords
):
    _dead_redis_cache(settings)
    settings.LOGIN_RATE_PER_USERNAME = "3/h"
    settings.LOGIN_RATE_PER_IP = "1000/h"
    client = Client(HTTP_HOST="ambrolauri.localhost")
    for attempt in range(3):
        wrong = client.post("/accounts/login/", {"username": "officer", "password": f"guess-{attempt}"})
        assert wrong.status_code == 200  # the form again, with its message: no server error
    refused = client.post("/accounts/login/", {"username": "officer", "password": DEMO_PASSWORD})
    assert refused.status_code == 429
