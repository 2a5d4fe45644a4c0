"""The published report's PDF draws the same bars as its page, from the same (suppressed) figures."""

from __future__ import annotations

import re

from django_tenants.utils import schema_context

from feedback import pdfs
from feedback.models import Report
from tests.conftest import client_for


def test_the_public_pdf_draws_the_pages_bars_from_the_same_figures(seeded, monkeypatch):
    with schema_context(seeded.schema_name):
        report = Report.objects.get(status="published")
    page = client_for(seeded).get(f"/reports/{report.pk}/").content.decode()
    answers = page.split('class="question-result"', 1)[1]
    page_bars = [int(w) for w in re.findall(r'class="bar"[^>]*><span style="width: (\d+)%"', answers)]
    drawn: list[float] = []
    real_bar = pdfs.pdf.bar

    def recording_bar(percent, *args, **kwargs):
        drawn.append(percent)
        return real_bar(percent, *args, **kwargs)

    monkeypatch.setattr(pdfs.pdf, "bar", recording_bar)
    response = client_for(seeded).get(f"/reports/{report.pk}/pdf/")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert len(page_bars) > 5 and drawn == page_bars
