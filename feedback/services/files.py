"""Files of the feedback cycle, stored and served through municipal_platform.files: the scan of a box
batch's opening record, and the CSV file each import keeps as its evidence."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from municipal_platform.clock import today
from municipal_platform.files import JPEG, MB, PDF, PNG, checked_upload, delete_stored
from municipal_platform.roles import Role, has_role, require_role

from ..models import BoxBatch, Form, ImportFile
from .common import COLLECTORS

SCAN_MAX_BYTES = 10 * MB
SCAN_KINDS = (PDF, JPEG, PNG)


def may_read_batch_scan(user) -> bool:
    return has_role(user, *COLLECTORS)


def may_read_import_file(user) -> bool:
    return has_role(user, Role.FEEDBACK_OFFICER)


@transaction.atomic
def batch_scan_attach(*, actor, batch: BoxBatch, upload) -> BoxBatch:
    """Attach (or replace) the scan of a batch's paper opening record: a PDF, JPEG or PNG of at most
    SCAN_MAX_BYTES, checked by its content. The replaced file is deleted once this commits."""
    require_role(actor, *COLLECTORS)
    if upload is None:
        raise ValidationError({"scan": _("Choose the file of the scan.")})
    kind = checked_upload("scan", upload, kinds=SCAN_KINDS, max_bytes=SCAN_MAX_BYTES)
    batch = BoxBatch.objects.select_for_update().get(pk=batch.pk)
    replaced = batch.scan.name if batch.scan else ""
    batch.scan.save(f"scan{kind.extension}", upload, save=False)
    batch.scan_added_on = today()
    batch.save(update_fields=["scan", "scan_added_on"])
    if replaced:
        storage = batch.scan.storage
        transaction.on_commit(lambda: storage.delete(replaced))
    return batch


def import_file_keep(*, actor, form: Form, file_name: str, text: str, rows: int, added: int) -> ImportFile:
    """Keep the text an import read as its evidence (called by the import, inside its transaction)."""
    data = text.encode("utf-8")
    kept = ImportFile(
        form=form,
        file_name=("".join(ch for ch in file_name if ch.isprintable()) or "import.csv")[-200:],
        size=len(data),
        rows=rows,
        added=added,
        imported_by=actor,
    )
    kept.file.save("import.csv", ContentFile(data), save=False)
    kept.save()
    return kept


def import_file_delete(file: ImportFile) -> None:
    delete_stored(file.file)
    file.delete()
