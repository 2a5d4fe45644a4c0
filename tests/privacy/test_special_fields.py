"""Special-category fields: encrypted with the municipality's key, readable only through an audited read.

The child-support module brings the first real fields; here the mechanism is proven on a small model made
for the test (its table exists only inside the test's transaction)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection, models
from django.test.utils import isolate_apps
from django_tenants.utils import schema_context

from municipal_platform import crypto
from municipal_platform.audit.models import SpecialDataRead

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def referral_model(ambrolauri, tskaltubo):
    """A referral with a violence note (text) and a health record (JSON), in both municipalities."""
    with isolate_apps("municipal_platform.audit"):

        class Referral(models.Model):
            name = models.CharField(max_length=50)
            violence_note = crypto.EncryptedTextField()
            health = crypto.EncryptedJSONField()

            class Meta:
                app_label = "audit"
                db_table = "audit_test_referral"

            def __str__(self) -> str:
                return self.name

        for schema in (ambrolauri.schema_name, tskaltubo.schema_name):
            with schema_context(schema), connection.schema_editor() as editor:
                editor.create_model(Referral)
        yield Referral
    crypto.REGISTRY.pop(("audit_test_referral", "violence_note"), None)
    crypto.REGISTRY.pop(("audit_test_referral", "health"), None)


def _raw(schema: str, pk: int) -> tuple[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT violence_note, health FROM "{schema}".audit_test_referral WHERE id = %s', [pk]
        )
        return cursor.fetchone()


def test_the_database_holds_ciphertext_and_loading_never_decrypts(referral_model, ambrolauri, head):
    with schema_context(ambrolauri.schema_name):
        referral = referral_model.objects.create(
            name="a", violence_note="ძალადობის შეტყობინება", health={"disability": "hearing"}
        )
        note, health = _raw(ambrolauri.schema_name, referral.pk)
        assert "ძალადობის" not in note and "hearing" not in health
        assert note.startswith("enc1:1:") and health.startswith("enc1:1:")

        loaded = referral_model.objects.get(pk=referral.pk)
        assert str(loaded.violence_note) == "••••••"
        assert "hearing" not in repr(loaded.health)
        assert SpecialDataRead.objects.count() == 0


def test_a_read_through_the_service_leaves_an_audit_row(referral_model, ambrolauri, head):
    with schema_context(ambrolauri.schema_name):
        referral = referral_model.objects.create(name="a", violence_note="note", health={"x": [1, 2]})
        loaded = referral_model.objects.get(pk=referral.pk)
        values = crypto.read_special(actor=head, instance=loaded, purpose="case review")
        assert values == {"violence_note": "note", "health": {"x": [1, 2]}}
        read = SpecialDataRead.objects.get()
        assert (read.actor, read.model, read.object_id, read.fields, read.purpose) == (
            head,
            "audit.referral",
            str(referral.pk),
            ["health", "violence_note"],
            "case review",
        )


def test_a_value_copied_into_another_municipality_does_not_decrypt(referral_model, ambrolauri, tskaltubo):
    with schema_context(ambrolauri.schema_name):
        referral = referral_model.objects.create(name="a", violence_note="secret", health=None)
    note, _health = _raw(ambrolauri.schema_name, referral.pk)
    with schema_context(tskaltubo.schema_name):
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO audit_test_referral (name, violence_note) VALUES ('copied', %s) RETURNING id",
                [note],
            )
            pk = cursor.fetchone()[0]
        copied = referral_model.objects.get(pk=pk)
        with pytest.raises(crypto.DecryptionError):
            crypto.read_special(actor=None, instance=copied)
    # and the token does not open for another column of the same municipality either
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(note, schema=ambrolauri.schema_name, label="audit_test_referral.health")
    assert (
        crypto.decrypt(note, schema=ambrolauri.schema_name, label="audit_test_referral.violence_note")
        == "secret"
    )


def test_rotation_reads_old_values_and_writes_with_the_new_key(referral_model, ambrolauri, settings):
    with schema_context(ambrolauri.schema_name):
        old = referral_model.objects.create(name="old", violence_note="before rotation")
        settings.FIELD_ENCRYPTION_KEY = f"{crypto.new_master_key_entry('2')},{settings.FIELD_ENCRYPTION_KEY}"
        new = referral_model.objects.create(name="new", violence_note="after rotation")
        assert _raw(ambrolauri.schema_name, new.pk)[0].startswith("enc1:2:")
        loaded = referral_model.objects.get(pk=old.pk)
        assert crypto.read_special(actor=None, instance=loaded)["violence_note"] == "before rotation"

    # resealing moves the old values to the new key, after which the old key may go
    call_command("reseal_special_fields")
    assert _raw(ambrolauri.schema_name, old.pk)[0].startswith("enc1:2:")
    settings.FIELD_ENCRYPTION_KEY = settings.FIELD_ENCRYPTION_KEY.split(",")[0]
    with schema_context(ambrolauri.schema_name):
        loaded = referral_model.objects.get(pk=old.pk)
        assert crypto.read_special(actor=None, instance=loaded)["violence_note"] == "before rotation"


def test_a_wrong_master_key_is_refused(settings, db):
    crypto._checked.clear()  # earlier tests' records were rolled back with them
    crypto.check_master_key()  # records the configured key's fingerprint
    settings.FIELD_ENCRYPTION_KEY = crypto.new_master_key_entry("1")  # same id, other bytes
    with pytest.raises(ImproperlyConfigured, match="key id 1 is not the key"):
        crypto.check_master_key()
    with pytest.raises(ImproperlyConfigured):
        crypto.encrypt("x", schema="ambrolauri", label="t.c")


@pytest.mark.parametrize(
    ("value", "message"),
    [("", "Set FIELD_ENCRYPTION_KEY"), ("1:tooshort", "not 32 bytes"), ("nokeyid", "not ID:KEY")],
)
def test_a_missing_or_malformed_master_key_stops_the_start(tmp_path, value, message):
    env = {**os.environ, "FIELD_ENCRYPTION_KEY": value, "PLATFORM_DATA_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert message in result.stderr
