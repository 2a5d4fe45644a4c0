"""Two-factor sign-in in a real browser: a social worker whose phone was lost is reset by the head of
service, sets up a new authenticator (the key read off the page, the code computed from it as a phone
would), keeps the recovery codes, and logs in again with the password and a code."""

import re

from playwright.sync_api import expect

from tenants.demo import DEMO_PASSWORD
from tests.two_factor import committed_code_for, committed_demo_authenticator_restore

from .conftest import enrol_on_page, schema_of


def _password(page, site_url, username: str) -> None:
    page.goto(site_url("tskaltubo", "/accounts/login/"))
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("main form button[type=submit]")


def test_a_worker_is_reset_sets_up_a_new_phone_and_logs_in_with_a_code(page, site_url, login):
    schema = schema_of("tskaltubo")
    try:
        # the head of service resets the worker's two-factor sign-in (a lost phone)
        login(page, "tskaltubo", "head")
        page.goto(site_url("tskaltubo", "/staff/"))
        page.get_by_role("link", name="worker", exact=True).click()
        expect(page.locator("#member-two-factor")).to_have_text("ჩართულია")
        page.get_by_role("button", name="ორეტაპიანი შესვლის განულება (დაკარგული ტელეფონი)").click()
        expect(page.locator("#member-two-factor")).to_have_text("გამორთულია")
        page.get_by_role("button", name="გასვლა").click()

        # the worker: after the password, only the set-up page opens
        _password(page, site_url, "worker")
        expect(page).to_have_url(re.compile(r"/accounts/two-factor/setup/"))
        expect(page.locator("#two-factor-qr svg")).to_be_visible()
        page.goto(site_url("tskaltubo", "/programmes/summary/"))
        expect(page).to_have_url(re.compile(r"/accounts/two-factor/setup/\?next=%2Fprogrammes%2Fsummary%2F"))
        page.fill("#id_code", "000000")
        page.click("main form button[type=submit]")
        expect(page.locator("#id_code_error")).to_contain_text("ეს კოდი არასწორია")
        page.wait_for_timeout(1500)  # django-otp waits a second after a wrong code before it checks again
        enrol_on_page(page)
        codes = page.locator("#recovery-codes li").all_inner_texts()
        assert len(codes) == 10
        # then on to the page that was asked for
        page.locator("main a[role=button]").click()
        expect(page).to_have_url(re.compile(r"/programmes/summary/$"))
        page.get_by_role("button", name="გასვლა").click()

        # next time: the password, then the code of the new authenticator
        _password(page, site_url, "worker")
        expect(page).to_have_url(re.compile(r"/accounts/two-factor/\?next="))
        page.fill("#id_code", committed_code_for(schema, "worker"))
        page.click("main form button[type=submit]")
        expect(page).to_have_url(re.compile(r"/dashboard/"))
        page.goto(site_url("tskaltubo", "/programmes/summary/"))
        expect(page).to_have_url(re.compile(r"/programmes/summary/$"))
        expect(page.locator("main h1")).to_be_visible()
    finally:
        committed_demo_authenticator_restore(schema, "worker")
