"""Files of the feedback cycle (municipal_platform.files): an import keeps its CSV file as evidence, a box
batch may carry a scan of its opening record. Stored under the schema's own directory, served only by a
view that checks the municipality and the role, never from a public media URL."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.test import RequestFactory
from django.utils import translation
from django_tenants.utils import schema_context

from feedback import services
from feedback.models import BoxBatch, ImportFile
from municipal_platform import files
from municipal_platform.clock import today
from tests.conftest import client_for

from .test_csv_import import CSV, MAPPING

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def imported(officer, paper_form, catalogue) -> ImportFile:
    services.responses_import_csv(
        actor=officer, form=paper_form, mapping=MAPPING, text=CSV, file_name="google-export.csv"
    )
    return ImportFile.objects.get()


@pytest.fixture
def batch(frontdesk, paper_form) -> BoxBatch:
    return services.batch_open(actor=frontdesk, opened_on=today(), counted=3, form=paper_form)


def test_an_import_keeps_its_file_under_the_schemas_directory(imported):
    year = today().year
    assert imported.file.name.startswith(f"ambrolauri/feedback/imports/{year}/")
    assert "google-export" not in imported.file.name  # the uploader's name never reaches the path
    assert Path(settings.MEDIA_ROOT, imported.file.name).read_text(encoding="utf-8") == CSV
    assert (imported.file_name, imported.rows, imported.added) == ("google-export.csv", 3, 3)


def test_the_officer_downloads_the_file_as_an_attachment_never_cached_nor_sniffed(ambrolauri, imported):
    page = client_for(ambrolauri, "officer").get("/feedback/import/")
    assert f'href="/feedback/import/files/{imported.pk}/"' in page.content.decode()
    response = client_for(ambrolauri, "officer").get(f"/feedback/import/files/{imported.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="google-export.csv"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content).decode() == CSV


def test_a_file_name_with_control_characters_is_stored_and_sent_without_them(
    ambrolauri, officer, paper_form, catalogue
):
    services.responses_import_csv(
        actor=officer, form=paper_form, mapping=MAPPING, text=CSV, file_name="a\r\nSet-Cookie: x.csv"
    )
    kept = ImportFile.objects.get()
    assert kept.file_name == "aSet-Cookie: x.csv"
    response = client_for(ambrolauri, "officer").get(f"/feedback/import/files/{kept.pk}/")
    assert response.status_code == 200 and "Set-Cookie" not in response.headers
    assert response["Content-Disposition"] == 'attachment; filename="aSet-Cookie: x.csv"'


def test_another_role_or_another_municipality_does_not_get_the_file(ambrolauri, tskaltubo, imported):
    url = f"/feedback/import/files/{imported.pk}/"
    assert client_for(ambrolauri, "frontdesk").get(url).status_code == 403
    assert client_for(ambrolauri, "council").get(url).status_code == 403
    assert client_for(ambrolauri).get(url).status_code == 302  # to the login page
    # Tskaltubo's head on Tskaltubo's host: its own schema has no such row
    assert client_for(tskaltubo, "head").get(url).status_code == 404
    # Ambrolauri's officer's session cookie sent to Tskaltubo's host is no login there
    officer = client_for(ambrolauri, "officer")
    officer.defaults["HTTP_HOST"] = "tskaltubo.localhost"
    assert officer.get(url).status_code == 302


def test_a_path_of_another_schema_is_refused_even_by_a_row_that_names_it(ambrolauri, tskaltubo, imported):
    """Were a row of Tskaltubo to hold a path of Ambrolauri's (an import, a bug), its view still refuses."""
    path = imported.file.name
    with schema_context("tskaltubo"):
        from municipal_platform.accounts.models import User

        head = User.objects.get(username="head")
        request = RequestFactory().get("/", HTTP_HOST="tskaltubo.localhost")
        request.user, request.tenant = head, tskaltubo
        foreign = ImportFile(file=path).file
        with pytest.raises(Http404):
            files.protected_download(request, foreign, allowed=lambda user: True, filename="x.csv")


