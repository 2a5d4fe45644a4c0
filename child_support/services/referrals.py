"""Referrals of a child or family: to the municipality's own services (internal) or to outside ones
(external, with the guardian's consent or the head of service's override), the violence referral that
restricts the case and alerts the head of service at once, and a referral's status afterwards.

Errors name the field the page and the API show them next to: ``case``, ``kind``, ``target``,
``referred_on``, ``direction``, ``child``, ``consent``, ``override_reason``, ``is_violence``,
``budget_line``, ``monthly_cost``, ``months``, ``trips``, ``amount``, ``capacity``, ``enrolled_on``,
``status``, ``reason``, ``attendance_days``.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from municipal_platform import clock
from municipal_platform.outbox.services import message_enqueue
from programmes.models import BudgetLine, Consent

from .. import visibility
from ..models import Case, CaseAuditEntry, CaseChild, CaseEvent, Referral
from ._case_helpers import _age_on, _sealed_written

__all__ = ["VIOLENCE_KINDS", "referral_attendance", "referral_create", "referral_status"]

Kind = Referral.Kind
CENT = Decimal("0.01")
Status = Referral.Status

# A violence referral goes to a competent outside authority.
VIOLENCE_KINDS = (Kind.POLICE, Kind.STATE_AGENCY, Kind.OTHER_SERVICE)

# status -> the statuses it may move to (rejected and revoked need a reason)
NEXT_STATUSES: dict[str, tuple[str, ...]] = {
    Status.IN_PROGRESS: (Status.ACCEPTED, Status.REJECTED, Status.REVOKED),
    Status.ACCEPTED: (Status.DONE, Status.REVOKED),
}


def _positive(field: str, value: Any, message: str, *, whole: bool = False) -> None:
    if value is None or value == "" or value <= 0 or (whole and int(value) != value):
        raise ValidationError({field: message})
    if value > (32767 if whole else Decimal("1e9")):
        raise ValidationError({field: _("The number is too large.")})


def _money(field: str, value: Decimal | None) -> Decimal | None:
    """An amount in GEL kept to the cent, or a message naming the field."""
    if value is None:
        return None
    value = Decimal(value)
    if not value.is_finite() or value < 0:
        raise ValidationError({field: _("An amount cannot be negative.")})
    if value >= Decimal("1e10"):
        raise ValidationError({field: _("The amount is too large.")})
    return value.quantize(CENT)


def _child_of(case: Case, child_id: int | None) -> CaseChild | None:
    if child_id in (None, ""):
        return None
    child = CaseChild.objects.select_related("person").filter(pk=child_id, case=case).first()
    if child is None:
        raise ValidationError({"child": _("Choose a child of this case.")})
    return child


def _budget_line(budget_line_id: int | None, day: datetime.date) -> BudgetLine | None:
    if budget_line_id in (None, ""):
        return None
    line = BudgetLine.objects.select_related("service").filter(pk=budget_line_id).first()
    if line is None:
        raise ValidationError({"budget_line": _("Choose the budget line the referral is paid from.")})
    if line.year != day.year:
        raise ValidationError(
            {
                "budget_line": _(
                    "This budget line is for %(line_year)s, but the referral is made in %(year)s: choose "
                    "the %(year)s line."
                )
                % {"line_year": line.year, "year": day.year}
            }
        )
    return line


def _check_internal(
    *,
    kind: str,
    child: CaseChild | None,
    referred_on: datetime.date,
    line: BudgetLine | None,
    monthly_cost: Decimal | None,
    months: int | None,
    trips: int | None,
    amount: Decimal | None,
    capacity: int | None,
    enrolled_on: datetime.date | None,
) -> None:
    """What each internal service needs to be paid for and followed."""
    if kind in (Kind.AUTISM_THERAPY, Kind.EARLY_DEVELOPMENT, Kind.INCLUSIVE_CENTRE) and child is None:
        raise ValidationError({"child": _("Choose the child this service is for.")})
    if kind == Kind.AUTISM_THERAPY:
        _positive("monthly_cost", monthly_cost, _("Give the therapy's monthly cost in GEL."))
        _positive("months", months, _("Give how many months the therapy is funded."), whole=True)
        if line is None:
            raise ValidationError({"budget_line": _("Choose the budget line the therapy is paid from.")})
    elif kind == Kind.EARLY_DEVELOPMENT:
        assert child is not None
        birth_date = child.person.birth_date
        if birth_date is None:
            raise ValidationError(
                {
                    "child": _(
                        "%(name)s has no date of birth in the register: early development is for "
                        "children aged 0-7."
                    )
                    % {"name": f"{child.person.first_name} {child.person.last_name}"}
                }
            )
        if _age_on(birth_date, referred_on) >= 7:
            raise ValidationError(
                {
                    "child": _("%(name)s is 7 or older: early development is for children aged 0-7.")
                    % {"name": f"{child.person.first_name} {child.person.last_name}"}
                }
            )
        _positive("trips", trips, _("Give how many trips the specialist makes."), whole=True)
        _positive("amount", amount, _("Give the travel amount reimbursed, in GEL."))
    elif kind == Kind.INCLUSIVE_CENTRE:
        if enrolled_on is None:
            raise ValidationError({"enrolled_on": _("Give the date the child is enrolled.")})
        if enrolled_on < referred_on:
            raise ValidationError({"enrolled_on": _("The enrolment cannot come before the referral.")})
        _positive("capacity", capacity, _("Give the centre's capacity (places)."), whole=True)


def _consent_gate(
    *,
    actor,
    case: Case,
    referred_on: datetime.date,
    consent_id: int | None,
    override_reason: str,
    required: bool,
) -> tuple[Consent | None, str]:
    """The guardian's consent (a referral consent of a member of the case's household, given by the day
    of the referral and not withdrawn) or the head of service's override with its reason."""
    if consent_id not in (None, ""):
        consent = Consent.objects.select_related("person").filter(pk=consent_id).first()
        if consent is None or consent.person.household_id != case.household_id:
            raise ValidationError({"consent": _("Choose a consent given by a member of the family.")})
        if consent.purpose != Consent.Purpose.REFERRAL:
            raise ValidationError({"consent": _("This consent is not for a referral to an outside service.")})
        if consent.withdrawn_on is not None:
            raise ValidationError(
                {
                    "consent": _("This consent was withdrawn on %(day)s.")
                    % {"day": consent.withdrawn_on.isoformat()}
                }
            )
        if consent.given_on > referred_on:
            raise ValidationError(
                {
                    "consent": _("This consent was given on %(day)s, after the referral.")
                    % {"day": consent.given_on.isoformat()}
                }
            )
        return consent, ""
    if override_reason:
        if not visibility.is_head(actor):
            raise ValidationError(
                {"override_reason": _("Only the head of service may override the guardian's consent.")}
            )
        return None, override_reason
    if required:
        raise ValidationError(
            {
                "consent": _(
                    "A referral to an outside service needs the guardian's recorded consent, or the head "
                    "of service's override with a reason."
                )
            }
        )
    return None, ""


