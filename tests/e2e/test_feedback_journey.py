"""In a real browser: a citizen answers the public form on a phone-sized screen; an officer records a box
opening and types a paper form in with the keyboard only; the head of service approves and publishes the
report; the citizen reads it with small figures hidden.

The server reads committed data: whatever the journey commits in Ambrolauri's feedback tables is wiped
afterwards (the standard forms are put back).
"""

from __future__ import annotations

import datetime
import re
import zoneinfo

import pytest
from playwright.sync_api import expect

from tests.feedback.conftest import in_own_connection, wipe_municipality_data


def this_month_in_tbilisi() -> tuple[datetime.date, datetime.date]:
    """The first and the last day of the server's current month (the server's day is Tbilisi's)."""
    today = datetime.datetime.now(zoneinfo.ZoneInfo("Asia/Tbilisi")).date()
    first = today.replace(day=1)
    return first, (first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)


def committed_responses() -> list[str]:
    """The channels of the responses the server has committed in Ambrolauri (read on a connection of its
    own, so the test's transaction holds no lock on the table the wipe truncates)."""
    from django.db import connection
    from django_tenants.utils import schema_context

    def read():
        with schema_context("ambrolauri"), connection.cursor() as cursor:
            cursor.execute("SELECT channel FROM feedback_response ORDER BY id")
            return [row[0] for row in cursor.fetchall()]

    return in_own_connection(read)


@pytest.fixture
def clean_feedback(web_port, django_db_blocker):
    # committed on its own connection: done in the test's transaction, the wipe was rolled back with it
    with django_db_blocker.unblock():
        in_own_connection(wipe_municipality_data, "ambrolauri", ("feedback",))
    yield
    with django_db_blocker.unblock():
        in_own_connection(wipe_municipality_data, "ambrolauri", ("feedback",))


def test_citizen_fills_the_public_form_anonymously(browser, site_url, clean_feedback, django_db_blocker):
    context = browser.new_context(locale="ka-GE", viewport={"width": 390, "height": 844})  # a phone
    page = context.new_page()
    page.goto(site_url("ambrolauri", "/f/annex-1/"))
    expect(page.locator("html")).to_have_attribute("lang", "ka")
    expect(page.get_by_role("heading", level=1)).to_contain_text("დანართი N1")
    # sending without the required answers shows the errors and stores nothing
    page.locator("main button[type=submit]").click()
    expect(page.locator("[role=alert]")).to_be_visible()
    expect(page.locator("#e-documents_easy")).to_be_visible()
    # now properly
    page.locator("#q-documents_easy input[value=yes]").check()
    page.locator("#q-satisfaction input[value='5']").check()
    page.locator("input[name=sex][value=female]").check()
    page.locator("#q-comment textarea").fill("კმაყოფილი ვარ, მადლობა")
    page.locator("main button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/f/annex-1/thanks/$"))
    context.close()
    with django_db_blocker.unblock():
        assert committed_responses() == ["online"]  # stored exactly once


def test_officer_enters_a_paper_batch_and_head_publishes_the_report(
    page, browser, site_url, login, clean_feedback
):
    login(page, "ambrolauri", "officer")
    page.goto(site_url("ambrolauri", "/feedback/batches/"))
    page.fill("#id_counted", "1")
    page.locator("#batch-open button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/feedback/batches/\d+/$"))
    expect(page.locator("#entered")).to_have_text("0")

    # keyboard only: the service has focus; Tab through the questions, Space picks the first answer of a
    # radio group, the arrow keys move within it, Enter in the date field saves
    expect(page.locator("#f-service")).to_be_focused()
    keys = page.keyboard
    keys.press("ArrowDown")  # service: from "not sure" to the first service, if any
    keys.press("Tab")  # sex: female
    keys.press("Space")
    keys.press("Tab")  # age band
    keys.press("Tab")  # knew services: yes
    keys.press("Space")
    keys.press("Tab")  # how heard: first choice
    keys.press("Space")
    keys.press("Tab")  # documents easy: yes
    keys.press("Space")
    keys.press("Tab")  # professionalism: 1 -> 4
    keys.press("Space")
    for _ in range(3):
        keys.press("ArrowRight")
    keys.press("Tab")  # helpfulness: 1 -> 5
    keys.press("Space")
    for _ in range(4):
        keys.press("ArrowRight")
    keys.press("Tab")  # satisfaction: 1 -> 5
    keys.press("Space")
    for _ in range(4):
        keys.press("ArrowRight")
    keys.press("Tab")  # comment
    keys.type("დოკუმენტები მარტივად შევაგროვე")
    keys.press("Tab")  # the date on the form: empty means the day the box was opened
    keys.press("Enter")
    expect(page.locator("#entered")).to_have_text("1")
    expect(page.locator("#counted")).to_have_text("1")
    page.locator("#close-batch button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/feedback/batches/$"))

    # the officer drafts the report of this month (the box was opened today, in Tbilisi)
    first_day, last_day = this_month_in_tbilisi()
    page.goto(site_url("ambrolauri", "/feedback/reports/"))
    page.fill("#id_title", "თვის ანგარიში")
    page.fill("#id_period_from", first_day.isoformat())
    page.fill("#id_period_to", last_day.isoformat())
    page.locator("#report-new button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/feedback/reports/\d+/$"))
    report_url = page.url
    # internal: exact figures: the one paper form typed in above and nothing else (the citizen's online
    # form of the first journey was wiped with its data)
    expect(page.locator('[data-figure="responses"]')).to_have_text("1")
    expect(page.get_by_role("row", name=re.compile("ქაღალდის|Paper"))).to_contain_text("1")
    expect(page.get_by_role("row", name=re.compile("ონლაინ|Online"))).to_contain_text("0")
    expect(page.locator("#approve")).to_have_count(0)  # only the head of service approves

    head_context = browser.new_context(locale="ka-GE")
    head = head_context.new_page()
    login(head, "ambrolauri", "head")
    head.goto(report_url)
    head.locator("#approve").click()
    # a month that has not ended is not a reporting period: publishing it is refused, naming the periods
    # that exist (citizens' view of a published report is checked in tests/feedback)
    head.locator("#publish").click()
    expect(head.get_by_text(re.compile("საანგარიშო პერიოდებისთვის"))).to_be_visible()
    expect(head.locator("#report-status")).not_to_have_text(re.compile("გამოქვეყნ|Published"))
    head_context.close()
