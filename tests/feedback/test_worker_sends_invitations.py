"""A real Celery worker on Redis sends the municipality's invitation batch: once, with a working link."""

from __future__ import annotations

import time

import pytest
from django_tenants.utils import schema_context

from feedback.models import Invitation
from feedback.tasks import send_invitation_batch
from tests.servers import celery_worker


def _status(django_db_blocker, pk: int) -> str:
    with django_db_blocker.unblock(), schema_context("ambrolauri"):
        return Invitation.objects.get(pk=pk).status


@pytest.mark.celery_worker
def test_the_scheduled_batch_sends_each_invitation_once_through_a_real_worker(
    committed_invitation, django_db_blocker, tmp_path
):
    # the worker writes e-mails as files (no EMAIL_URL) under its own data folder
    with celery_worker("feedback", PLATFORM_DATA_DIR=str(tmp_path), PUBLIC_URL_PORT="8000"):
        with schema_context("ambrolauri"):
            assert send_invitation_batch.delay().get(timeout=30)["send"] == 1
        deadline = time.monotonic() + 30
        while _status(django_db_blocker, committed_invitation) != "sent" and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _status(django_db_blocker, committed_invitation) == "sent"
        with schema_context("ambrolauri"):
            assert send_invitation_batch.delay().get(timeout=30)["send"] == 0, (
                "a second run sends nothing more"
            )

    mails = list((tmp_path / "mail").glob("*.log"))
    assert len(mails) == 1
    text = mails[0].read_text()
    assert "To: race@example.ge" in text
    assert "http://ambrolauri.localhost:8000/f/annex-2/t/" in text
