"""A bounded load test (marker `load`, run by .ci/run, not by `make test`): citizens on loopback fill the
public form and read the published report against gunicorn for a fixed time, then stop. No answer may be
an error, and every accepted submission is stored exactly once (submitted = stored).

The submit limits are lifted for the server (every client here shares one address; the limits themselves
are tested in tests/feedback/test_forms_citizen.py)."""

from __future__ import annotations

import re
import threading
import time
from collections import Counter

import pytest
import requests
from django_tenants.utils import schema_context

from feedback.models import Report, Response
from tests.servers import web_server

CLIENTS = 6
SECONDS = 15
HOST = "ambrolauri.localhost"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SERVICE = re.compile(r'<option value="([a-z0-9_]+)"')

pytestmark = pytest.mark.load


def _citizen(port: int, report_id: int, stop_at: float, outcomes: Counter, errors: list, lock) -> None:
    base = f"http://127.0.0.1:{port}"
    session = requests.Session()
    session.headers["Host"] = HOST
    n = 0
    while time.monotonic() < stop_at:
        n += 1
        try:
            form = session.get(f"{base}/f/annex-1/", timeout=30)
            token, service = CSRF.search(form.text), SERVICE.search(form.text)
            if form.status_code != 200 or not token or not service:
                raise AssertionError(f"form page: {form.status_code}")
            answer = session.post(
                f"{base}/f/annex-1/",
                data={
                    "csrfmiddlewaretoken": token.group(1),
                    "service": service.group(1),
                    "q_documents_easy": "yes",
                    "q_satisfaction": str(1 + n % 5),
                    "q_comment": f"დატვირთვის ტესტი {n}",
                },
                headers={"Referer": f"http://{HOST}/f/annex-1/"},
                allow_redirects=False,
                timeout=30,
            )
            if answer.status_code != 302 or not answer.headers["Location"].endswith("/f/annex-1/thanks/"):
                raise AssertionError(f"submission: {answer.status_code}")
            report = session.get(f"{base}/reports/{report_id}/", timeout=30)
            if report.status_code != 200:
                raise AssertionError(f"report page: {report.status_code}")
            with lock:
                outcomes["accepted"] += 1
                outcomes["report pages"] += 1
        except (AssertionError, requests.RequestException) as exc:
            with lock:
                errors.append(repr(exc))


def test_citizens_answering_and_reading_under_load_get_no_error_and_every_answer_is_stored(seeded, tmp_path):
    with schema_context(seeded.schema_name):
        report_id = Report.objects.filter(status=Report.Status.PUBLISHED).values_list("pk", flat=True)[0]
        before = Response.objects.count()
    outcomes: Counter = Counter()
    errors: list[str] = []
    lock = threading.Lock()
    with web_server(tmp_path, FEEDBACK_SUBMIT_RATE="100000/h", FEEDBACK_SUBMIT_FLOOD_RATE="100000/m") as port:
        stop_at = time.monotonic() + SECONDS
        citizens = [
            threading.Thread(target=_citizen, args=(port, report_id, stop_at, outcomes, errors, lock))
            for _ in range(CLIENTS)
        ]
        for citizen in citizens:
            citizen.start()
        for citizen in citizens:
            citizen.join(timeout=SECONDS + 60)
    with schema_context(seeded.schema_name):
        stored = Response.objects.count() - before
    print(f"\n{CLIENTS} clients for {SECONDS} s: {dict(outcomes)}, {len(errors)} errors")
    assert errors == []
    assert outcomes["accepted"] > 0
    assert stored == outcomes["accepted"], "submitted and stored differ"
