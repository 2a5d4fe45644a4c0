"""On a phone, no staff page is wider than the screen (found walking the journeys): the feedback pages' own
menu did not wrap (the page was twice the screen's width), and a list of facts kept its labels on one line,
pushing the values (an application's decision, a municipality's host name) off the screen."""

from __future__ import annotations

import pytest

from tests.e2e.test_accessibility import PHONE, seeded  # noqa: F401

WIDER_THAN_SCREEN = "() => document.documentElement.scrollWidth - window.innerWidth"

PAGES = [
    (
        "ambrolauri",
        "officer",
        ["/feedback/", "/feedback/reports/", "/feedback/meetings/", "/feedback/import/"],
    ),
    ("ambrolauri", "head", ["/programmes/applications/{application}/"]),
    (None, "platformadmin", ["/platform/municipalities/ambrolauri/"]),
]


@pytest.mark.parametrize("language", ["ka", "en"])
def test_staff_pages_fit_a_phones_screen(browser, site_url, login, seeded, language):  # noqa: F811
    found = {}
    for slug, username, paths in PAGES:
        context = browser.new_context(locale="ka-GE", viewport=PHONE)
        context.add_cookies([{"name": "django_language", "value": language, "url": site_url(slug)}])
        page = context.new_page()
        login(page, slug, username)
        for path in paths:
            response = page.goto(site_url(slug, path.format(**seeded)))
            assert response is not None and response.status == 200, path
            overflow = page.evaluate(WIDER_THAN_SCREEN)
            if overflow > 0:
                found[path] = overflow
        context.close()
    assert found == {}


def test_a_form_returned_with_errors_puts_the_focus_on_its_summary(browser, site_url, login):
    """On a phone the registration form is three screens tall: coming back with errors, the focus is on the
    summary at the top, whose links lead to each field in error."""
    context = browser.new_context(locale="ka-GE", viewport=PHONE)
    page = context.new_page()
    login(page, "ambrolauri", "frontdesk")
    page.goto(site_url("ambrolauri", "/programmes/applications/new/"))
    page.fill("#id_personal_number", "00000000000")
    page.click("main form button[type=submit]")
    page.wait_for_selector("#error-summary")
    assert page.evaluate("() => document.activeElement.id") == "error-summary"
    page.click("#error-summary a[href='#id_service']")
    in_view = "() => { const r = document.getElementById('id_service').getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight; }"
    assert page.evaluate(in_view)
    assert page.input_value("#id_personal_number") == "00000000000"
    context.close()
