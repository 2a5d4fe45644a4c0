"""Import of a Google Forms export: all or nothing, idempotent, problems listed by row and column."""

from __future__ import annotations

import io
import json
import re

import pytest
from django.core.management import CommandError, call_command

from feedback import csv_import, services
from feedback.csv_import import ImportRejected
from feedback.models import Response
from municipal_platform.accounts.models import User
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

MAPPING = {
    "timestamp": "Timestamp",
    "service": "რომელი სერვისით ისარგებლეთ?",
    "sex": "სქესი",
    "columns": {
        "მარტივი იყო დოკუმენტების შეგროვება?": "documents_easy",
        "კმაყოფილება": "satisfaction",
        "შენიშვნები": "comment",
    },
    "ignore": ["Email Address"],
}
CSV = (
    "Timestamp,Email Address,რომელი სერვისით ისარგებლეთ?,სქესი,მარტივი იყო დოკუმენტების შეგროვება?,კმაყოფილება,შენიშვნები\n"
    "6/12/2025 10:15:01,,newborn_aid,ქალი,კი,5,მადლობა\n"
    "6/13/2025 11:00:00,,ვეტერანთა დახმარება,კაცი,არა,4,\n"
    "6/13/2025 11:00:00,,,კაცი,კი,3,\n"
)


def test_import_adds_rows_once(officer, paper_form, catalogue):
    result = services.responses_import_csv(actor=officer, form=paper_form, mapping=MAPPING, text=CSV)
    assert (result.added, result.skipped) == (3, 0)
    again = services.responses_import_csv(actor=officer, form=paper_form, mapping=MAPPING, text=CSV)
    assert (again.added, again.skipped) == (0, 3)
    assert Response.objects.count() == 3
    first = Response.objects.get(service__code="newborn_aid")
    assert (first.submitted_on.isoformat(), first.sex, first.channel) == ("2025-06-12", "female", "import")
    assert (
        Response.objects.get(service__code="veterans_aid").answers.get(question__code="documents_easy").number
        == 0
    )


def test_unknown_header_stops_the_import(officer, paper_form, catalogue):
    text = CSV.replace("შენიშვნები\n", "შენიშვნები,Extra\n", 1)
    with pytest.raises(ImportRejected) as exc:
        services.responses_import_csv(actor=officer, form=paper_form, mapping=MAPPING, text=text)
    assert any("Extra" in p for p in exc.value.problems)
    assert not Response.objects.exists()


def test_bad_values_are_listed_by_row_and_column_and_nothing_is_imported(officer, paper_form, catalogue):
    text = (
        CSV.replace(",5,", ",7,")
        .replace("ვეტერანთა დახმარება", "უცნობი სერვისი")
        .replace("6/13/2025 11:00:00,,,", "yesterday,,,")
    )
    with pytest.raises(ImportRejected) as exc:
        services.responses_import_csv(actor=officer, form=paper_form, mapping=MAPPING, text=text)
    problems = "\n".join(exc.value.problems)
    assert "კმაყოფილება" in problems and "2" in problems  # row 2, satisfaction
    assert "უცნობი სერვისი" in problems
    assert "yesterday" in problems
    assert not Response.objects.exists()


def test_mapping_to_an_unknown_question_is_refused(officer, paper_form, catalogue):
    mapping = dict(MAPPING, columns=dict(MAPPING["columns"], **{"Email Address": "no_such_question"}))
    with pytest.raises(ImportRejected) as exc:
        services.responses_import_csv(actor=officer, form=paper_form, mapping=mapping, text=CSV)
    assert any("no_such_question" in p for p in exc.value.problems)


