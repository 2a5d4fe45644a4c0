"""Every feedback page, citizen page and API endpoint runs an exact number of queries, the same for one
row as for many (no N+1).

A count that changes is a signal: more queries means something now runs per row; fewer means someone
made a page cheaper, so pin the new figure. The failure lists every statement run.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail

from feedback import services
from feedback.models import CommentTheme, Invitation
from programmes.models import BenefitApplication
from programmes.signals import service_ended
from tests.conftest import client_for
from tests.queries import assert_get_query_count

from .conftest import valid_answers

pytestmark = pytest.mark.django_db
DAY = datetime.date(2025, 6, 6)
# published reports cover the reporting calendar's periods (by default June-August, September-November, ...)
PERIODS = {
    "Q": (datetime.date(2025, 6, 1), datetime.date(2025, 8, 31)),
    "Q2": (datetime.date(2025, 9, 1), datetime.date(2025, 11, 30)),
    "Q3": (datetime.date(2025, 12, 1), datetime.date(2026, 2, 28)),
    "Q4": (datetime.date(2026, 3, 1), datetime.date(2026, 5, 31)),
}
TOKEN = re.compile(r"/f/annex-2/t/([\w-]+)/")

# (who opens it (None: a citizen), path, exact number of queries)
PAGES = [
    # staff pages
    ("officer", "/feedback/", 9),
    ("frontdesk", "/feedback/", 9),
    ("officer", "/feedback/forms/new/", 4),
    ("officer", "/feedback/forms/annex-2/", 8),
    ("officer", "/feedback/forms/annex-2/edit/", 7),
    ("frontdesk", "/feedback/forms/annex-1/pdf/", 8),
    ("frontdesk", "/feedback/batches/", 7),
    ("frontdesk", "/feedback/batches/{batch}/", 9),
    ("frontdesk", "/feedback/registry/", 5),
    ("officer", "/feedback/comments/", 6),
    ("officer", "/feedback/comments/?from=2025-06-01&to=2025-06-30", 6),
    ("officer", "/feedback/themes/", 5),
    ("officer", "/feedback/reports/", 5),
    ("council", "/feedback/reports/", 5),
    ("officer", "/feedback/reports/{report}/", 8),
    # + the reporting calendar (a year report shows the year as released)
    ("council", "/feedback/reports/{report}/", 10),
    ("officer", "/feedback/reports/{report}/pdf/", 7),
    ("officer", "/feedback/meetings/", 6),
    ("council", "/feedback/meetings/", 5),
    ("officer", "/feedback/meetings/{meeting}/", 8),
    ("officer", "/feedback/invitations/", 6),
    ("head", "/feedback/settings/", 5),
    # + the retention period and the kept files (one query whatever their number)
    ("officer", "/feedback/import/", 7),
    # citizen pages (no login)
    (None, "/", 2),  # the online form, and the services open today
    (None, "/f/annex-2/", 4),
    (None, "/f/annex-2/thanks/", 2),
    (None, "/f/annex-2/t/{token}/", 6),
    (None, "/f/optout/{token}/", 1),
    (None, "/reports/", 1),
    (None, "/reports/{report}/", 6),
    (None, "/reports/{report}/pdf/", 6),
    # API
    ("officer", "/api/v1/feedback/reports/summary/?from=2025-06-01&to=2025-06-30", 13),
    # the published report of the period gives the figures: the same ones on every page
    ("council", "/api/v1/feedback/reports/summary/?from=2025-06-01&to=2025-08-31", 8),
    ("officer", "/api/v1/feedback/reports/", 5),
    (None, "/api/v1/feedback/forms/annex-2/", 4),
]


class Rows:
    """One row on every feedback list (a box batch whose comment is tagged and publishable, a registry
    comment, a published report, a meeting with a decision, a sent invitation), and `add_more()` to
    make it many."""

    def __init__(self, *, frontdesk, officer, head, paper_form, catalogue, make_application):
        self.frontdesk, self.officer, self.head, self.catalogue = frontdesk, officer, head, catalogue
        self.paper_form, self.make_application = paper_form, make_application
        self.theme, _ = CommentTheme.objects.get_or_create(
            code="more_aid", defaults={"name_ka": "მეტი დახმარება"}
        )
        self.batch = self._batch("გაზარდეთ თანხა")
        services.registry_comment_record(actor=frontdesk, received_on=DAY, text="კითხვა")
        self.report = services.report_create(
            actor=officer, title="Q", period_from=PERIODS["Q"][0], period_to=PERIODS["Q"][1]
        )
        self.meeting = self._meeting()
        self._publish(self.report)
        self.token = self._invitation_token()

    def _batch(self, comment: str):
        batch = services.batch_open(actor=self.frontdesk, opened_on=DAY, counted=1, form=self.paper_form)
        self._response(batch, comment)
        return batch

    def _response(self, batch, comment: str) -> None:
        response = services.batch_response_enter(
            actor=self.frontdesk, batch=batch, data={"answers": valid_answers(comment=comment)}
        )
        services.answer_tag(
            actor=self.officer, answer=response.answers.get(text=comment), theme=self.theme, publishable=True
        )

    def _meeting(self):
        meeting = services.meeting_record(
            actor=self.officer, held_on=DAY, participants="A", agenda="B", report=self.report
        )
        services.decision_add(
            actor=self.officer,
            meeting=meeting,
            change="x",
            responsible="y",
            service=self.catalogue["newborn_aid"],
        )
        return meeting

    def _publish(self, report) -> None:
        services.report_approve(actor=self.head, report=report)
        services.report_publish(actor=self.head, report=report)

    def _invitation_token(self) -> str:
        application = self.make_application()
        service_ended.send(sender=BenefitApplication, application=application)
        services.invitation_send_one(invitation_id=Invitation.objects.get(application=application).pk)
        return TOKEN.search(mail.outbox[-1].body).group(1)

    def paths(self, path: str) -> str:
        return path.format(
            batch=self.batch.pk, report=self.report.pk, meeting=self.meeting.pk, token=self.token
        )

    def add_more(self) -> None:
        for i in range(2):
            self._batch(f"კმაყოფილი ვარ {i}")
            self._response(self.batch, f"კიდევ {i}")
            services.registry_comment_record(actor=self.frontdesk, received_on=DAY, text=f"კითხვა {i}")
            self._meeting()
            services.decision_add(actor=self.officer, meeting=self.meeting, change=f"z{i}", responsible="y")
            self._invitation_token()
        for title in ("Q2", "Q3"):
            self._publish(
                services.report_create(
                    actor=self.officer,
                    title=title,
                    period_from=PERIODS[title][0],
                    period_to=PERIODS[title][1],
                )
            )
        services.report_create(
            actor=self.officer, title="Q4", period_from=PERIODS["Q4"][0], period_to=PERIODS["Q4"][1]
        )


@pytest.fixture
def rows(ambrolauri, frontdesk, officer, head, paper_form, email_form, catalogue, make_application) -> Rows:
    return Rows(
        frontdesk=frontdesk,
        officer=officer,
        head=head,
        paper_form=paper_form,
        catalogue=catalogue,
        make_application=make_application,
    )


@pytest.mark.parametrize(("username", "path", "queries"), PAGES, ids=[f"{u}:{p}" for u, p, _ in PAGES])
def test_each_page_costs_a_fixed_number_of_queries_for_one_row_and_for_many(
    ambrolauri, rows, username, path, queries
):
    client = client_for(ambrolauri, username)
    url = rows.paths(path)
    assert_get_query_count(client, url, queries)
    rows.add_more()
    assert_get_query_count(client, url, queries)
