"""What the case services share: the history and audit rows of a change, the case locked for it, and
the checks every one of them makes (a date not in the future, a case not closed)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from municipal_platform import clock
from municipal_platform.roles import Role, user_roles

from .. import visibility
from ..models import Case, CaseAuditEntry, CaseEvent

Status = Case.Status

# The key of a history row's changes that lists the special-category texts the change wrote (their field
# names, never their text: the history is not encrypted, the texts are; the case page shows them).
SEALED = "sealed"


def _sealed_written(changes: dict[str, Any], **texts: str) -> None:
    """Note in ``changes`` which of ``texts`` (field name: the text written) the change wrote."""
    written = sorted(name for name, text in texts.items() if text)
    if written:
        changes[SEALED] = written


def _plain(value: Any) -> Any:
    """A JSON-safe form of a value for the history."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (Decimal, datetime.date)):
        return str(value)
    return str(value)


def _record(case: Case, actor, action: str, what: str, changes: Mapping[str, Any] | None = None) -> CaseEvent:
    """The case's history row and its audit row, in the caller's transaction."""
    visibility.audit(actor, case.pk, kind=CaseAuditEntry.Kind.CHANGE, what=what)
    return CaseEvent.objects.create(
        case=case, actor=actor, action=action, changes={k: _plain(v) for k, v in (changes or {}).items()}
    )


def _day(value: datetime.date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def _not_in_future(field: str, value: datetime.date | None) -> None:
    if value is None:
        raise ValidationError({field: _("Give the date.")})
    if value > clock.today():
        raise ValidationError({field: _("The date cannot be in the future.")})


def _text(value: str | None) -> str:
    return (value or "").strip()


def _open_case(case: Case) -> None:
    if case.status == Status.CLOSED:
        raise ValidationError(
            {"case": _("Case %(number)s is closed: reopen it first.") % {"number": case.number}}
        )


def _age_on(birth_date: datetime.date, day: datetime.date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def _may_work_cases(user) -> bool:
    """Whether ``user`` may be a case's worker: a social worker by role, or the head of service."""
    roles = user_roles(user)
    return bool(user.is_active and (Role.SOCIAL_WORKER in roles or Role.HEAD_OF_SERVICE in roles))


def _check_worker(worker, field: str) -> None:
    if worker is None or not _may_work_cases(worker):
        raise ValidationError({field: _("Choose a user who holds the social worker role.")})


def _locked_case(actor, case_id) -> Case:
    return visibility.case_for_change(actor, case_id)