@transaction.atomic
def referral_create(
    *,
    actor,
    case_id: int,
    kind: str,
    target: str,
    referred_on: datetime.date | None,
    child_id: int | None = None,
    direction: str = Referral.Direction.OUTGOING,
    reason: str = "",
    is_violence: bool = False,
    consent_id: int | None = None,
    override_reason: str = "",
    budget_line_id: int | None = None,
    monthly_cost: Decimal | None = None,
    months: int | None = None,
    trips: int | None = None,
    amount: Decimal | None = None,
    capacity: int | None = None,
    enrolled_on: datetime.date | None = None,
) -> Referral:
    """Refer the child or family of case ``case_id`` to a service.

    An external referral needs the guardian's consent or the head of service's override (with a reason).
    A violence referral needs neither (reporting is a legal duty), goes to the police, the state agency
    or another competent service, restricts the case for good (its worker and the head of service only)
    and writes, in this transaction, the outbox message that alerts the head of service."""
    case = visibility.case_for_change(actor, case_id)
    if not case.is_open:
        raise ValidationError({"case": _("The case is closed: reopen it before making a referral.")})
    if kind not in Kind.values:
        raise ValidationError({"kind": _("Choose the service the referral is for.")})
    if direction not in Referral.Direction.values:
        raise ValidationError({"direction": _("Choose the direction of the referral.")})
    target = " ".join((target or "").split())
    if not target:
        raise ValidationError({"target": _("Say where the child or family is referred.")})
    if len(target) > 300:
        raise ValidationError({"target": _("At most 300 characters.")})
    if referred_on is None:
        raise ValidationError({"referred_on": _("Give the date of the referral.")})
    if referred_on > clock.today():
        raise ValidationError({"referred_on": _("The date cannot be in the future.")})
    if referred_on < case.opened_on:
        raise ValidationError(
            {
                "referred_on": _("The case was opened on %(opened)s: a referral cannot come before that.")
                % {"opened": case.opened_on.isoformat()}
            }
        )
    reason = (reason or "").strip()
    override_reason = (override_reason or "").strip()
    if is_violence and kind not in VIOLENCE_KINDS:
        raise ValidationError(
            {
                "is_violence": _(
                    "A violence referral goes to the police, the State Social Service Agency or another "
                    "competent service."
                )
            }
        )
    child = _child_of(case, child_id)
    line = _budget_line(budget_line_id, referred_on)
    internal = kind in Referral.INTERNAL_KINDS
    if internal:
        _check_internal(
            kind=kind,
            child=child,
            referred_on=referred_on,
            line=line,
            monthly_cost=monthly_cost,
            months=months,
            trips=trips,
            amount=amount,
            capacity=capacity,
            enrolled_on=enrolled_on,
        )
    monthly_cost = _money("monthly_cost", monthly_cost)
    amount = _money("amount", amount)
    consent, override = (None, "")
    if not is_violence:
        consent, override = _consent_gate(
            actor=actor,
            case=case,
            referred_on=referred_on,
            consent_id=consent_id,
            override_reason=override_reason,
            required=not internal,
        )

    referral = Referral.objects.create(
        case=case,
        child=child,
        kind=kind,
        direction=direction,
        target=target,
        reason=reason,
        referred_on=referred_on,
        is_violence=is_violence,
        consent=consent,
        override_by=actor if override else None,
        override_reason=override,
        budget_line=line,
        monthly_cost=monthly_cost,
        months=months,
        trips=trips,
        amount=amount,
        capacity=capacity,
        enrolled_on=enrolled_on,
        created_by=actor,
    )
    changes: dict[str, Any] = {
        "referral": referral.pk,
        "kind": kind,
        "direction": direction,
        "target": target,
        "referred_on": referred_on.isoformat(),
    }
    if child is not None:
        changes["child"] = child.pk
    if consent is not None:
        changes["consent"] = consent.pk
    _sealed_written(changes, reason=reason, override_reason=override)
    if line is not None:
        changes["budget_line"] = str(line)
        changes["cost"] = str(referral.cost)
    if is_violence:
        if not case.restricted:
            case.restricted = True
            case.save(update_fields=["restricted"])
        changes["restricted"] = True
        CaseEvent.objects.create(case=case, actor=actor, action=CaseEvent.Action.VIOLENCE, changes=changes)
        message_enqueue(kind="child_support.violence", referral_id=referral.pk)
    else:
        CaseEvent.objects.create(case=case, actor=actor, action=CaseEvent.Action.REFERRAL, changes=changes)
    visibility.audit(actor, case.pk, kind=CaseAuditEntry.Kind.CHANGE, what="referral_create")
    return referral


