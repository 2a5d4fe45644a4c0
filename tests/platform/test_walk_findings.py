"""Defects found walking the journeys in a browser (issue 10), each pinned by what a user reads."""

from __future__ import annotations

import re

from tests.conftest import client_for


def english(client):
    client.cookies["django_language"] = "en"
    return client


def test_an_english_page_names_the_municipality_in_english_everywhere(ambrolauri):
    """The footer and the window title of an English page named the municipality in Georgian."""
    html = english(client_for(ambrolauri)).get("/").content.decode()
    assert re.search(r"<title>\s*Ambrolauri Municipality\s*</title>", html)
    footer = html.split("<footer", 1)[1]
    assert "Ambrolauri Municipality" in footer and "ამბროლაურის" not in footer
    login = english(client_for(ambrolauri)).get("/accounts/login/").content.decode()
    assert "Staff of Ambrolauri Municipality." in login
    # Georgian stays Georgian
    georgian = client_for(ambrolauri).get("/").content.decode()
    assert "ამბროლაურის მუნიციპალიტეტი" in georgian.split("<footer", 1)[1]


def test_a_form_with_errors_lists_each_at_the_top_with_a_link_to_its_field(ambrolauri):
    """The summary above a programmes form only said "correct the errors below": on a phone the field in
    error (the service, at the bottom of the registration form) was screens away, unseen. It now names
    each error with a link to its field, and takes the focus when the page loads (error-summary.js)."""
    frontdesk = client_for(ambrolauri, "frontdesk")
    response = frontdesk.post("/programmes/applications/new/", {"personal_number": "00000000000"})
    assert response.status_code == 200
    html = response.content.decode()
    summary = html.split('id="error-summary"', 1)[1].split("</div>", 1)[0]
    assert 'id="error-summary" tabindex="-1"' in html
    assert '<a href="#id_personal_number">' in summary and "00000000000" in summary
    assert '<a href="#id_service">' in summary
    assert 'value="00000000000"' in html  # what was typed stays
    assert "platform/error-summary.js" in html


def test_the_staff_invitation_form_has_the_same_summary_of_errors(ambrolauri):
    """The staff form had its own copy of the summary (without the errors); it uses the one template."""
    response = client_for(ambrolauri, "head").post("/staff/invite/", {"email": "not-an-address"})
    assert response.status_code == 200
    summary = response.content.decode().split('id="error-summary" tabindex="-1"', 1)[1].split("</div>", 1)[0]
    assert '<a href="#id_username">' in summary and '<a href="#id_email">' in summary


def test_a_choice_of_buttons_is_marked_required_and_its_error_link_leads_to_it(
    ambrolauri, make_application, fire
):
    """The decision (approve / refuse) had no "*" beside it though it must be chosen, and the summary's
    link to it led nowhere (the group of buttons had no id)."""
    application = make_application(fire)
    head = client_for(ambrolauri, "head")
    response = head.post(f"/programmes/applications/{application.pk}/decide/", {"reason": ""})
    assert response.status_code == 422  # the page again, with its errors
    html = response.content.decode()
    assert '<a href="#id_approved">' in html.split('id="error-summary"', 1)[1].split("</div>", 1)[0]
    assert re.search(
        r'<fieldset id="id_approved"><legend>[^<]+ <span aria-hidden="true">\*</span></legend>', html
    )
