"""Reads of the CSV import pages: the officer's own uploads to the mapping builder and the saved mappings.
(Kept apart from `feedback.selectors` while that module is being reworked; fold in later.)"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from programmes.models import Service

from .models import Form, ImportFile, ImportMapping, ImportUpload


def import_upload_get(*, actor, pk: int) -> ImportUpload:
    """An upload of ``actor``'s own (another officer's file is not shown: 404)."""
    upload = ImportUpload.objects.select_related("form").filter(pk=pk, uploaded_by=actor).first()
    if upload is None:
        raise Http404
    return upload


def import_mappings(*, form: Form | None = None) -> QuerySet[ImportMapping]:
    """The saved mappings, of one form when given, by name."""
    mappings = ImportMapping.objects.select_related("form").order_by("form__code", "name")
    return mappings.filter(form=form) if form is not None else mappings


def form_questions(form: Form) -> list:
    """The questions of the form's current version, in order."""
    return list(form.versions.get(is_current=True).questions.order_by("position"))


def service_choices() -> list[dict]:
    """The catalogue's services as choices a service column's texts are matched to (code, ka, en)."""
    return [
        {"code": code, "ka": ka, "en": en}
        for code, ka, en in Service.objects.order_by("position", "code").values_list(
            "code", "name_ka", "name_en"
        )
    ]


def import_files() -> QuerySet[ImportFile]:
    """The files kept as the evidence of past imports, newest first."""
    return ImportFile.objects.select_related("form", "imported_by").order_by("-imported_at", "-id")