def _referral_for_change(actor, referral_id: int) -> tuple[Case, Referral]:
    """The referral and its case, both locked; 404 when the actor may not change the case."""
    case_id = Referral.objects.filter(pk=referral_id).values_list("case_id", flat=True).first()
    if case_id is None:
        raise Http404
    case = visibility.case_for_change(actor, case_id)
    return case, Referral.objects.select_for_update().get(pk=referral_id)


@transaction.atomic
def referral_status(*, actor, referral_id: int, status: str, reason: str = "", outcome: str = "") -> Referral:
    """Move a referral on: in progress -> accepted, rejected (with a reason) or revoked (with a reason);
    accepted -> done (with its outcome) or revoked. Anything else is refused, naming both statuses."""
    case, referral = _referral_for_change(actor, referral_id)
    if status not in Status.values:
        raise ValidationError({"status": _("Choose a status.")})
    old = referral.status
    if status not in NEXT_STATUSES.get(old, ()):
        raise ValidationError(
            {
                "status": _("A referral that is “%(old)s” cannot become “%(new)s”.")
                % {"old": Status(old).label, "new": Status(status).label}
            }
        )
    reason = (reason or "").strip()
    outcome = (outcome or "").strip()
    if status == Status.REJECTED and not reason:
        raise ValidationError({"reason": _("Say why the service rejected the referral.")})
    if status == Status.REVOKED and not reason:
        raise ValidationError({"reason": _("Say why the referral is revoked.")})
    referral.status = status
    fields = ["status"]
    changes: dict[str, Any] = {"referral": referral.pk, "status": [old, status]}
    if reason:
        referral.status_reason = reason
        fields.append("status_reason")
    if outcome:
        referral.outcome = outcome
        fields.append("outcome")
    _sealed_written(changes, status_reason=reason, outcome=outcome)
    referral.save(update_fields=fields)
    CaseEvent.objects.create(case=case, actor=actor, action=CaseEvent.Action.REFERRAL_STATUS, changes=changes)
    visibility.audit(actor, case.pk, kind=CaseAuditEntry.Kind.CHANGE, what="referral_status")
    return referral


@transaction.atomic
def referral_attendance(*, actor, referral_id: int, attendance_days: int | None) -> Referral:
    """Record how many days the child has attended the inclusive centre so far (an accepted enrolment)."""
    case, referral = _referral_for_change(actor, referral_id)
    if referral.kind != Kind.INCLUSIVE_CENTRE:
        raise ValidationError(
            {"attendance_days": _("Attendance is kept for inclusive centre enrolments only.")}
        )
    if referral.status not in (Status.ACCEPTED, Status.DONE):
        raise ValidationError(
            {"attendance_days": _("Attendance is kept once the centre accepted the child.")}
        )
    if attendance_days is None or attendance_days < 0 or int(attendance_days) != attendance_days:
        raise ValidationError({"attendance_days": _("Give the number of days attended (0 or more).")})
    if attendance_days > 366 * 10:
        raise ValidationError({"attendance_days": _("That is more days than the enrolment can have.")})
    old = referral.attendance_days
    if old == attendance_days:
        return referral
    referral.attendance_days = attendance_days
    referral.save(update_fields=["attendance_days"])
    CaseEvent.objects.create(
        case=case,
        actor=actor,
        action=CaseEvent.Action.REFERRAL_STATUS,
        changes={"referral": referral.pk, "attendance_days": [old, attendance_days]},
    )
    visibility.audit(actor, case.pk, kind=CaseAuditEntry.Kind.CHANGE, what="referral_attendance")
    return referral
