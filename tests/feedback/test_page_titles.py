"""Each staff page of the feedback cycle names itself in the window's title (a browser tab, a screen
reader's first words), not only the municipality."""

from __future__ import annotations

import re

import pytest

from tests.conftest import client_for

pytestmark = pytest.mark.django_db

PAGES = [
    ("officer", "/feedback/forms/new/"),
    ("officer", "/feedback/themes/"),
    ("officer", "/feedback/invitations/"),
    ("officer", "/feedback/import/"),
    ("officer", "/feedback/import/mapping/"),
    ("head", "/feedback/settings/"),
]


@pytest.mark.parametrize(("username", "path"), PAGES)
def test_a_feedback_page_names_itself_in_the_title(ambrolauri, username, path):
    client = client_for(ambrolauri, username)
    client.cookies["django_language"] = "en"
    page = client.get(path)
    assert page.status_code == 200
    title = re.search(r"<title>(.*?)</title>", page.content.decode(), re.S).group(1).strip()
    assert title and title != "Ambrolauri Municipality", f"{path}: {title!r}"
