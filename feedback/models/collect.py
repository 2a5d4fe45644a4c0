"""Collecting paper feedback: box batches, and the comment registry."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from municipal_platform.files import SchemaPath, private_storage
from municipal_platform.history import HistoryEvent

from .common import Channel
from .forms import Form


class BoxBatch(models.Model):
    """One opening of the feedback box: how many forms were in it, and the typing-in of them."""

    class Status(models.TextChoices):
        OPEN = "open", _("Being entered")
        CLOSED = "closed", _("Closed")

    opened_on = models.DateField(_("box opened on"))
    counted = models.PositiveIntegerField(_("forms counted"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("opened by")
    )
    form = models.ForeignKey(Form, on_delete=models.PROTECT, related_name="batches", verbose_name=_("form"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    close_reason = models.TextField(_("reason for closing with a difference"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    # a scan of the paper opening record (PDF, JPEG or PNG), through municipal_platform.files; deleted
    # after the municipality's retention period (FeedbackSettings.batch_scan_days)
    scan = models.FileField(
        _("scan of the opening record"),
        storage=private_storage,
        upload_to=SchemaPath("feedback/batches"),
        max_length=200,
        blank=True,
    )
    scan_added_on = models.DateField(_("scan added on"), null=True, blank=True)

    class Meta:
        verbose_name = _("box batch")
        verbose_name_plural = _("box batches")
        ordering = ("-opened_on", "-id")

    def __str__(self) -> str:
        return f"{self.opened_on} ({self.counted})"


class RegistryComment(models.Model):
    """The comment registry: comments and questions citizens make about the form or the process."""

    class Kind(models.TextChoices):
        COMMENT = "comment", _("Comment")
        QUESTION = "question", _("Question")

    class About(models.TextChoices):
        FORM = "form", _("The form")
        PROCESS = "process", _("The process")
        OTHER = "other", _("Other")

    received_on = models.DateField(_("received on"))
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.PAPER)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.COMMENT)
    about = models.CharField(_("about"), max_length=10, choices=About.choices, default=About.FORM)
    text = models.TextField(_("text"), max_length=2000)
    reply = models.TextField(_("reply / action taken"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )

    class Meta:
        verbose_name = _("registry comment")
        verbose_name_plural = _("comment registry")
        ordering = ("-received_on", "-id")

    def __str__(self) -> str:
        return f"{self.received_on}: {self.text[:60]}"


class RegistryCommentEvent(HistoryEvent):
    """The history of a registry row: recorded, then each correction with the old and new values."""

    class Action(models.TextChoices):
        RECORDED = "recorded", _("Recorded")
        CORRECTED = "corrected", _("Corrected")

    comment = models.ForeignKey(
        RegistryComment, on_delete=models.CASCADE, related_name="events", verbose_name=_("registry comment")
    )
    action = models.CharField(_("action"), max_length=40, choices=Action.choices)

    class Meta(HistoryEvent.Meta):
        verbose_name = _("registry comment event")
        verbose_name_plural = _("registry comment events")
