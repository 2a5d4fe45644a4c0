"""Browser tests: Playwright drives Debian's headless Chromium against a real gunicorn on the test database.

Fixtures:
- ``web_port`` (session): port of a gunicorn serving the platform (hosts ``localhost`` and
  ``<slug>.localhost``, which Chromium resolves to loopback).
- ``page``: a fresh browser context and page for each test (Georgian locale).
- ``site_url(slug, path)``: absolute URL on a municipality's host (slug None: the association portal).
- ``login(page, slug, username)``: logs in through the real login page with the demo password, then
  gives the current code of the user's authenticator where two-factor sign-in asks for it.
  A user who has no authenticator yet sets one up on the way (``enrol_on_page``).

The server reads committed data only (the session's tenants and demo users, plus whatever a test
commits itself): browser tests do not run inside the test transaction.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from tenants.demo import DEMO_PASSWORD
from tests.servers import ROOT, web_server
from tests.two_factor import code_from_secret, committed_code_for

# Playwright's sync API keeps an event loop in this thread; Django's ORM in fixtures is still
# synchronous here, so its async-safety guard must be lifted for the browser tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
ARTIFACTS = ROOT / "test-artifacts"


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
            # pytest-django sets up the test database only for tests that ask for it; the browser
            # tests need it set up (and must never touch the development database).
            item.add_marker(pytest.mark.django_db)


@pytest.fixture(scope="session")
def web_port(django_db_setup, django_db_blocker):
    ARTIFACTS.mkdir(exist_ok=True)
    with web_server(ARTIFACTS) as port:
        yield port


@pytest.fixture(scope="session")
def browser(django_db_setup):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's 'chromium' package (.ci/run does).")
    from playwright.sync_api import sync_playwright

    # Playwright's launch() gives Chromium a fresh, empty --user-data-dir of its own every time.
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(web_port, browser, request):
    """A fresh page; the test fails when the browser refused anything under the Content-Security-Policy."""
    context = browser.new_context(locale="ka-GE", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(f"{page.url}: {message.text}")
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    yield page
    if getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed:
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()
    assert refused == [], "the Content-Security-Policy refused parts of a page"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture
def site_url(web_port):
    def build(slug: str | None, path: str = "/") -> str:
        host = "localhost" if slug is None else f"{slug}.localhost"
        return f"http://{host}:{web_port}{path}"

    return build


@pytest.fixture
def login(site_url):
    def do_login(page, slug: str | None, username: str, password: str = DEMO_PASSWORD) -> None:
        page.goto(site_url(slug, "/accounts/login/"))
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("main form button[type=submit]")
        page.wait_for_url(re.compile(r"/(dashboard|accounts/two-factor)/"))
        if "/accounts/two-factor/setup/" in page.url:
            enrol_on_page(page)
            page.locator("main a[role=button]").click()
        elif "/accounts/two-factor/" in page.url:
            two_factor_step(page, slug, username)
        page.wait_for_url("**/dashboard/")

    return do_login


def schema_of(slug: str | None) -> str:
    from tenants.models import Municipality

    return "public" if slug is None else Municipality.objects.get(slug=slug).schema_name


def two_factor_step(page, slug: str | None, username: str) -> None:
    """The second step of signing in: the current code of the user's authenticator, computed from its
    key as the phone would (tests/two_factor.py)."""
    code = committed_code_for(schema_of(slug), username)
    assert code is not None, f"{username} has no authenticator"
    page.fill("#id_code", code)
    page.click("main form button[type=submit]")


def enrol_on_page(page) -> str:
    """On the two-factor set-up page: read the key shown in text, type the code an app would show for
    it, and arrive at the recovery codes (shown once). Returns the key."""
    secret = page.locator("#two-factor-secret").inner_text()
    page.fill("#id_code", code_from_secret(secret))
    page.click("main form button[type=submit]")
    page.wait_for_url("**/accounts/two-factor/recovery-codes/")
    return secret
