"""In a real browser: the front desk registers an application, the head of service decides it, the budget moves.

The server reads committed data, so the catalogue this journey needs is committed by a subprocess
(tests/programmes/journey_data.py) and removed again afterwards with everything the journey created.
"""

from __future__ import annotations

import re
import subprocess
import sys
from types import SimpleNamespace

import pytest
from playwright.sync_api import expect

from tests.servers import ROOT, subprocess_env

PERSONAL_NUMBER = "01027077777"


@pytest.fixture
def fire_aid(web_port):
    """A committed 2025 programme with one capped service (3,000 GEL, planned 15,000) in Ambrolauri,
    made by a subprocess (this test's own transaction is invisible to the server) and removed after."""

    def run(action: str) -> str:
        return subprocess.run(
            [sys.executable, "-m", "tests.programmes.journey_data", action],
            env=subprocess_env(),
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout

    service_id = int(run("seed").split()[-1])
    yield SimpleNamespace(pk=service_id, code="e2e_fire_aid")
    run("cleanup")


def test_front_desk_registers_and_head_of_service_decides(page, site_url, login, fire_aid):
    # The front desk registers the application; a wrong personal number is refused first, next to its field.
    login(page, "ambrolauri", "frontdesk")
    page.get_by_role("link", name="განცხადებები").first.click()
    page.get_by_role("button", name="განცხადების რეგისტრაცია").click()
    page.fill("#id_personal_number", "0102707777")
    page.select_option("#id_sex", "female")
    page.fill("#id_first_name", "ეთერ")
    page.fill("#id_last_name", "ხიდეშელი")
    page.fill("#id_settlement", "ხვანჭკარა")
    page.select_option("#id_service", str(fire_aid.pk))
    page.select_option("#id_channel", "paper")
    page.fill("#id_received_on", "2025-07-14")
    page.check("#id_feedback_form_handed")
    page.get_by_role("button", name="რეგისტრაცია").click()
    expect(page.locator("#id_personal_number_error")).to_contain_text("11")

    page.fill("#id_personal_number", PERSONAL_NUMBER)
    page.get_by_role("button", name="რეგისტრაცია").click()
    expect(page).to_have_url(re.compile(r"/programmes/applications/\d+/$"))
    expect(page.locator("#application-status")).to_have_text("შემოსული")
    expect(page.get_by_role("button", name="გადაწყვეტილება")).to_have_count(0)  # front desk cannot decide
    detail_url = page.url

    page.get_by_role("button", name="გასვლა").click()

    # The head of service decides: above the cap is refused, within it is approved, the budget moves.
    login(page, "ambrolauri", "head")
    page.goto(site_url("ambrolauri", "/programmes/budget/?year=2025"))
    line = page.locator(f"tr[data-code='{fire_aid.code}']")
    expect(line.locator("td").nth(2)).to_have_text("0.00")

    page.goto(detail_url)
    expect(page.locator("#history")).to_contain_text("დარეგისტრირდა")
    expect(page.locator("#history")).to_contain_text("არხი: ქაღალდით, კანცელარიაში")  # channel: paper
    page.get_by_role("button", name="გადაწყვეტილება").click()
    page.check("input[name=approved][value=yes]")
    page.fill("#id_amount", "3500")
    page.fill("#id_decided_on", "2025-07-20")
    page.get_by_role("button", name="შენახვა").click()
    expect(page.locator("#id_amount_error")).to_contain_text("3000")

    page.fill("#id_amount", "2400")
    page.get_by_role("button", name="შენახვა").click()
    # nothing is saved before the head confirms a question naming the applicant and the amount
    expect(page.locator("#confirmation")).to_contain_text("ეთერ ხიდეშელი")
    expect(page.locator("#confirmation")).to_contain_text("2400")
    page.get_by_role("button", name="დადასტურება").click()
    expect(page).to_have_url(detail_url)
    expect(page.locator("#application-status")).to_have_text("დაკმაყოფილებული")
    expect(page.locator("#decided-amount")).to_have_text("2400.00")
    expect(page.locator("#history")).to_contain_text("ნინო ბერიძე")

    page.get_by_role("link", name="ბიუჯეტი").first.click()
    expect(line.locator("td").nth(2)).to_have_text("2400.00")
    expect(line.locator("td").nth(4)).to_have_text("12600.00")

    # The register finds it by personal number as one types (htmx swaps the table in place).
    page.goto(site_url("ambrolauri", "/programmes/"))
    page.fill("#id_q", PERSONAL_NUMBER)
    expect(page.locator("#register tbody tr")).to_have_count(1)
    expect(page.locator("#register")).to_contain_text("ხიდეშელი")
    expect(page).to_have_url(re.compile(rf"q={PERSONAL_NUMBER}"))
    # One row of the register is one or two lines tall: the number never breaks, the service name is clamped.
    row = page.locator("#register tbody tr").first
    assert row.locator("td").first.evaluate("e => getComputedStyle(e).whiteSpace") == "nowrap"
    service_name = row.locator(".service-name")
    expect(service_name).to_have_attribute("title", "ხანძრით დაზარალებულთა დახმარება (ტესტი)")
    assert service_name.evaluate("e => getComputedStyle(e).overflow") == "hidden"
