"""export_municipality / import_municipality: a municipality's tables and files go out in one archive and
come back, under a new slug, with the same rows and files (counts and checksums of every table and file)."""

from __future__ import annotations

import io
import json
import shutil
import tarfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection, models
from django.test.utils import isolate_apps
from django_tenants.utils import schema_context

from municipal_platform import crypto
from tenants.models import Domain, Municipality
from tenants.services import portability, schema_digest

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral_model(ambrolauri):
    """A model with a special-category field, its table in Ambrolauri and in the template new
    municipalities are cloned from (all inside the test's transaction)."""
    with isolate_apps("municipal_platform.audit"):

        class Referral(models.Model):
            note = crypto.EncryptedTextField()

            class Meta:
                app_label = "audit"
                db_table = "audit_test_archive_referral"

            def __str__(self) -> str:
                return str(self.pk)

        for schema in (ambrolauri.schema_name, "municipality_template"):
            with schema_context(schema), connection.schema_editor() as editor:
                editor.create_model(Referral)
        yield Referral
    crypto.REGISTRY.pop(("audit_test_archive_referral", "note"), None)


@pytest.fixture
def stored_file(ambrolauri):
    path = Path(settings.MEDIA_ROOT, ambrolauri.schema_name, "feedback", "imports", "2025", "scan.csv")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("a,b\n1,ნინო\n", encoding="utf-8")
    yield path
    path.unlink()


def test_a_round_trip_gives_back_every_table_and_file(
    ambrolauri, decided, referral_model, stored_file, tmp_path, head
):
    with schema_context(ambrolauri.schema_name):
        referral_model.objects.create(note="ძალადობა\tტაბით\nდა ხაზით \\ ")
    archive = tmp_path / "ambrolauri.tar.gz"
    call_command("export_municipality", "ambrolauri", "--output", str(archive))
    assert archive.stat().st_mode & 0o777 == 0o600

    call_command("import_municipality", str(archive), "--slug", "ambrolauri-copy")

    copy = Municipality.objects.get(slug="ambrolauri-copy")
    assert (copy.schema_name, copy.name_ka) == ("ambrolauri_copy", ambrolauri.name_ka)
    assert Domain.objects.filter(tenant=copy, domain="ambrolauri-copy.localhost").exists()
    source, target = schema_digest("ambrolauri"), schema_digest("ambrolauri_copy")
    with connection.cursor() as cursor:
        every_table = set(portability._tables(cursor, "ambrolauri"))
    assert set(source) == set(target) == every_table
    assert {"programmes_benefitapplication", "accounts_user", "audit_benefitapplicationaudit"} <= every_table
    for table in every_table:
        assert target[table] == source[table], table
    assert source["programmes_benefitapplication"].rows >= 3
    assert portability.files_digest("ambrolauri_copy") == portability.files_digest("ambrolauri") != {}

    # the special field is sealed for its new municipality, and reads the same
    with schema_context("ambrolauri_copy"):
        moved = referral_model.objects.get()
        assert isinstance(moved.note, crypto.Sealed)
        assert crypto.read_special(actor=None, instance=moved)["note"] == "ძალადობა\tტაბით\nდა ხაზით \\ "
    with schema_context("ambrolauri"):
        original = referral_model.objects.get()
    assert original.note.token != moved.note.token
    shutil.rmtree(portability.files_root("ambrolauri_copy"))


def test_an_imported_municipality_carries_on_numbering_and_auditing(ambrolauri, decided, tmp_path, users):
    archive = tmp_path / "a.tar.gz"
    call_command("export_municipality", "ambrolauri", "--output", str(archive))
    call_command("import_municipality", str(archive), "--slug", "moved")
    from programmes.models import BenefitApplication

    with schema_context("moved"):
        highest = BenefitApplication.objects.order_by("-pk").first()
        BenefitApplication.objects.filter(pk=highest.pk).update(decision_reason="after the move")
        from municipal_platform.audit.selectors import audit_trail

        assert (
            audit_trail(model=BenefitApplication, pk=highest.pk)[-1].new["decision_reason"]
            == "after the move"
        )
        clone = BenefitApplication.objects.create(
            number="MOVED-1",
            applicant=highest.applicant,
            service=highest.service,
            channel="paper",
            received_on=highest.received_on,
        )
        assert clone.pk > highest.pk


def test_an_unknown_municipality_is_named(db, tmp_path):
    with pytest.raises(
        CommandError, match="There is no municipality “nowhere”. Known: ambrolauri, tskaltubo"
    ):
        call_command("export_municipality", "nowhere", "--output", str(tmp_path / "x.tar.gz"))


def test_a_taken_slug_is_refused_before_anything_is_written(ambrolauri, tmp_path):
    archive = tmp_path / "a.tar.gz"
    call_command("export_municipality", "ambrolauri", "--output", str(archive))
    before = Municipality.objects.count()
    with pytest.raises(CommandError, match="slug: A municipality with slug “tskaltubo” already exists"):
        call_command("import_municipality", str(archive), "--slug", "tskaltubo")
    assert Municipality.objects.count() == before


def _rewrite(archive: Path, target: Path, change) -> None:
    with tarfile.open(archive, "r:gz") as source, tarfile.open(target, "w:gz") as out:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            data = change(member.name, data)
            member.size = len(data)
            out.addfile(member, io.BytesIO(data))


def test_a_damaged_or_foreign_archive_is_refused_writing_nothing(ambrolauri, decided, tmp_path):
    archive = tmp_path / "a.tar.gz"
    call_command("export_municipality", "ambrolauri", "--output", str(archive))
    before = (Municipality.objects.count(), Domain.objects.count())

    tampered = tmp_path / "tampered.tar.gz"
    _rewrite(
        archive,
        tampered,
        lambda name, data: (
            data.replace(b"500.00", b"900.00") if name.endswith("benefitapplication.tsv") else data
        ),
    )
    with pytest.raises(CommandError, match="programmes_benefitapplication does not match its checksum"):
        call_command("import_municipality", str(tampered), "--slug", "tampered")

    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    with pytest.raises(CommandError, match="not a readable municipality archive"):
        call_command("import_municipality", str(truncated), "--slug", "truncated")

    def older(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["migrations"] = manifest["migrations"][:-1]
        return json.dumps(manifest).encode()

    other_version = tmp_path / "older.tar.gz"
    _rewrite(archive, other_version, older)
    with pytest.raises(CommandError, match="made by another version of the platform"):
        call_command("import_municipality", str(other_version), "--slug", "older")

    with pytest.raises(CommandError, match="there is no file"):
        call_command("import_municipality", str(tmp_path / "missing.tar.gz"), "--slug", "missing")
    assert (Municipality.objects.count(), Domain.objects.count()) == before
    assert not any(
        Municipality.objects.filter(slug__in=["tampered", "truncated", "older", "missing"]).values_list("pk")
    )
