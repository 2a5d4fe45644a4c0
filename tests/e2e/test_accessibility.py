"""axe-core finds no serious or critical problem on the pages a citizen and a staff member open, in
Georgian, on a desktop and on a phone."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from tests.e2e.axe import serious_violations
from tests.servers import ROOT, subprocess_env

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

CITIZEN_PAGES = ["/", "/f/annex-1/", "/reports/", "/reports/{report}/", "/accounts/login/"]
STAFF_PAGES = [
    "/dashboard/",
    "/programmes/",
    "/programmes/applications/{application}/",
    "/programmes/summary/",
    "/programmes/budget/",
    "/feedback/",
    "/feedback/reports/",
    "/feedback/reports/{report}/",
    "/staff/",
]


@pytest.fixture(scope="module")
def seeded(web_port):
    def run(action: str) -> str:
        result = subprocess.run(
            [sys.executable, "-m", "tests.e2e.accessibility_data", action],
            env=subprocess_env(),
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    application_id, report_id = (int(n) for n in run("seed").split()[-2:])
    yield {"application": application_id, "report": report_id}
    run("cleanup")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_citizen_pages_have_no_serious_accessibility_problem(browser, site_url, seeded, viewport):
    context = browser.new_context(locale="ka-GE", viewport=viewport)
    page = context.new_page()
    found = []
    for path in CITIZEN_PAGES:
        response = page.goto(site_url("ambrolauri", path.format(**seeded)))
        assert response is not None and response.status == 200, path
        found += serious_violations(page)
    context.close()
    assert found == []


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_staff_pages_have_no_serious_accessibility_problem(browser, site_url, login, seeded, viewport):
    context = browser.new_context(locale="ka-GE", viewport=viewport)
    page = context.new_page()
    login(page, "ambrolauri", "head")
    found = []
    for path in STAFF_PAGES:
        response = page.goto(site_url("ambrolauri", path.format(**seeded)))
        assert response is not None and response.status == 200, path
        found += serious_violations(page)
    context.close()
    assert found == []


def _luminance(rgb: tuple[int, ...]) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_the_keyboard_focus_ring_stands_out_on_white(page, site_url):
    page.goto(site_url("ambrolauri", "/accounts/login/"))
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the first link of the menu
    ring = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, parseFloat(s.outlineWidth), s.outlineColor]; }"
    )
    style, width, color = ring
    rgb = tuple(int(part) for part in re.findall(r"\d+", color)[:3])
    contrast = (1.0 + 0.05) / (_luminance(rgb) + 0.05)
    assert style == "solid" and width >= 2
    assert contrast >= 3, f"focus ring {color} has contrast {contrast:.2f} on white"


def test_the_summary_table_is_not_cut_off_on_a_desktop(page, site_url, login, seeded):
    login(page, "ambrolauri", "head")
    page.goto(site_url("ambrolauri", "/programmes/summary/"))
    hidden = page.evaluate(
        "() => { const box = document.querySelector('#summary').parentElement;"
        " return box.scrollWidth - box.clientWidth; }"
    )
    assert hidden <= 1
