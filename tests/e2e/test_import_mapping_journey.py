"""In a real browser: an officer brings Ambrolauri's Google Forms export (its own timestamp layout), builds the
column mapping on the page (the columns it guessed, the answer that matches no choice, the one column it
could not place), previews the rows, saves the mapping by name and imports; next quarter the same file
with the saved mapping adds nothing.

The server reads committed data: whatever the journey commits in Ambrolauri's feedback tables is wiped
afterwards (the standard forms are put back).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.test_feedback_journey import committed_responses
from tests.feedback.conftest import in_own_connection, wipe_municipality_data

EXPORT = (
    "Timestamp,Email Address,სქესი,საიდან შეიტყვეთ სერვისის შესახებ?,Rate us,"
    "მარტივი იყო თუ არა სერვისით სარგებლობისთვის საჭირო დოკუმენტების შეგროვება?\n"
    "2025/06/12 3:45:12 PM GMT+4,nino@example.ge,ქალი,მერიის ვებგვერდიდან,5,კი\n"
    "2025/06/13 11:30:00 PM GMT+0,,კაცი,ფეისბუქი,4,არა\n"
).encode()
ANNEX_1 = "სოციალური სერვისის მომხმარებლის უკუკავშირის ფორმა (დანართი N1)"


@pytest.fixture
def clean_feedback(web_port, django_db_blocker):
    with django_db_blocker.unblock():
        in_own_connection(wipe_municipality_data, "ambrolauri", ("feedback",))
    yield
    with django_db_blocker.unblock():
        in_own_connection(wipe_municipality_data, "ambrolauri", ("feedback",))


def upload(page, site_url, saved: str | None = None) -> None:
    page.goto(site_url("ambrolauri", "/feedback/import/mapping/"))
    page.select_option("#id_form", label=ANNEX_1)
    page.set_input_files(
        "#id_file", files=[{"name": "responses.csv", "mimeType": "text/csv", "buffer": EXPORT}]
    )
    if saved:
        page.select_option("#id_saved", label=saved)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/feedback/import/mapping/\d+/"))


def test_officer_builds_a_mapping_previews_saves_and_imports_once(
    page, site_url, login, clean_feedback, django_db_blocker
):
    login(page, "ambrolauri", "officer")
    upload(page, site_url)
    # the page guessed what it could from the header row
    expect(page.locator("select[name=col_0]")).to_have_value("timestamp")
    expect(page.locator("select[name=col_1]")).to_have_value("ignore")
    expect(page.locator("select[name=col_2]")).to_have_value("sex")
    expect(page.locator("select[name=col_3]")).to_have_value("q:info_source")
    expect(page.locator("select[name=col_5]")).to_have_value("q:documents_easy")
    # "Rate us" it could not place: previewing asks for it, and for the answer no choice reads
    page.locator("button[value=preview]").click()
    expect(page.locator("select[name=col_4]")).to_have_attribute("aria-invalid", "true")
    page.select_option("select[name=col_4]", "q:satisfaction")
    page.locator("button[value=preview]").click()
    answer = page.get_by_label("ფეისბუქი")
    expect(answer).to_be_visible()
    answer.select_option("social")
    page.locator("button[value=preview]").click()
    preview = page.locator("table.import-preview")
    expect(preview).to_contain_text("2025-06-12")
    expect(preview).to_contain_text("2025-06-14")  # 23:30 in London is the next day in Tbilisi
    expect(preview).to_contain_text("სოციალური ქსელიდან")
    expect(page.locator("code.mapping-json")).to_contain_text('"Rate us": "satisfaction"')
    with django_db_blocker.unblock():
        assert committed_responses() == []  # the preview writes nothing

    page.fill("#id_name", "Google Forms 2025")
    page.locator("button[value=save]").click()
    expect(page.locator("main")).to_contain_text("შესაბამისობა შენახულია")
    page.locator("button[value=import]").click()
    expect(page).to_have_url(re.compile(r"/feedback/import/mapping/$"))
    expect(page.locator("main")).to_contain_text("იმპორტირებულია 2 პასუხი, 0 უკვე არსებობდა")
    with django_db_blocker.unblock():
        assert committed_responses() == ["import", "import"]

    # next quarter: the saved mapping fills the page, and the same rows are not imported twice
    upload(page, site_url, saved="Google Forms 2025")
    expect(page.locator("select[name=col_4]")).to_have_value("q:satisfaction")
    page.locator("button[value=import]").click()
    expect(page.locator("main")).to_contain_text("იმპორტირებულია 0 პასუხი, 2 უკვე არსებობდა")
    with django_db_blocker.unblock():
        assert committed_responses() == ["import", "import"]
