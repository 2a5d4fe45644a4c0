"""E-mail invitations: queueing, idempotent sending with one reminder, single-use links, opt-out."""

from __future__ import annotations

import datetime
import logging
import secrets
from typing import Any

from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import translation

from municipal_platform.clock import today
from municipal_platform.links import site_base
from municipal_platform.schemas import current_tenant
from programmes.models import BenefitApplication

from ..models import (
    Channel,
    Form,
    Invitation,
    InvitedApplication,
    OptOut,
)
from ..selectors import settings_get
from .common import email_hmac, normalised_email, sha256, token_digest
from .responses import response_submit

logger = logging.getLogger(__name__)

# --- invitations --------------------------------------------------------------------------------------


class InvitationUnusable(Exception):
    """The link was used already, has expired, or never existed."""


def _invitation_form() -> Form | None:
    return (
        Form.objects.filter(kind=Form.Kind.ELECTRONIC, is_active=True)
        .order_by("-is_standard", "code")
        .first()
    )


def _opted_out(email: str) -> bool:
    return OptOut.objects.filter(email_hash=email_hmac(email)).exists()


@transaction.atomic
def invitation_queue(*, application: BenefitApplication) -> Invitation | None:
    """Queue an invitation for an application whose service ended. Idempotent (the ledger's unique key:
    a second call, a retried signal or a concurrent one queues nothing more) and written in whatever
    transaction is current, so when the sender calls it inside its own transaction the queued row is an
    outbox entry committed together with the change; the scheduled batch is the relay."""
    email = normalised_email(application.applicant.email)
    if not email or _opted_out(email):
        return None
    form = _invitation_form()
    if form is None:
        return None
    _entry, created = InvitedApplication.objects.get_or_create(
        application=application, defaults={"queued_on": today()}
    )
    if not created:
        return None
    return Invitation.objects.create(application=application, email=email, form=form, queued_on=today())


def _finish(invitation: Invitation, status: str, token: str | None = None) -> Invitation:
    """End a link (used, expired, opted out): replace the row by one that keeps only the status and the
    keyed token digests (to refuse the link again). A new row, not an update, so that neither its id (the
    queue order) nor its other columns say which application or address it was.

    A row sent before keyed digests keeps none of its plain sha256 digests (anyone holding the e-mail
    could recompute them): only the keyed digest of ``token``, the link that ended it, when known."""
    Invitation.objects.filter(pk=invitation.pk).delete()
    if invitation.legacy_digest:
        digests = {"token_hash": token_digest(token) if token else None, "reminder_token_hash": None}
    else:
        digests = {
            "token_hash": invitation.token_hash,
            "reminder_token_hash": invitation.reminder_token_hash,
        }
    forget_on: datetime.date | None = None
    if any(digests.values()):
        forget_on = today() + datetime.timedelta(days=settings_get().invitation_token_days)
        forget_on += datetime.timedelta(days=(7 - forget_on.weekday()) % 7)  # the Monday on or after
    return Invitation.objects.create(
        form_id=invitation.form_id, status=status, forget_on=forget_on, **digests
    )


def _send_invitation_mail(*, invitation: Invitation, token: str, reminder: bool) -> None:
    # the municipality's row gives the e-mail its name and the links their host (one query, not two)
    tenant = current_tenant()
    base = site_base(domain=tenant.get_primary_domain().domain)
    context = {
        "link": f"{base}/f/{invitation.form.code}/t/{token}/",
        "optout": f"{base}/f/optout/{token}/",
        "form": invitation.form,
        "tenant": tenant,
        "reminder": reminder,
        "expires_on": invitation.expires_on,
    }
    with translation.override("ka"):
        subject = render_to_string("feedback/email/invitation_subject.txt", context).strip()
        body = render_to_string("feedback/email/invitation_body.txt", context)
    send_mail(subject, body, None, [invitation.email])


