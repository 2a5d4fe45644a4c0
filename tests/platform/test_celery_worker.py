"""A real Celery worker against Redis: a task sent from a municipality runs in that municipality's schema."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from municipal_platform.tasks import municipality_where_am_i, where_am_i
from tests.servers import celery_worker


@pytest.fixture
def worker_app(db):
    with celery_worker("platform") as app:
        yield app


@pytest.mark.celery_worker
def test_schema_travels_with_the_task_to_a_real_worker(worker_app):
    with schema_context("ambrolauri"):
        from_ambrolauri = where_am_i.delay()
    with schema_context("tskaltubo"):
        from_tskaltubo = where_am_i.delay()
    assert from_ambrolauri.get(timeout=30) == {"schema": "ambrolauri", "system": "Linux"}
    assert from_tskaltubo.get(timeout=30)["schema"] == "tskaltubo"


@pytest.mark.celery_worker
def test_worker_refuses_a_municipal_task_sent_from_public(worker_app):
    result = municipality_where_am_i.delay()  # sent from the public schema
    with pytest.raises(RuntimeError, match="without a municipality schema"):
        result.get(timeout=30)
    with schema_context("tskaltubo"):
        assert municipality_where_am_i.delay().get(timeout=30) == "tskaltubo"
