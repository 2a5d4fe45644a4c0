"""Content-Security-Policy: pages run only our own scripts and styles, and no page needs more."""

from __future__ import annotations

import re
from pathlib import Path

from django.test import Client

from tests.conftest import client_for
from tests.servers import ROOT

APPS = ["platform", "programmes", "feedback", "tenants", "child_support", "applications_contest"]


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def test_pages_forbid_scripts_and_styles_from_anywhere_but_the_site(ambrolauri):
    for response in [
        Client(HTTP_HOST="ambrolauri.localhost").get("/"),
        client_for(ambrolauri, "head").get("/dashboard/"),
        Client(HTTP_HOST="localhost").get("/accounts/login/"),
    ]:
        policy = directives(response)
        assert policy["script-src"] == ["'self'"]
        assert policy["style-src"] == ["'self'"]
        assert policy["default-src"] == ["'self'"]
        assert policy["frame-ancestors"] == ["'none'"]


def test_no_template_writes_a_script_or_style_element_or_an_event_handler_into_a_page():
    inline = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\son[a-z]+=|javascript:", re.IGNORECASE)
    offenders = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for app in APPS
        for path in Path(ROOT, app).rglob("*.html")
        for match in inline.finditer(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_the_api_docs_page_loads_its_script_from_a_file(ambrolauri):
    response = client_for(ambrolauri, "head").get("/api/docs/")
    assert response.status_code == 200
    assert "'unsafe-inline'" not in directives(response)["script-src"]
    assert b"<script>" not in response.content
