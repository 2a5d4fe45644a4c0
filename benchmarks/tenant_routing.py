"""Requests per second through the full middleware stack: stock TenantMainMiddleware vs our cached one.

Run after `make demo` (it needs the `ambrolauri` municipality):
`.venv/bin/python benchmarks/tenant_routing.py [--requests N]`. In-process (Django's test client on
the real database), so it measures the routing cost, not a network; both variants run in the same
process one after the other.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "platform")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "municipal_platform.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402

STOCK = "django_tenants.middleware.main.TenantMainMiddleware"
CACHED = "municipal_platform.middleware.CachedTenantMiddleware"


def measure(middleware: str, requests: int, host: str) -> tuple[float, float]:
    stack = [middleware, *settings.MIDDLEWARE[1:]]
    with override_settings(MIDDLEWARE=stack):
        client = Client(HTTP_HOST=host)
        for _ in range(50):  # warm up
            client.get("/healthz")
        queries: list[str] = []

        def count(execute, sql, params, many, context):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            client.get("/healthz")
        started = time.perf_counter()
        for _ in range(requests):
            assert client.get("/healthz").status_code == 200
        elapsed = time.perf_counter() - started
    return requests / elapsed, len(queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--host", default=f"ambrolauri.{settings.BASE_DOMAIN}")
    args = parser.parse_args()
    stock_rps, stock_q = measure(STOCK, args.requests, args.host)
    cached_rps, cached_q = measure(CACHED, args.requests, args.host)
    print(f"GET /healthz on {args.host}, {args.requests} requests each, in one process:")
    print(f"  stock TenantMainMiddleware (baseline): {stock_rps:8.0f} req/s, {stock_q} queries per request")
    print(f"  CachedTenantMiddleware:                {cached_rps:8.0f} req/s, {cached_q} queries per request")
    print(f"  ratio: {cached_rps / stock_rps:.2f}x")


if __name__ == "__main__":
    main()