def test_command_imports_and_reports_problems(ambrolauri, paper_form, catalogue, tmp_path):
    (tmp_path / "map.json").write_text(json.dumps(MAPPING, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "data.csv").write_text(CSV, encoding="utf-8")
    args = [
        "--tenant",
        "ambrolauri",
        "--form",
        "annex-1",
        "--mapping",
        str(tmp_path / "map.json"),
        str(tmp_path / "data.csv"),
    ]
    out = io.StringIO()
    call_command("import_feedback_csv", *args, stdout=out)
    assert "imported 3" in out.getvalue()
    call_command("import_feedback_csv", *args, stdout=out)
    assert "imported 0, already present 3" in out.getvalue()
    (tmp_path / "data.csv").write_text(CSV.replace(",5,", ",9,"), encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_feedback_csv", *args, stdout=out, stderr=io.StringIO())


def test_import_page(ambrolauri, paper_form, catalogue):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(ambrolauri, "officer")
    files = {
        "form": paper_form.pk,
        "mapping": SimpleUploadedFile("map.json", json.dumps(MAPPING).encode()),
        "file": SimpleUploadedFile("data.csv", CSV.encode()),
    }
    response = client.post("/feedback/import/", files)
    assert response.status_code == 200 and Response.objects.count() == 3
    files["mapping"].seek(0)
    files["file"] = SimpleUploadedFile("data.csv", CSV.replace(",5,", ",9,").encode())
    assert client.post("/feedback/import/", files).status_code == 400


def test_a_re_export_with_an_ignored_column_filled_or_another_time_of_day_adds_nothing(
    officer, paper_form, catalogue
):
    services.responses_import_csv(actor=officer, form=paper_form, mapping=MAPPING, text=CSV)
    re_export = CSV.replace("6/12/2025 10:15:01,,", "6/12/2025 18:40:00,nino@example.ge,")
    assert (
        services.responses_import_csv(actor=officer, form=paper_form, mapping=MAPPING, text=re_export).added
        == 0
    )


def test_the_stored_import_key_cannot_be_recomputed_from_the_file_alone(
    officer, paper_form, catalogue, settings
):
    """The key is keyed by settings.PSEUDONYM_KEY: guessing the ignored e-mail column and the time of a row and
    hashing it does not give the stored key."""
    text = CSV.replace("6/12/2025 10:15:01,,", "6/12/2025 10:15:01,nino@example.ge,")
    services.responses_import_csv(actor=officer, form=paper_form, mapping=MAPPING, text=text)
    stored = set(Response.objects.values_list("import_key", flat=True))
    settings.PSEUDONYM_KEY = "another-key-for-this-test-only-0123456789"
    Response.objects.all().delete()
    services.responses_import_csv(actor=officer, form=paper_form, mapping=MAPPING, text=text)
    assert not stored & set(Response.objects.values_list("import_key", flat=True))


def test_a_file_with_too_many_rows_is_refused_naming_the_limit(officer, paper_form, catalogue, monkeypatch):
    monkeypatch.setattr(csv_import, "MAX_ROWS", 2)
    with pytest.raises(ImportRejected) as rejected:
        services.responses_import_csv(actor=officer, form=paper_form, mapping=MAPPING, text=CSV)
    assert "2" in rejected.value.problems[0]
    assert not Response.objects.exists()


def test_an_oversized_upload_is_refused_naming_the_limit(ambrolauri, paper_form, catalogue):
    from django.core.files.uploadedfile import SimpleUploadedFile

    big = CSV + "6/14/2025 09:00:00,,,ქალი,კი,5," + "x" * csv_import.MAX_FILE_BYTES + "\n"
    files = {
        "form": paper_form.pk,
        "mapping": SimpleUploadedFile("map.json", json.dumps(MAPPING).encode()),
        "file": SimpleUploadedFile("data.csv", big.encode()),
    }
    response = client_for(ambrolauri, "officer").post("/feedback/import/", files)
    assert response.status_code == 400
    assert re.search(r"\b5 (MB|მბ)", response.content.decode())  # the limit, in the page's language
    assert not Response.objects.exists()
    with pytest.raises(ImportRejected) as rejected:
        services.responses_import_csv(
            actor=User.objects.get(username="officer"), form=paper_form, mapping=MAPPING, text=big
        )
    assert re.search(r"\b5 (MB|მბ)", rejected.value.problems[0])


@pytest.mark.parametrize(
    "change",
    [
        {"columns": {"კმაყოფილება": ["satisfaction"]}},
        {"sex": ["სქესი"]},
        {"ignore": "Email Address"},
        {"values": {"სქესი": ["ქალი"]}},
        {"values": {"სქესი": {"ქალი": {"x": 1}}}},
    ],
)
def test_a_mapping_with_values_of_the_wrong_type_is_refused_with_a_message(
    officer, paper_form, catalogue, change
):
    with pytest.raises(ImportRejected) as rejected:
        services.responses_import_csv(actor=officer, form=paper_form, mapping={**MAPPING, **change}, text=CSV)
    assert len(rejected.value.problems) == 1  # one message for the wrong entry, no crash
    assert not Response.objects.exists()
