"""The outbox: one row per e-mail or notification to send, written in the same transaction as the change
that calls for it, in the schema where its sender lives (a municipality's, or public for the portal).

A row holds only what names the message (its kind and ids): the text, and any single-use link in it, is
built when the message goes out (a link is never stored). A relay task sent on commit sends it at once; a
periodic sweep sends what the relay could not (Redis was down, a worker died). The row is locked while it
is sent and stamped `sent_at` in the same transaction, so each message goes out once.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxMessage(models.Model):
    kind = models.CharField(_("kind"), max_length=60)
    # ids and flags only (e.g. {"user_id": 7}): never a link, a token or the message's text
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    # a failed attempt (the mail server refused) waits until next_attempt_at; after
    # OUTBOX_MAX_ATTEMPTS the message is given up (failed_at) and stays for an administrator to see
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    failed_at = models.DateTimeField(_("given up at"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        ordering = ("id",)
        indexes = (
            models.Index(
                fields=("next_attempt_at",),
                condition=models.Q(sent_at__isnull=True, failed_at__isnull=True),
                name="outbox_pending_idx",
            ),
        )

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"
