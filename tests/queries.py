"""Exact query counts for tests, after Zulip's `assert_database_query_count`.

    with assert_query_count(7):
        response = client.get("/programmes/")

The number is exact, not a ceiling: one query more (an N+1 coming back) fails, and so does one less
(pin the new, lower figure). On failure the message lists every SQL statement the block ran, numbered,
so the extra query can be read off the test output.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connections
from django.http import StreamingHttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext


@contextmanager
def assert_query_count(expected: int, *, using: str = "default") -> Iterator[CaptureQueriesContext]:
    """Fail unless the block runs exactly `expected` SQL statements on the `using` connection."""
    with CaptureQueriesContext(connections[using]) as captured:
        yield captured
    statements = captured.captured_queries
    if len(statements) != expected:
        listing = "\n".join(f"{number}. {query['sql'].strip()}" for number, query in enumerate(statements, 1))
        raise AssertionError(f"{len(statements)} queries run, {expected} expected:\n{listing}")


def assert_get_query_count(client: Client, url: str, expected: int, *, status: int = 200) -> None:
    """GET `url` and fail unless it runs exactly `expected` queries, streamed content included.

    A first, unmeasured GET warms what every process caches once (the host's tenant, content types),
    so the figure is the same whichever test runs first.
    """
    client.get(url)
    with assert_query_count(expected):
        response = client.get(url)
        if isinstance(response, StreamingHttpResponse):  # an export reads its rows while it streams
            b"".join(response)
    assert response.status_code == status, url