def invitation_send_one(
    *, invitation_id: int, reminder: bool = False, on: datetime.date | None = None
) -> bool:
    """Send one invitation (or its reminder). Safe to call twice or from two workers at once: the row is
    locked while sending (others skip it) and its status says whether it went already. Returns True when
    a mail was sent by this call. If sending raises, nothing is recorded and a retry sends it."""
    on = on or today()
    cfg = settings_get()
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("form")
            .filter(pk=invitation_id)
            .first()
        )
        if invitation is None:
            return False
        expected = Invitation.Status.SENT if reminder else Invitation.Status.QUEUED
        if invitation.status != expected:
            return False
        if not invitation.email or _opted_out(invitation.email):
            _finish(invitation, Invitation.Status.OPTED_OUT)
            return False
        token = secrets.token_urlsafe(32)
        if reminder:
            invitation.status = Invitation.Status.REMINDED
            invitation.reminder_token_hash = token_digest(token)
            invitation.reminded_on = on
            fields = ["status", "reminder_token_hash", "reminded_on"]
        else:
            invitation.status = Invitation.Status.SENT
            invitation.token_hash = token_digest(token)
            invitation.sent_on = on
            invitation.expires_on = on + datetime.timedelta(days=cfg.invitation_valid_days)
            fields = ["status", "token_hash", "sent_on", "expires_on"]
        _send_invitation_mail(invitation=invitation, token=token, reminder=reminder)
        invitation.save(update_fields=fields)
    logger.info("feedback invitation %s sent (reminder=%s)", invitation_id, reminder)
    return True


def invitations_due(*, on: datetime.date | None = None, limit: int = 500) -> dict[str, list[int]]:
    """Ids of invitations to send, to remind, and to expire on ``on``."""
    on = on or today()
    cfg = settings_get()
    queued = list(
        Invitation.objects.filter(status=Invitation.Status.QUEUED)
        .order_by("id")
        .values_list("id", flat=True)[:limit]
    )
    remind = list(
        Invitation.objects.filter(
            status=Invitation.Status.SENT,
            sent_on__lte=on - datetime.timedelta(days=cfg.reminder_after_days),
            expires_on__gt=on,
        )
        .order_by("id")
        .values_list("id", flat=True)[:limit]
    )
    return {"send": queued, "remind": remind}


def invitations_expire(*, on: datetime.date | None = None) -> int:
    on = on or today()
    expired = 0
    with transaction.atomic():
        rows = Invitation.objects.select_for_update(skip_locked=True).filter(
            status__in=[Invitation.Status.SENT, Invitation.Status.REMINDED], expires_on__lt=on
        )
        for invitation in rows:
            _finish(invitation, Invitation.Status.EXPIRED)
            expired += 1
    return expired


def invitations_send_batch(*, on: datetime.date | None = None) -> dict[str, int]:
    """The scheduled batch: expire old links, send the queued invitations and the due reminders."""
    on = on or today()
    expired = invitations_expire(on=on)
    due = invitations_due(on=on)
    sent = sum(invitation_send_one(invitation_id=i, on=on) for i in due["send"])
    reminded = sum(invitation_send_one(invitation_id=i, reminder=True, on=on) for i in due["remind"])
    return {"sent": sent, "reminded": reminded, "expired": expired}


def _usable_invitation(token: str, *, lock: bool) -> Invitation:
    if not token or len(token) > 100:
        raise InvitationUnusable
    digest = token_digest(token)
    legacy = sha256(token)  # rows sent before keyed digests, only while pending (they expire)
    qs = Invitation.objects.filter(
        Q(token_hash=digest)
        | Q(reminder_token_hash=digest)
        | Q(legacy_digest=True, status__in=Invitation.PENDING)
        & (Q(token_hash=legacy) | Q(reminder_token_hash=legacy))
    ).select_related("form")
    if lock:
        qs = qs.select_for_update(of=("self",))
    invitation = qs.first()
    if (
        invitation is None
        or invitation.status not in (Invitation.Status.SENT, Invitation.Status.REMINDED)
        or (invitation.expires_on and invitation.expires_on < today())
    ):
        raise InvitationUnusable
    return invitation


def invitation_check(*, token: str) -> Invitation:
    return _usable_invitation(token, lock=False)


@transaction.atomic
def invitation_response_submit(*, token: str, data: dict[str, Any]) -> None:
    """Answer through an invitation link: stores the response (no link back) and spends the token.
    Returns nothing on purpose, so callers cannot pair the two."""
    invitation = _usable_invitation(token, lock=True)
    version = invitation.form.versions.get(is_current=True)
    response_submit(version=version, channel=Channel.EMAIL, data=data, submitted_on=today())
    _finish(invitation, Invitation.Status.USED, token)


@transaction.atomic
def invitation_opt_out(*, token: str) -> None:
    invitation = _usable_invitation(token, lock=True)
    if invitation.email:
        OptOut.objects.get_or_create(email_hash=email_hmac(invitation.email), defaults={"on": today()})
    _finish(invitation, Invitation.Status.OPTED_OUT, token)
