"""E-mail invitations, the ledger that keeps queueing idempotent, and opt-outs."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .forms import Form


class Invitation(models.Model):
    """An e-mail invitation to answer the electronic form once a service ended: the outbox row the
    scheduled batch relays (it holds the address to write to while the link is pending).

    Tokens are stored only as HMAC-SHA256 digests keyed by settings.PSEUDONYM_KEY (`token_digest`), a key
    the database does not hold: someone who reads the database and holds the sent e-mails cannot compute
    a stored digest from a token, so cannot find which row (and so which response, written in the same
    transaction as the spent row) a link led to. Rows sent before keyed digests (`legacy_digest`) hold
    plain sha256 digests, accepted only while they are pending. Once the link is used, expires or the
    citizen opts out, the row is replaced by a fresh one (new id, new transaction id) that keeps only the
    status and the keyed digest (to refuse the link again, until the retention task clears it), so nothing
    joins it to the applicant, the address, the queue order or the response it led to.
    Queueing stays idempotent through `InvitedApplication`, which has no link to this row.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        REMINDED = "reminded", _("Reminder sent")
        USED = "used", _("Answered")
        OPTED_OUT = "opted_out", _("Opted out")
        EXPIRED = "expired", _("Expired")

    PENDING = (Status.QUEUED, Status.SENT, Status.REMINDED)

    # set while the link is pending (the service to offer pre-selected); NULL once it is finished
    application = models.OneToOneField(
        "programmes.BenefitApplication",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="feedback_invitation",
        verbose_name=_("application"),
    )
    email = models.EmailField(_("e-mail address"), blank=True)  # blanked once the link is finished
    form = models.ForeignKey(
        Form, on_delete=models.PROTECT, related_name="invitations", verbose_name=_("form")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    reminder_token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    # the digests above are plain sha256 (written before keyed digests); never true on a finished row
    legacy_digest = models.BooleanField(default=False)
    # a finished row: the Monday from which the retention task clears its digests (a week, not the day it
    # ended); NULL once cleared, and on pending rows
    forget_on = models.DateField(null=True, blank=True)
    queued_on = models.DateField(_("queued on"), null=True, blank=True)
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    reminded_on = models.DateField(_("reminder sent on"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ("-id",)
        constraints = (
            # a finished invitation keeps nothing that identifies anyone
            models.CheckConstraint(
                condition=models.Q(status__in=["queued", "sent", "reminded"])
                | models.Q(
                    application__isnull=True,
                    email="",
                    queued_on__isnull=True,
                    sent_on__isnull=True,
                    reminded_on__isnull=True,
                    expires_on__isnull=True,
                    legacy_digest=False,
                ),
                name="%(app_label)s_%(class)s_finished_is_anonymous",
            ),
        )

    def __str__(self) -> str:
        return f"{self.get_status_display()} ({self.queued_on or '-'})"


class InvitedApplication(models.Model):
    """The ledger that keeps queueing idempotent: an application is invited at most once. Written in the
    same transaction as the queued `Invitation`, with no link to it."""

    application = models.OneToOneField(
        "programmes.BenefitApplication",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
        verbose_name=_("application"),
    )
    queued_on = models.DateField(_("queued on"))

    class Meta:
        verbose_name = _("invited application")
        verbose_name_plural = _("invited applications")

    def __str__(self) -> str:
        return str(self.queued_on)


class OptOut(models.Model):
    """An address that asked not to be invited again, stored as an HMAC (keyed by settings.PSEUDONYM_KEY) of the
    normalised address, never the address."""

    email_hash = models.CharField(max_length=64, unique=True)
    on = models.DateField(_("opted out on"))

    class Meta:
        verbose_name = _("opt-out")
        verbose_name_plural = _("opt-outs")

    def __str__(self) -> str:
        return str(self.on)
