"""What a citizen (never logged in) meets on a municipality's host, and the error pages."""

from django.test import Client

from tests.conftest import client_for


def test_a_citizen_at_the_start_page_finds_the_feedback_form_and_the_reports(ambrolauri):
    page = Client(HTTP_HOST="ambrolauri.localhost").get("/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'href="/f/annex-2/"' in html and 'href="/reports/"' in html
    assert 'href="/accounts/login/"' in html
    assert "ამბროლაურის მუნიციპალიტეტი" in html


def test_staff_at_the_start_page_go_to_their_dashboard(ambrolauri):
    response = client_for(ambrolauri, "head").get("/")
    assert response.status_code == 302 and response["Location"] == "/dashboard/"


def test_not_found_and_not_allowed_pages_speak_georgian_in_the_site_layout(ambrolauri):
    missing = Client(HTTP_HOST="ambrolauri.localhost").get("/no-such-page/")
    assert missing.status_code == 404
    assert "გვერდი ვერ მოიძებნა" in missing.content.decode()
    refused = client_for(ambrolauri, "council").get("/programmes/")
    assert refused.status_code == 403
    assert "თქვენი როლისთვის" in refused.content.decode() and "ამბროლაური" in refused.content.decode()


def test_form_labels_keep_georgian_letters_lower_case(ambrolauri):
    page = client_for(ambrolauri, "frontdesk").get("/programmes/applications/new/").content.decode()
    assert "პირადი ნომერი" in page
    assert "Პირადი" not in page  # the Mtavruli capital a naive capfirst would make


def test_a_signed_in_user_without_admin_rights_is_not_sent_round_in_circles(ambrolauri):
    response = client_for(ambrolauri, "frontdesk").get("/admin/login/?next=/admin/")
    assert response.status_code == 200
