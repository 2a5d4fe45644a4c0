"""Audit tables.

**Trigger audit** (django-pghistory, https://django-pghistory.readthedocs.io/): PostgreSQL triggers copy
every inserted, updated and deleted row of a watched table into its event table, whatever wrote it (a
service, ``queryset.update()``, a bulk write, raw SQL in psql). An update writes two rows: the values
before (``before_update``) and after (``update``). Watching one more model is one line in `WATCHED`
below, then ``makemigrations audit``; the triggers are installed by ``migrate`` in every schema where the
model's table exists (``PGTRIGGER_INSTALL_ON_MIGRATE``), and a municipality provisioned later gets them
with the template schema it is cloned from.

Watched now: benefit decisions (programmes' applications and payments), feedback report publications,
users and their roles (group membership), child-support cases, their aid and referrals. Contest
submissions join with a line when they land. The event tables are append-only (a trigger refuses UPDATE and DELETE on them).
"""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.utils.translation import gettext_lazy as _

from child_support.models import Case, Provision, Referral
from feedback.models import Report
from programmes.models import BenefitApplication, Payment

# Columns never copied into the audit: credentials.
USER_NOT_AUDITED = ["password", "last_login"]


def every_write() -> tuple:
    """Insert, the values before and after an update, delete (new tracker objects for each model)."""
    return (
        pghistory.InsertEvent(),
        pghistory.UpdateEvent("before_update", row=pghistory.Old),
        pghistory.UpdateEvent(),
        pghistory.DeleteEvent(),
    )


def watch(model: type[models.Model], name: str, *, exclude: list[str] | None = None, trackers=None):
    """The event model that records every write of ``model`` (one line per watched model, below)."""
    return pghistory.create_event_model(
        model,
        *(trackers or every_write()),
        exclude=exclude,
        obj_field=pghistory.ObjForeignKey(related_name="audit_events", db_constraint=False),
        model_name=name,
        app_label="audit",
        append_only=True,
        abstract=False,
    )


User = get_user_model()

# -- what the triggers watch: one line each ------------------------------------------------------------
BenefitApplicationAudit = watch(BenefitApplication, "BenefitApplicationAudit")
PaymentAudit = watch(Payment, "PaymentAudit")
ReportAudit = watch(Report, "ReportAudit")
# A case's and a referral's special-category text is sealed (encrypted) in its own column and never copied
# here: these tables are append-only, so a copy could neither be re-encrypted at a key rotation nor erased.
CaseAudit = watch(Case, "CaseAudit", exclude=["close_note"])
ProvisionAudit = watch(Provision, "ProvisionAudit")
ReferralAudit = watch(
    Referral, "ReferralAudit", exclude=["reason", "status_reason", "outcome", "override_reason"]
)
UserAudit = watch(User, "UserAudit", exclude=USER_NOT_AUDITED)
UserRoleAudit = watch(
    User.groups.through,  # type: ignore[attr-defined]
    "UserRoleAudit",
    trackers=(pghistory.InsertEvent(), pghistory.DeleteEvent()),
)

WATCHED: dict[type[models.Model], type[models.Model]] = {
    BenefitApplication: BenefitApplicationAudit,
    Payment: PaymentAudit,
    Report: ReportAudit,
    Case: CaseAudit,
    Provision: ProvisionAudit,
    Referral: ReferralAudit,
    User: UserAudit,
    User.groups.through: UserRoleAudit,  # type: ignore[attr-defined]
}


class SpecialDataRead(models.Model):
    """Who read which record's special-category fields, when and why (municipal_platform.crypto)."""

    at = models.DateTimeField(_("at"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("by")
    )
    model = models.CharField(_("record type"), max_length=100)
    object_id = models.CharField(_("record"), max_length=64)
    fields = models.JSONField(_("fields read"), default=list)
    purpose = models.CharField(_("purpose"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("special-category data read")
        verbose_name_plural = _("special-category data reads")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["model", "object_id"], name="audit_special_read_record")]

    def __str__(self) -> str:
        return f"{self.model} #{self.object_id} · {self.at:%Y-%m-%d %H:%M}"


class MasterKeyFingerprint(models.Model):
    """Used in the public schema only: what a field-encryption master key looked like when its id was
    first used, so a process started with a wrong key refuses to run (never the key itself)."""

    key_id = models.CharField(max_length=16, unique=True)
    fingerprint = models.CharField(max_length=64)
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.key_id
