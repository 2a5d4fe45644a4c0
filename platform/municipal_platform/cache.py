"""The cache on Redis, falling back to the process's memory while Redis cannot be reached.

Pages count rate limits in the cache (django-ratelimit: login, password reset, the citizens' form). With
Django's own Redis backend a stopped Redis makes those pages fail; here each call that cannot reach Redis
is answered from a per-process memory cache instead, with a warning in the log, and Redis is asked again
after RETRY_SECONDS. The limits keep counting meanwhile, per process rather than across them.
"""

from __future__ import annotations

import logging
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, ConnectionError, TimeoutError)
RETRY_SECONDS = 5.0


class RedisCacheWithLocalFallback(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        local_params = {k: v for k, v in params.items() if k != "OPTIONS"}
        self._fallback = LocMemCache("redis-fallback", local_params)  # one per process
        self._down_until = 0.0

    def _call(self, name: str, *args, **kwargs):
        if time.monotonic() >= self._down_until:
            try:
                result = getattr(super(), name)(*args, **kwargs)
            except UNREACHABLE as exc:
                if not self._down_until:
                    logger.warning("cache: Redis unreachable (%s); using this process's memory", exc)
                self._down_until = time.monotonic() + RETRY_SECONDS
            else:
                if self._down_until:
                    logger.warning("cache: Redis reachable again")
                    self._down_until = 0.0
                return result
        return getattr(self._fallback, name)(*args, **kwargs)

    def add(self, *args, **kwargs):
        return self._call("add", *args, **kwargs)

    def get(self, *args, **kwargs):
        return self._call("get", *args, **kwargs)

    def set(self, *args, **kwargs):
        return self._call("set", *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._call("touch", *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._call("delete", *args, **kwargs)

    def get_many(self, *args, **kwargs):
        return self._call("get_many", *args, **kwargs)

    def has_key(self, *args, **kwargs):
        return self._call("has_key", *args, **kwargs)

    def incr(self, *args, **kwargs):
        return self._call("incr", *args, **kwargs)

    def set_many(self, *args, **kwargs):
        return self._call("set_many", *args, **kwargs)

    def delete_many(self, *args, **kwargs):
        return self._call("delete_many", *args, **kwargs)

    def clear(self):
        return self._call("clear")
