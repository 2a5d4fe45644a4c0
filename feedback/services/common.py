"""Constants and small helpers every service module uses, and the municipality's feedback settings."""

from __future__ import annotations

import datetime
import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from municipal_platform.clock import today
from municipal_platform.model_update import model_update
from municipal_platform.roles import Role, require_role

from ..models import (
    MIN_SUPPRESSION_THRESHOLD,
    Answer,
    FeedbackSettings,
)
from ..selectors import settings_get

COLLECTORS = (Role.FRONT_DESK, Role.FEEDBACK_OFFICER)
MAX_TEXT = Answer.MAX_TEXT
NOT_SURE = "not_sure"
MAX_RETENTION_DAYS = 3650


def not_in_future(field: str, day: datetime.date | None) -> None:
    """A day something happened (a comment received, a box opened, a meeting held) is not after today."""
    if day is not None and day > today():
        raise ValidationError({field: _("The date cannot be in the future.")})


def sha256(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def keyed_hash(purpose: str, value: str) -> str:
    """HMAC-SHA256 of ``value`` keyed by settings.PSEUDONYM_KEY (per purpose): without the key a stored
    digest cannot be tested against guesses. A key of its own, so rotating SECRET_KEY (sessions) does
    not silently cancel opt-outs or let a re-imported file in twice."""
    return salted_hmac(
        f"feedback.{purpose}", value, secret=settings.PSEUDONYM_KEY, algorithm="sha256"
    ).hexdigest()


def token_digest(token: str) -> str:
    """What an invitation row stores of its link's token: keyed, so the database alone (with the sent
    e-mails) cannot tell which row a token was."""
    return keyed_hash("invitation-token", token)


def normalised_email(address: str | None) -> str:
    return (address or "").strip().lower()


def email_hmac(address: str) -> str:
    return keyed_hash("optout", normalised_email(address))


# --- settings -----------------------------------------------------------------------------------------


@transaction.atomic
def settings_update(
    *,
    actor,
    suppression_threshold: int,
    invitation_weekdays: str,
    invitation_valid_days: int,
    reminder_after_days: int,
    box_reminder_weekday: int = 5,
    invitation_address_days: int | None = None,
    invitation_token_days: int | None = None,
    import_file_days: int | None = None,
    batch_scan_days: int | None = None,
) -> FeedbackSettings:
    """Change the municipality's feedback settings; the retention periods (days) left None stay as they
    are."""
    require_role(actor, Role.HEAD_OF_SERVICE)
    if suppression_threshold < MIN_SUPPRESSION_THRESHOLD:
        raise ValidationError(
            {"suppression_threshold": _("The smallest published figure cannot be below 3.")}
        )
    days = [d.strip() for d in invitation_weekdays.split(",") if d.strip()]
    if not days or any(not d.isdigit() or not 1 <= int(d) <= 7 for d in days):
        raise ValidationError({"invitation_weekdays": _("Give weekdays as numbers 1-7 separated by commas.")})
    if not 1 <= box_reminder_weekday <= 7:
        raise ValidationError(
            {"box_reminder_weekday": _("Give weekdays as numbers 1-7 separated by commas.")}
        )
    obj = settings_get()
    retention = {
        "invitation_address_days": invitation_address_days,
        "invitation_token_days": invitation_token_days,
        "import_file_days": import_file_days,
        "batch_scan_days": batch_scan_days,
    }
    periods: dict[str, int] = {
        name: getattr(obj, name) if kept is None else kept for name, kept in retention.items()
    }
    for name, kept in periods.items():
        if not isinstance(kept, int) or not 1 <= kept <= MAX_RETENTION_DAYS:
            raise ValidationError(
                {name: _("Give a number of days from 1 to %(max)d.") % {"max": MAX_RETENTION_DAYS}}
            )
    if periods["invitation_address_days"] < invitation_valid_days:
        raise ValidationError(
            {
                "invitation_address_days": _(
                    "Keep the addresses at least as long as an invitation is valid (%(days)d days)."
                )
                % {"days": invitation_valid_days}
            }
        )
    model_update(
        instance=obj,
        fields=[
            "suppression_threshold",
            "invitation_weekdays",
            "invitation_valid_days",
            "reminder_after_days",
            "box_reminder_weekday",
            *periods,
        ],
        data={
            "suppression_threshold": suppression_threshold,
            "invitation_weekdays": ",".join(days),
            "invitation_valid_days": invitation_valid_days,
            "reminder_after_days": reminder_after_days,
            "box_reminder_weekday": box_reminder_weekday,
            **periods,
        },
    )
    return obj
