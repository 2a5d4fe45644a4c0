"""The Google Forms export as municipalities really have it: its own timestamp layout, one date order per
file, rewording a question, and each bad file refused with a message naming where, importing nothing."""

from __future__ import annotations

import csv
import datetime
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import translation

from feedback import csv_import, services
from feedback.csv_import import DateOrderNeeded, ImportRejected
from feedback.models import Response
from municipal_platform.clock import today
from tests.conftest import client_for

from .test_csv_import import MAPPING

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The messages are read in English here; one test reads them in Georgian, the default."""
    with translation.override("en"):
        yield


HEADER = (
    "Timestamp,Email Address,რომელი სერვისით ისარგებლეთ?,სქესი,მარტივი იყო დოკუმენტების შეგროვება?,"
    "კმაყოფილება,შენიშვნები\n"
)


def rows(*stamps: str) -> str:
    return HEADER + "".join(f"{s},,newborn_aid,ქალი,კი,{n % 5 + 1},\n" for n, s in enumerate(stamps))


def days() -> list[datetime.date]:
    return sorted(Response.objects.values_list("submitted_on", flat=True))


def test_google_forms_own_timestamp_layout_is_read_with_its_zone(officer, paper_form, catalogue):
    text = rows("2025/06/12 3:45:12 PM GMT+4", "2025/06/12 11:30:00 PM GMT+0", "2025/06/13 12:10:00 AM GMT+4")
    services.responses_import_csv(actor=officer, form=paper_form, mapping=MAPPING, text=text)
    # 23:30 in London is 03:30 the next day in Tbilisi; 12:10 AM is just after midnight
    assert days() == [datetime.date(2025, 6, 12), datetime.date(2025, 6, 13), datetime.date(2025, 6, 13)]


def test_a_google_forms_export_with_day_first_dates_imports_exactly_once(officer, paper_form, catalogue):
    text = rows("03/09/2025 10:00:00", "25/09/2025 11:00:00", "01/10/2025 09:15:00")
    first = services.responses_import_csv(actor=officer, form=paper_form, mapping=MAPPING, text=text)
    again = services.responses_import_csv(actor=officer, form=paper_form, mapping=MAPPING, text=text)
    assert (first.added, again.added, again.skipped) == (3, 0, 3)
    assert days() == [datetime.date(2025, 9, 3), datetime.date(2025, 9, 25), datetime.date(2025, 10, 1)]


def test_spreadsheet_layouts_are_accepted(officer, paper_form, catalogue):
    for text in (
        rows("12.06.2025", "2025-06-13", "2025-06-14 08:00:00"),
        rows("6/15/2025 3:00 PM", "6/16/2025 15:00"),
    ):
        services.responses_import_csv(actor=officer, form=paper_form, mapping=MAPPING, text=text)
    assert days() == [datetime.date(2025, 6, d) for d in (12, 13, 14, 15, 16)]


def test_a_file_mixing_day_first_and_month_first_rows_is_refused_naming_both_rows(
    officer, paper_form, catalogue
):
    text = rows("25/09/2025 10:00:00", "09/26/2025 10:00:00")
    with pytest.raises(ImportRejected) as rejected:
        services.responses_import_csv(actor=officer, form=paper_form, mapping=MAPPING, text=text)
    assert "Timestamp" in rejected.value.problems[0]
    assert "2" in rejected.value.problems[0] and "3" in rejected.value.problems[0]
    assert not Response.objects.exists()


def test_a_file_whose_dates_fit_both_orders_stops_and_asks(officer, paper_form, catalogue):
    text = rows("03/09/2025 10:00:00", "04/09/2025 10:00:00")
    with pytest.raises(DateOrderNeeded) as asked:
        services.responses_import_csv(actor=officer, form=paper_form, mapping=MAPPING, text=text)
    assert "date_order" in asked.value.problems[0]
    assert not Response.objects.exists()


def test_the_chosen_date_order_reads_every_row_the_same_way(officer, paper_form, catalogue):
    text = rows("03/09/2025 10:00:00", "04/09/2025 10:00:00")
    services.responses_import_csv(
        actor=officer, form=paper_form, mapping=MAPPING, text=text, date_order="month_first"
    )
    assert days() == [datetime.date(2025, 3, 9), datetime.date(2025, 4, 9)]
    Response.objects.all().delete()
    mapping = {**MAPPING, "date_order": "day_first"}
    services.responses_import_csv(actor=officer, form=paper_form, mapping=mapping, text=text)
    assert days() == [datetime.date(2025, 9, 3), datetime.date(2025, 9, 4)]


def test_a_row_that_is_no_date_in_the_chosen_order_is_refused(officer, paper_form, catalogue):
    text = rows("03/09/2025 10:00:00", "25/09/2025 10:00:00")
    with pytest.raises(ImportRejected) as rejected:
        services.responses_import_csv(
            actor=officer, form=paper_form, mapping=MAPPING, text=text, date_order="month_first"
        )
    assert rejected.value.problems[0].startswith("Row 3") and "25/09/2025" in rejected.value.problems[0]
    assert not Response.objects.exists()


def test_a_date_in_the_future_is_refused(officer, paper_form, catalogue):
    tomorrow = today() + datetime.timedelta(days=1)
    text = rows("2025-06-12", tomorrow.isoformat())
    with pytest.raises(ImportRejected) as rejected:
        services.responses_import_csv(actor=officer, form=paper_form, mapping=MAPPING, text=text)
    assert rejected.value.problems == [
        f'Row 3, column "Timestamp": the date {tomorrow.isoformat()} is in the future.'
    ]
    assert not Response.objects.exists()


def test_a_mapped_column_missing_from_the_file_stops_the_import_with_its_name(officer, paper_form, catalogue):
    text = rows("2025-06-12").replace(",შენიშვნები", ",Other")
    mapping = {**MAPPING, "ignore": ["Email Address", "Other"]}
    with pytest.raises(ImportRejected) as rejected:
        services.responses_import_csv(actor=officer, form=paper_form, mapping=mapping, text=text)
    assert any("შენიშვნები" in p and "comment" in p for p in rejected.value.problems)
    assert not Response.objects.exists()


def test_rewording_a_question_in_google_forms_does_not_import_everything_again(
    officer, paper_form, catalogue
):
    text = rows("2025-06-12", "2025-06-13")
    services.responses_import_csv(actor=officer, form=paper_form, mapping=MAPPING, text=text)
    reworded = text.replace("კმაყოფილება", "რამდენად კმაყოფილი ხართ?", 1)
    columns = {
        ("რამდენად კმაყოფილი ხართ?" if h == "კმაყოფილება" else h): c for h, c in MAPPING["columns"].items()
    }
    result = services.responses_import_csv(
        actor=officer, form=paper_form, mapping={**MAPPING, "columns": columns}, text=reworded
    )
    assert (result.added, result.skipped) == (0, 2)


def test_a_file_that_is_not_utf8_is_refused_naming_the_row_and_column():
    data = rows("2025-06-12").encode("utf-8") + "2025-06-13,,newborn_aid,ქალი,კი,5,Tbilisi\n".encode()
    data = data.replace(b"Tbilisi", "ÇÄ".encode("cp1252"))
    with pytest.raises(ImportRejected) as rejected:
        csv_import.decode_csv(data)
    assert rejected.value.problems[0].startswith('Row 3, column "შენიშვნები"')
    assert "UTF-8" in rejected.value.problems[0]


def test_a_utf8_file_with_a_byte_order_mark_imports(officer, paper_form, catalogue):
    text = csv_import.decode_csv(b"\xef\xbb\xbf" + rows("2025-06-12").encode("utf-8"))
    assert (
        services.responses_import_csv(actor=officer, form=paper_form, mapping=MAPPING, text=text).added == 1
    )


def test_a_nul_byte_is_refused_naming_the_row_and_column(officer, paper_form, catalogue):
    data = rows("2025-06-12", "2025-06-13").replace(",ქალი,", ",ქა\x00ლი,", 1).encode("utf-8")
    with pytest.raises(ImportRejected) as rejected:
        csv_import.decode_csv(data)
    assert rejected.value.problems[0].startswith('Row 2, column "სქესი"')
    with pytest.raises(ImportRejected) as rejected:
        services.responses_import_csv(actor=officer, form=paper_form, mapping=MAPPING, text=data.decode())
    assert rejected.value.problems[0].startswith('Row 2, column "სქესი"')
    assert not Response.objects.exists()


def test_a_200000_character_cell_is_refused_naming_the_row_and_column(officer, paper_form, catalogue):
    text = rows("2025-06-12", "2025-06-13")
    text = text[: text.rindex(",\n")] + ',"' + "ა" * 200_000 + '"\n'
    with pytest.raises(ImportRejected) as rejected:
        services.responses_import_csv(actor=officer, form=paper_form, mapping=MAPPING, text=text)
    assert rejected.value.problems[0].startswith('Row 3, column "შენიშვნები"')
    assert not Response.objects.exists()


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"[" * 30_000 + b"]" * 30_000, "nested too deeply"),
        (b'{"columns": {"a": "b",}}', "line 1, column 23"),
        (b'{"columns": {}, "date_order": "sometimes"}', "date_order"),
        ("{}".encode("utf-16"), "UTF-8"),
    ],
)
def test_a_broken_or_over_deep_mapping_is_refused_with_a_message(data, says):
    with pytest.raises(ImportRejected) as rejected:
        csv_import.load_mapping(data)
    assert says in rejected.value.problems[0]


def test_the_import_page_refuses_each_bad_file_with_its_message_and_imports_nothing(
    ambrolauri, paper_form, catalogue
):
    client = client_for(ambrolauri, "officer")
    client.cookies["django_language"] = "en"
    good = rows("2025-06-12").encode()
    cases = [
        (json.dumps(MAPPING).encode(), good.replace(b"newborn_aid", "ÇÄ".encode("cp1252")), "UTF-8"),
        (json.dumps(MAPPING).encode(), good.replace(b"newborn_aid", b"new\x00born"), "NUL"),
        (b"[" * 30_000 + b"]" * 30_000, good, "nested too deeply"),
        (b'{"columns": ', good, "line 1, column 13"),
    ]
    for mapping, data, says in cases:
        response = client.post(
            "/feedback/import/",
            {
                "form": paper_form.pk,
                "mapping": SimpleUploadedFile("map.json", mapping),
                "file": SimpleUploadedFile("data.csv", data),
            },
        )
        assert response.status_code == 400, says
        assert says in response.content.decode(), says
    assert not Response.objects.exists()


def test_the_import_page_asks_for_the_date_order_and_imports_with_it(ambrolauri, paper_form, catalogue):
    client = client_for(ambrolauri, "officer")
    data = rows("03/09/2025 10:00:00").encode()

    def post(order: str):
        return client.post(
            "/feedback/import/",
            {
                "form": paper_form.pk,
                "mapping": SimpleUploadedFile("map.json", json.dumps(MAPPING).encode()),
                "file": SimpleUploadedFile("data.csv", data),
                "date_order": order,
            },
        )

    assert post("").status_code == 400 and not Response.objects.exists()
    assert post("day_first").status_code == 200
    assert days() == [datetime.date(2025, 9, 3)]


def test_the_command_refuses_a_non_utf8_file_and_reads_the_date_order(
    ambrolauri, paper_form, catalogue, tmp_path
):
    (tmp_path / "map.json").write_text(json.dumps(MAPPING, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "data.csv").write_bytes(
        rows("03/09/2025 10:00:00").encode("utf-8").replace(b"newborn_aid", b"\xff")
    )
    args = ["--tenant", "ambrolauri", "--form", "annex-1", "--mapping", str(tmp_path / "map.json")]
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_feedback_csv", *args, str(tmp_path / "data.csv"), stdout=io.StringIO(), stderr=err
        )
    assert "UTF-8" in err.getvalue()
    (tmp_path / "data.csv").write_text(rows("03/09/2025 10:00:00"), encoding="utf-8")
    out = io.StringIO()
    call_command(
        "import_feedback_csv", *args, "--date-order", "day_first", str(tmp_path / "data.csv"), stdout=out
    )
    assert "imported 1" in out.getvalue()
    assert days() == [datetime.date(2025, 9, 3)]


def test_a_refused_file_is_explained_in_georgian_by_default(officer, paper_form, catalogue):
    tomorrow = today() + datetime.timedelta(days=1)
    with translation.override("ka"), pytest.raises(ImportRejected) as rejected:
        services.responses_import_csv(
            actor=officer, form=paper_form, mapping=MAPPING, text=rows(tomorrow.isoformat())
        )
    assert rejected.value.problems == [
        f"მწკრივი 2, სვეტი „Timestamp“: თარიღი {tomorrow.isoformat()} მომავალშია."
    ]


def test_a_file_imported_before_the_keys_named_question_codes_is_not_imported_again(
    officer, paper_form, catalogue
):
    """Rows imported with the earlier key (over the headers) are recognised: their file adds nothing."""
    from feedback.services.common import keyed_hash

    text = rows("2025-06-12", "2025-06-13")
    services.responses_import_csv(actor=officer, form=paper_form, mapping=MAPPING, text=text)
    headers = sorted(set(MAPPING["columns"]) | {MAPPING["service"], MAPPING["sex"]})
    for response, cells in zip(
        Response.objects.order_by("submitted_on"), csv.DictReader(io.StringIO(text)), strict=True
    ):
        content = "\x1f".join(
            ["annex-1", response.submitted_on.isoformat()] + [f"{h}\x1d{cells[h]}" for h in headers]
        )
        response.import_key = keyed_hash("csv-import", f"{content}\x1e0")  # as the earlier import stored it
        response.save(update_fields=["import_key"])
    again = services.responses_import_csv(actor=officer, form=paper_form, mapping=MAPPING, text=text)
    assert (again.added, again.skipped) == (0, 2)


def test_a_required_question_no_column_is_mapped_to_is_named_once_for_the_file(
    officer, paper_form, catalogue
):
    columns = {h: c for h, c in MAPPING["columns"].items() if c != "documents_easy"}
    ignore = [*MAPPING["ignore"], *(h for h, c in MAPPING["columns"].items() if c == "documents_easy")]
    with pytest.raises(ImportRejected) as rejected:
        services.responses_import_csv(
            actor=officer,
            form=paper_form,
            mapping={**MAPPING, "columns": columns, "ignore": ignore},
            text=rows("2025-06-12", "2025-06-13"),
        )
    assert rejected.value.problems == [
        'Mapping: question "documents_easy" must be answered, but no column of the file is mapped to it.'
    ]
    assert not Response.objects.exists()