def test_the_media_url_does_not_serve_stored_files(ambrolauri, imported):
    path = imported.file.name
    client = client_for(ambrolauri, "officer")
    for url in (f"/media/{path}", f"/{path}", f"/static/../media/{path}"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert CSV.encode() not in b"".join(getattr(response, "streaming_content", [response.content]))
    with pytest.raises(ValueError):
        _ = imported.file.url


def test_a_batch_scan_is_stored_under_the_schema_and_read_by_the_collectors_only(ambrolauri, batch):
    frontdesk = client_for(ambrolauri, "frontdesk")
    scan = SimpleUploadedFile("../../etc/opening record.pdf", PDF_BYTES, content_type="application/pdf")
    assert frontdesk.post(f"/feedback/batches/{batch.pk}/scan/", {"scan": scan}).status_code == 302
    batch.refresh_from_db()
    assert batch.scan.name.startswith(f"ambrolauri/feedback/batches/{today().year}/")
    assert batch.scan.name.endswith(".pdf") and ".." not in batch.scan.name
    assert batch.scan_added_on == today()
    response = frontdesk.get(f"/feedback/batches/{batch.pk}/scan/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/pdf"
    assert client_for(ambrolauri, "officer").get(f"/feedback/batches/{batch.pk}/scan/").status_code == 200
    assert client_for(ambrolauri, "council").get(f"/feedback/batches/{batch.pk}/scan/").status_code == 403
    page = frontdesk.get(f"/feedback/batches/{batch.pk}/").content.decode()
    assert f'href="/feedback/batches/{batch.pk}/scan/"' in page


def test_replacing_a_scan_deletes_the_old_file(frontdesk, batch, django_capture_on_commit_callbacks):
    first = services.batch_scan_attach(
        actor=frontdesk, batch=batch, upload=SimpleUploadedFile("a.png", PNG_BYTES)
    ).scan.name
    with django_capture_on_commit_callbacks(execute=True):
        second = services.batch_scan_attach(
            actor=frontdesk, batch=batch, upload=SimpleUploadedFile("b.pdf", PDF_BYTES)
        ).scan.name
    assert first.endswith(".png") and second.endswith(".pdf")
    assert not Path(settings.MEDIA_ROOT, first).exists() and Path(settings.MEDIA_ROOT, second).exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("scan.pdf", b"<html><script>alert(1)</script>", "is not a PDF / JPEG / PNG file"),
        ("scan.pdf", b"", "is empty"),
        ("big.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024), "at most 10 MB"),
    ],
)
def test_a_wrong_scan_is_refused_naming_the_field_and_the_file_and_nothing_is_stored(
    frontdesk, batch, name, content, message
):
    with pytest.raises(ValidationError) as exc, translation.override("en"):
        services.batch_scan_attach(actor=frontdesk, batch=batch, upload=SimpleUploadedFile(name, content))
    [text] = exc.value.message_dict["scan"]
    assert message in text and name in text
    batch.refresh_from_db()
    assert not batch.scan


def test_a_wrong_scan_through_the_page_shows_the_message(ambrolauri, batch):
    frontdesk = client_for(ambrolauri, "frontdesk")
    frontdesk.cookies["django_language"] = "en"
    bad = SimpleUploadedFile("notes.pdf", b"plain text", content_type="application/pdf")
    page = frontdesk.post(f"/feedback/batches/{batch.pk}/scan/", {"scan": bad}, follow=True)
    assert "notes.pdf" in page.content.decode() and "is not a PDF" in page.content.decode()
    assert frontdesk.post(f"/feedback/batches/{batch.pk}/scan/", {}, follow=True).status_code == 200
    batch.refresh_from_db()
    assert not batch.scan


def test_only_collectors_may_attach_a_scan(ambrolauri, batch, users):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.batch_scan_attach(
            actor=users["council"], batch=batch, upload=SimpleUploadedFile("a.pdf", PDF_BYTES)
        )
    council = client_for(ambrolauri, "council")
    scan = SimpleUploadedFile("a.pdf", PDF_BYTES)
    assert council.post(f"/feedback/batches/{batch.pk}/scan/", {"scan": scan}).status_code == 403


def test_a_batch_without_a_scan_answers_404(ambrolauri, batch):
    assert client_for(ambrolauri, "frontdesk").get(f"/feedback/batches/{batch.pk}/scan/").status_code == 404
