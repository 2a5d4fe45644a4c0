"""The officer is warned when the findings text states a number the published table hides."""

from __future__ import annotations

import datetime

import pytest

from feedback import services
from tests.conftest import client_for

from .conftest import valid_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(frontdesk, officer, paper_form, catalogue):
    batch = services.batch_open(
        actor=frontdesk, opened_on=datetime.date(2025, 6, 6), counted=6, form=paper_form
    )
    for i in range(6):
        services.batch_response_enter(
            actor=frontdesk,
            batch=batch,
            data={"service": "newborn_aid", "sex": "female" if i < 4 else "male", "answers": valid_answers()},
        )
    return services.report_create(
        actor=officer,
        title="Q",
        period_from=datetime.date(2025, 6, 1),
        period_to=datetime.date(2025, 8, 31),
        findings="6 forms came back; 2 men wrote that the documents were hard to collect.",
    )


def test_the_report_page_warns_the_officer_of_a_number_the_published_table_hides(ambrolauri, report):
    page = client_for(ambrolauri, "officer").get(f"/feedback/reports/{report.pk}/")
    warnings = page.context["findings_warnings"]
    # 4 women and 2 men are hidden (2 is below 5, 4 with it); the 6 comments, none sorted into a theme
    # yet, are hidden too: "6" may be read as them
    assert [w["number"] for w in warnings] == [2, 6]
    assert any(cell.endswith(": კაცი") for cell in warnings[0]["cells"]), warnings[0]["cells"]
    assert warnings[1]["cells"] == ["ღია კომენტარები"]
    assert 'id="findings-warnings"' in page.content.decode()
    # in the table's own words, in the reader's language: never a code such as open_comments
    english = client_for(ambrolauri, "officer")
    english.cookies["django_language"] = "en"
    warnings = english.get(f"/feedback/reports/{report.pk}/").context["findings_warnings"]
    assert any(cell.endswith(": Men") for cell in warnings[0]["cells"]), warnings[0]["cells"]
    assert warnings[1]["cells"] == ["Open comments"]


def test_no_warning_when_the_findings_state_only_shown_numbers(ambrolauri, officer, report):
    services.report_update(
        actor=officer, report=report, title="Q", findings="Forms came back all through the summer of 2025."
    )
    page = client_for(ambrolauri, "officer").get(f"/feedback/reports/{report.pk}/")
    assert page.context["findings_warnings"] == []
    assert 'id="findings-warnings"' not in page.content.decode()
