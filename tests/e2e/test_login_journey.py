"""A staff member logs in through the real page in a real browser, in Georgian, and switches to English."""

import re

from playwright.sync_api import expect


def test_head_of_service_logs_in_and_switches_language(page, site_url, login):
    page.goto(site_url("ambrolauri", "/dashboard/"))
    # anonymous visitors are sent to the login page, which is in Georgian by default
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/dashboard/"))
    expect(page.locator("html")).to_have_attribute("lang", "ka")

    login(page, "ambrolauri", "head")
    expect(page.locator("h1")).to_contain_text("ნინო ბერიძე")

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def test_wrong_password_shows_an_error_and_stays_on_login(page, site_url):
    page.goto(site_url("tskaltubo", "/accounts/login/"))
    page.fill("#id_username", "head")
    page.fill("#id_password", "not-the-password")
    page.click("main form button[type=submit]")
    expect(page.locator("[role=alert]")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))


def test_a_citizen_finds_the_feedback_form_from_the_start_page(page, site_url):
    page.goto(site_url("ambrolauri", "/"))
    page.locator('main a[href="/f/annex-2/"]').click()
    expect(page).to_have_url(re.compile(r"/f/annex-2/$"))
    expect(page.locator("main form")).to_be_visible()
