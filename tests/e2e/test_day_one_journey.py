"""In a real browser, a municipality's first day: the platform administrator creates it on the portal; its
head of service sets a password from the e-mailed invitation, invites a front-desk clerk and a feedback
officer, each of whom sets a password and works with their own role only; the head deactivates one,
whose open session stops working at once.

The server commits: the municipality is deleted at the end (through the page when the journey gets there,
directly otherwise), and the e-mails are read from the files the server writes (EMAIL_FILE_PATH).
"""

from __future__ import annotations

import email
import json
import re
import time
from email import policy
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests import servers

from .conftest import enrol_on_page

SLUG = "e2e-day-one"
SCHEMA = SLUG.replace("-", "_")
PASSWORDS = {"head": "Ambrolauri-Wine-2026", "nino": "Khachapuri-Day-2026", "levan": "Churchkhela-Day-2026"}


def _drop_municipality() -> None:
    """Remove what the server committed for the journey's municipality (on a connection of its own)."""
    with psycopg.connect(servers.test_database_url(), autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{SCHEMA}" CASCADE')
        conn.execute(
            "DELETE FROM tenants_domain WHERE tenant_id IN (SELECT id FROM tenants_municipality WHERE slug = %s)",
            [SLUG],
        )
        conn.execute("DELETE FROM tenants_municipality WHERE slug = %s", [SLUG])


@pytest.fixture
def clean_municipality():
    _drop_municipality()
    yield
    _drop_municipality()


def _messages_to(address: str, since: float) -> list[email.message.EmailMessage]:
    """The messages the server wrote (file backend) to ``address`` since ``since``."""
    found = []
    for path in Path(settings.EMAIL_FILE_PATH).glob("*.log"):
        if path.stat().st_mtime < since:
            continue
        for raw in path.read_bytes().split(b"-" * 79):
            if not raw.strip():
                continue
            message = email.message_from_bytes(raw.strip() + b"\n", policy=policy.default)
            if message["To"] == address:
                found.append(message)
    return found


def _link_for(address: str, since: float) -> str:
    """The path of the set-password link e-mailed to ``address`` (waits for the mail: it is sent on commit)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        messages = _messages_to(address, since)
        if messages:
            body = messages[-1].get_body(preferencelist=("plain",)).get_content()
            [link] = set(re.findall(r"https?://[^/\s]+(/accounts/password/\S+/)", body))
            return link
        time.sleep(0.2)
    raise AssertionError(f"no invitation e-mail to {address}")


def _set_password_and_log_in(page, site_url, address: str, since: float, username: str) -> None:
    page.goto(site_url(SLUG, _link_for(address, since)))
    page.fill("#id_new_password1", PASSWORDS[username])
    page.fill("#id_new_password2", PASSWORDS[username])
    page.get_by_role("button", name="პაროლის დაყენება").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORDS[username])
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/(dashboard|accounts/two-factor/setup)/"))
    if "/accounts/two-factor/setup/" in page.url:
        # the head of service's role requires two-factor sign-in: set it up on the first login
        enrol_on_page(page)
        page.locator("main a[role=button]").click()
    page.wait_for_url("**/dashboard/")


def _get(page, path: str) -> tuple[int, str]:
    """GET ``path`` from the page's own origin with its cookies (the browser resolves *.localhost;
    Playwright's own request client does not)."""
    return page.evaluate(
        "async (path) => { const r = await fetch(path, {headers: {Accept: 'application/json'}});"
        " return [r.status, await r.text()]; }",
        path,
    )


def _roles_of(page) -> list[str]:
    status, body = _get(page, "/api/v1/me/")
    assert status == 200, body
    return json.loads(body)["roles"]


def _invite(page, site_url, *, username: str, first: str, last: str, address: str, role: str) -> None:
    page.goto(site_url(SLUG, "/staff/invite/"))
    page.fill("#id_username", username)
    page.fill("#id_first_name", first)
    page.fill("#id_last_name", last)
    page.fill("#id_email", address)
    page.check(f'input[name="roles"][value="{role}"]')
    page.click("main form button[type=submit]")
    expect(page.locator("#member-status")).to_be_visible()


def test_a_new_municipality_on_its_first_day(page, browser, site_url, login, clean_municipality):
    started = time.time() - 1

    # The platform administrator creates the municipality on the portal.
    login(page, None, "platformadmin")
    page.goto(site_url(None, "/platform/municipalities/new/"))
    page.fill("#id_slug", SLUG)
    page.fill("#id_name_ka", "პირველი დღის მუნიციპალიტეტი")
    page.fill("#id_name_en", "Day One Municipality")
    page.check("#id_is_trial")
    page.fill("#id_head_first_name", "მარიამ")
    page.fill("#id_head_last_name", "ჯაფარიძე")
    page.fill("#id_head_username", "head")
    page.fill("#id_head_email", "mariam@day-one.example.ge")
    page.get_by_role("button", name="მუნიციპალიტეტის შექმნა").click()
    expect(page).to_have_url(re.compile(rf"/platform/municipalities/{SLUG}/$"))
    expect(page.locator("main")).to_contain_text("mariam@day-one.example.ge")

    # The head of service sets a password from the invitation and invites two colleagues.
    head_context = browser.new_context(locale="ka-GE")
    head = head_context.new_page()
    _set_password_and_log_in(head, site_url, "mariam@day-one.example.ge", started, "head")
    assert _roles_of(head) == ["head_of_service"]
    _invite(
        head,
        site_url,
        username="nino",
        first="ნინო",
        last="კაპანაძე",
        address="nino@day-one.example.ge",
        role="front_desk",
    )
    _invite(
        head,
        site_url,
        username="levan",
        first="ლევან",
        last="ბერიძე",
        address="levan@day-one.example.ge",
        role="feedback_officer",
    )

    # Each sets a password and works with their own role only.
    colleagues = {}
    for username, address, role in [
        ("nino", "nino@day-one.example.ge", "front_desk"),
        ("levan", "levan@day-one.example.ge", "feedback_officer"),
    ]:
        context = browser.new_context(locale="ka-GE")
        colleague = context.new_page()
        _set_password_and_log_in(colleague, site_url, address, started, username)
        assert _roles_of(colleague) == [role]
        assert _get(colleague, "/staff/")[0] == 403
        colleagues[username] = (context, colleague)
    nino = colleagues["nino"][1]
    assert _get(nino, "/programmes/")[0] == 200

    # The head deactivates the front-desk clerk: her open session stops working at once.
    head.goto(site_url(SLUG, "/staff/"))
    head.locator("#staff").get_by_role("link", name="nino", exact=True).click()
    head.locator('main a[href$="/deactivate/"]').click()
    head.locator("main form button[type=submit].contrast").click()
    expect(head.locator("#member-status")).to_have_class(re.compile("muted"))
    nino.goto(site_url(SLUG, "/programmes/"))
    expect(nino).to_have_url(re.compile(r"/accounts/login/"))
    assert _roles_of(colleagues["levan"][1]) == ["feedback_officer"]

    for context, _page in colleagues.values():
        context.close()
    head_context.close()

    # The platform administrator deletes the trial municipality (its data exported first).
    page.goto(site_url(None, f"/platform/municipalities/{SLUG}/"))
    page.fill("#id_confirm_slug", SLUG)
    page.get_by_role("button", name="ექსპორტი და მუნიციპალიტეტის წაშლა").click()
    expect(page).to_have_url(re.compile(r"/platform/municipalities/$"))
    message = page.locator("main .message.success").inner_text()
    export = Path(re.search(r"(/\S+\.zip)", message).group(1))
    assert export.exists()
    export.unlink()
    expect(page.locator("#municipalities")).not_to_contain_text(SLUG)
