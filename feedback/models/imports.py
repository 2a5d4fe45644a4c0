"""The CSV import's saved column mappings, and the files uploaded to the mapping builder between its steps."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from municipal_platform.files import SchemaPath, private_storage

from .forms import Form


class ImportMapping(models.Model):
    """A column mapping saved by name for a form, to import next quarter's export the same way (the JSON
    format of `feedback.csv_import`)."""

    form = models.ForeignKey(
        Form, on_delete=models.CASCADE, related_name="import_mappings", verbose_name=_("form")
    )
    name = models.CharField(_("mapping name"), max_length=100)
    mapping = models.JSONField(_("column mapping (JSON)"), default=dict)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("saved by"),
    )
    updated_at = models.DateTimeField(_("saved at"), auto_now=True)

    class Meta:
        verbose_name = _("import mapping")
        verbose_name_plural = _("import mappings")
        ordering = ["form", "name"]
        constraints = [models.UniqueConstraint(fields=["form", "name"], name="feedback_import_mapping_name")]

    def __str__(self) -> str:
        return self.name


class ImportUpload(models.Model):
    """A CSV file uploaded to the mapping builder, kept on the server between the builder's steps (never
    in a hidden field of the page); deleted once imported, or after UPLOAD_KEPT_FOR."""

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("uploaded by")
    )
    form = models.ForeignKey(Form, on_delete=models.CASCADE, related_name="+", verbose_name=_("form"))
    file_name = models.CharField(_("file name"), max_length=200)
    headers = models.JSONField(_("header row"), default=list)
    text = models.TextField(_("file contents"))
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("uploaded import file")
        verbose_name_plural = _("uploaded import files")

    def __str__(self) -> str:
        return self.file_name


class ImportFile(models.Model):
    """The CSV file of an import, kept as its evidence (what was imported, when, by whom), downloadable by
    the feedback officer and the head of service; deleted after the municipality's retention period
    (FeedbackSettings.import_file_days). Stored through municipal_platform.files, never at a public URL."""

    form = models.ForeignKey(Form, on_delete=models.CASCADE, related_name="+", verbose_name=_("form"))
    file = models.FileField(
        _("file"), storage=private_storage, upload_to=SchemaPath("feedback/imports"), max_length=200
    )
    file_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size, bytes"))
    rows = models.PositiveIntegerField(_("rows"))
    added = models.PositiveIntegerField(_("responses added"))
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)

    class Meta:
        verbose_name = _("imported file")
        verbose_name_plural = _("imported files")
        ordering = ("-imported_at", "-id")

    def __str__(self) -> str:
        return self.file_name
