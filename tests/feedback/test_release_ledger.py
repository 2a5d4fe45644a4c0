"""The release ledger (municipal_platform/disclosure/ledger.py): a period's figures are released once and
kept, so an entry made afterwards changes nothing a council member or citizen already read, and a
corrected report that brings new figures hides what would give the late entries away."""

from __future__ import annotations

import datetime

from feedback import services
from feedback.selectors import current_version
from municipal_platform.accounts.models import User
from municipal_platform.disclosure import ledger
from municipal_platform.disclosure.models import Release
from municipal_platform.periods import Period
from tests.conftest import client_for

from .conftest import valid_answers

AUTUMN = "/api/v1/feedback/reports/summary/?from=2025-09-01&to=2025-11-30"
# the test municipality keeps the default calendar: March-May, June-August, ...; years from March
YEAR = "/api/v1/feedback/reports/summary/?from=2025-03-01&to=2026-02-28"


def _submit(form, n: int, *, on: datetime.date, sex: str = "female") -> None:
    data = {"service": "newborn_aid", "sex": sex, "answers": valid_answers()}
    for _ in range(n):
        services.response_submit(version=current_version(form), channel="paper", data=data, submitted_on=on)


def test_a_late_paper_form_changes_no_figure_already_released(ambrolauri, catalogue, paper_form):
    _submit(paper_form, 8, on=datetime.date(2025, 9, 10))
    council = client_for(ambrolauri, "council")
    autumn, year = council.get(AUTUMN).json(), council.get(YEAR).json()
    assert (autumn["responses"], year["responses"]) == (8, 8)

    # a forgotten paper form of September typed in after the council read the figures
    _submit(paper_form, 1, on=datetime.date(2025, 9, 12), sex="male")

    assert council.get(AUTUMN).json() == autumn, "the autumn's released figures changed"
    assert council.get(YEAR).json() == year, "the year changed: year minus an earlier reading gives 1"
    assert client_for(ambrolauri, "officer").get(AUTUMN).json()["responses"] == 9, "staff read exact figures"
    assert Release.objects.filter(topic=Release.Topic.FEEDBACK, first_day="2025-09-01").count() == 1


def test_a_corrected_report_with_late_entries_hides_what_would_give_them_away(
    ambrolauri, catalogue, paper_form
):
    _submit(paper_form, 8, on=datetime.date(2025, 9, 10))
    council = client_for(ambrolauri, "council")
    first = council.get(AUTUMN).json()
    assert (first["responses"], first["women"], first["men"]) == (8, 8, 0)

    _submit(paper_form, 2, on=datetime.date(2025, 9, 12), sex="male")
    officer, head = User.objects.get(username="officer"), User.objects.get(username="head")
    report = services.report_create(
        actor=officer,
        title="შემოდგომა",
        period_from=datetime.date(2025, 9, 1),
        period_to=datetime.date(2025, 11, 30),
    )
    report = services.report_approve(actor=head, report=report)
    services.report_publish(actor=head, report=report)

    second = council.get(AUTUMN).json()
    # 10 - 8 would say that two late respondents came, and 2 - 0 men that both are men
    assert second["responses"] is None and second["men"] is None
    versions = ledger.versions(
        Release.Topic.FEEDBACK, Period(datetime.date(2025, 9, 1), datetime.date(2025, 11, 30))
    )
    assert [v.version for v in versions] == [1, 2]
    assert ledger.hidden_cells(versions[0]) <= ledger.hidden_cells(versions[1])
    # the citizens' page of the report shows the same release
    page = client_for(ambrolauri, None).get(f"/reports/{report.pk}/")
    assert page.status_code == 200
    assert page.context["figures"]["responses"] is None
