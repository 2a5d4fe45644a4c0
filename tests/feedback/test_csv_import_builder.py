"""The mapping builder: upload the export, map each column and the answers that match no choice, preview,
save the mapping by name, import; next quarter's file starts from the saved mapping and imports once."""

from __future__ import annotations

import html
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from feedback.models import Answer, ImportMapping, ImportUpload, Response
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

EXPORT = (
    "Timestamp,Email Address,რომელი სერვისით ისარგებლეთ?,სქესი,საიდან შეიტყვეთ სერვისის შესახებ?,Rate us,"
    "მარტივი იყო თუ არა სერვისით სარგებლობისთვის საჭირო დოკუმენტების შეგროვება?\n"
    "2025/06/12 3:45:12 PM GMT+4,nino@example.ge,ახალშობილთა დახმარება,ქალი,მერიის ვებგვერდიდან,5,კი\n"
    "2025/06/13 10:00:00 AM GMT+4,,ვეტერანთა დახმარება,კაცი,ფეისბუქი,4,არა\n"
)
CHOICES = {
    "col_0": "timestamp",
    "col_1": "ignore",
    "col_2": "service",
    "col_3": "sex",
    "col_4": "q:info_source",
    "col_5": "q:satisfaction",
    "col_6": "q:documents_easy",
    "val_4_1": "social",
    "date_order": "",
    "name": "",
}


@pytest.fixture
def officer_client(ambrolauri):
    client = client_for(ambrolauri, "officer")
    client.cookies["django_language"] = "en"
    return client


def upload(client, form, text=EXPORT, saved=None) -> str:
    data = {"form": form.pk, "file": SimpleUploadedFile("responses.csv", text.encode())}
    if saved:
        data["saved"] = saved.pk
    response = client.post("/feedback/import/mapping/", data)
    assert response.status_code == 302, response.content.decode()[-2000:]
    return response["Location"]


def test_the_builder_guesses_columns_and_asks_only_for_the_answers_it_cannot_match(
    officer_client, paper_form, catalogue
):
    page = officer_client.get(upload(officer_client, paper_form)).content.decode()
    assert re.search(r'name="col_0"[^>]*>.*?<option value="timestamp" selected', page, re.S)
    assert re.search(r'name="col_1"[^>]*>.*?<option value="ignore" selected', page, re.S)
    assert re.search(r'name="col_4"[^>]*>.*?<option value="q:info_source" selected', page, re.S)
    assert 'name="val_4_1"' in page and "ფეისბუქი" in page  # no choice reads "Facebook"
    assert "მერიის ვებგვერდიდან</label>" not in page  # matched to the "website" choice by its label


def test_the_preview_shows_the_first_rows_as_they_will_be_stored_and_writes_nothing(
    officer_client, paper_form, catalogue
):
    url = upload(officer_client, paper_form)
    page = officer_client.post(url, {**CHOICES, "action": "preview"}).content.decode()
    assert "2025-06-12" in page and "სოციალური ქსელიდან" in page and "ვეტერანთა დახმარება" in page
    assert '"Rate us": "satisfaction"' in html.unescape(page)  # the mapping as JSON for the command
    assert not Response.objects.exists()


def test_an_unanswered_column_or_answer_is_asked_again(officer_client, paper_form, catalogue):
    url = upload(officer_client, paper_form)
    response = officer_client.post(url, {**CHOICES, "col_5": "", "val_4_1": "", "action": "import"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Choose what this column holds" in page and "Choose the answer this text means" in page
    assert not Response.objects.exists()


def test_a_mapping_saved_by_name_imports_next_quarters_file_exactly_once(
    officer_client, paper_form, catalogue
):
    url = upload(officer_client, paper_form)
    officer_client.post(url, {**CHOICES, "name": "Google Forms 2025", "action": "save"})
    saved = ImportMapping.objects.get(name="Google Forms 2025")
    assert saved.mapping["values"]["საიდან შეიტყვეთ სერვისის შესახებ?"] == {
        "მერიის ვებგვერდიდან": "website",
        "ფეისბუქი": "social",
    }
    response = officer_client.post(url, {**CHOICES, "action": "import"})
    assert response.status_code == 302
    assert Response.objects.count() == 2 and not ImportUpload.objects.exists()
    assert "2 responses imported" in officer_client.get(response["Location"]).content.decode()

    again = upload(officer_client, paper_form, saved=saved)
    page = officer_client.get(again).content.decode()
    assert re.search(r'name="col_5"[^>]*>.*?<option value="q:satisfaction" selected', page, re.S)
    response = officer_client.post(again, {**CHOICES, "action": "import"})
    assert Response.objects.count() == 2
    assert (
        "0 responses imported, 2 already present" in officer_client.get(response["Location"]).content.decode()
    )


def test_a_file_that_is_not_utf8_is_refused_at_upload(officer_client, paper_form, catalogue):
    data = {"form": paper_form.pk, "file": SimpleUploadedFile("r.csv", EXPORT.encode("utf-16"))}
    response = officer_client.post("/feedback/import/mapping/", data)
    assert response.status_code == 400 and "UTF-8" in response.content.decode()
    assert not ImportUpload.objects.exists()


def test_another_officers_upload_is_not_shown(ambrolauri, officer_client, paper_form, catalogue):
    url = upload(officer_client, paper_form)
    assert client_for(ambrolauri, "head").get(url).status_code in (403, 404)


def test_a_column_is_guessed_by_whole_english_words_only():
    from feedback.csv_mapping import guess_targets

    assert guess_targets(["Your message", "Age", "ასაკი", "Gender"], []) == {
        "Your message": "",
        "Age": "age_band",
        "ასაკი": "",  # the age band is taken by "Age" already
        "Gender": "sex",
    }


def test_a_yes_no_answer_in_the_forms_own_words_is_asked_as_yes_or_no(officer_client, paper_form, catalogue):
    url = upload(officer_client, paper_form, text=EXPORT.replace(",კი\n", ',"დიახ, ძალიან"\n'))
    page = officer_client.post(url, {**CHOICES, "action": "preview"}).content.decode()
    assert re.search(r'<label for="id_val_6_\d">დიახ, ძალიან</label>', page)
    assert ">არა</label>" not in page  # a known word for no is not asked
    field = re.search(r'name="(val_6_\d)"', page).group(1)
    response = officer_client.post(url, {**CHOICES, field: "yes", "action": "import"})
    assert response.status_code == 302
    stored = Answer.objects.filter(question__code="documents_easy").values_list("number", flat=True)
    assert sorted(stored) == [0, 1]  # "დიახ, ძალიან" read as yes, "არა" as no


def test_a_service_name_the_catalogue_does_not_know_is_asked_among_its_services(
    officer_client, paper_form, catalogue
):
    url = upload(
        officer_client, paper_form, text=EXPORT.replace("ვეტერანთა დახმარება", "ვეტერანების დახმარება")
    )
    page = officer_client.post(url, {**CHOICES, "action": "preview"}).content.decode()
    assert re.search(r'<label for="id_val_2_\d">ვეტერანების დახმარება</label>', page)
    assert ">ახალშობილთა დახმარება</label>" not in page  # a name of the catalogue is not asked
    field = re.search(r'name="(val_2_\d)"', page).group(1)
    assert officer_client.post(url, {**CHOICES, field: "veterans_aid", "action": "import"}).status_code == 302
    assert sorted(Response.objects.values_list("service__code", flat=True)) == ["newborn_aid", "veterans_aid"]
