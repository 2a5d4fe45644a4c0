"""Writes of a case's life: opening (numbered per year), its children, the source, transfer to another
worker, closing and reopening. The case's work (assessment, review, plan) is in `plans`, the commission's
meetings and the daily digest in `meetings`; their names are listed here too, so that
``from child_support import services`` finds them all.

Each function locks the case through `visibility.case_for_change` (a case the actor may not change does
not exist for them: 404), validates before it writes (``ValidationError`` naming the field), and writes
the case's history row (`CaseEvent`) and its audit row (`visibility.audit`) in the same transaction.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from municipal_platform.model_update import model_update
from municipal_platform.roles import Role, require_role
from municipal_platform.schemas import current_schema
from programmes import services as programmes_services
from programmes.models import Household, Person

from .. import visibility
from ..models import Case, CaseChild, CaseEvent, Plan, Referral
from ._case_helpers import (
    Status,
    _age_on,
    _check_worker,
    _day,
    _locked_case,
    _not_in_future,
    _open_case,
    _record,
    _sealed_written,
    _text,
)
from .inbox import notification_read
from .meetings import (
    DIGEST_KIND,
    digests_enqueue,
    meeting_close,
    meeting_create,
    meeting_open,
    meeting_set_agenda,
)
from .plans import assessment_record, plan_action_done, plan_approve, plan_write, review_record

__all__ = [
    "CHILD_FIELDS",
    "DIGEST_KIND",
    "assessment_record",
    "case_close",
    "case_open",
    "case_reopen",
    "case_transfer",
    "case_update",
    "child_add",
    "digests_enqueue",
    "meeting_close",
    "meeting_create",
    "meeting_open",
    "meeting_set_agenda",
    "notification_read",
    "plan_action_done",
    "plan_approve",
    "plan_write",
    "review_record",
]

ADULT_AGE = 18
# What a child's entry of case_open / child_add may carry besides who the child is.
CHILD_FIELDS = ("disability", "autism_diagnosis", "orphan", "schooling", "institution")
PERSON_KEYS = ("first_name", "last_name", "personal_number", "birth_date", "sex")


# --- children -------------------------------------------------------------------------------------------


def _child_name(child: Mapping[str, Any]) -> str:
    person = child.get("person")
    if person is not None:
        return str(person)
    name = f"{_text(child.get('first_name'))} {_text(child.get('last_name'))}".strip()
    return name or _("A child")


def _child_details(child: Mapping[str, Any]) -> dict[str, Any]:
    """The child's details given (an empty one, as a form sends it, takes the field's default)."""
    return {key: child[key] for key in CHILD_FIELDS if child.get(key) not in (None, "")}


def _check_child(child: Mapping[str, Any], opened_on: datetime.date, number: int) -> None:
    """Validate one child's entry before anything is written (the person's own record is validated by
    the register when it is written)."""
    if not isinstance(child, Mapping):
        raise ValidationError({"children": _("Child %(n)s: give the child's details.") % {"n": number}})
    name = _child_name(child)
    person = child.get("person")
    if person is not None:
        if not isinstance(person, Person):
            raise ValidationError(
                {"children": _("%(name)s: choose a person of the register.") % {"name": name}}
            )
        birth_date = person.birth_date
    else:
        missing = [key for key in PERSON_KEYS if not child.get(key)]
        if missing:
            labels = ", ".join(
                str(getattr(Person._meta.get_field(key), "verbose_name", key)) for key in missing
            )
            raise ValidationError(
                {"children": _("Child %(n)s: give the %(fields)s.") % {"n": number, "fields": labels}}
            )
        birth_date = child["birth_date"]
    if birth_date is None:
        raise ValidationError(
            {"children": _("%(name)s: the register has no date of birth; add it first.") % {"name": name}}
        )
    if birth_date > opened_on:
        raise ValidationError(
            {"children": _("%(name)s is born after the case's opening date.") % {"name": name}}
        )
    if _age_on(birth_date, opened_on) >= ADULT_AGE:
        raise ValidationError(
            {
                "children": _(
                    "%(name)s is 18 or older on %(date)s: a case is for children under 18 on the day it opens."
                )
                % {"name": name, "date": _day(opened_on)}
            }
        )
    unknown = [key for key in child if key not in (*CHILD_FIELDS, *PERSON_KEYS, "person")]
    if unknown:
        raise ValidationError(
            {
                "children": _("%(name)s: unknown details %(keys)s.")
                % {"name": name, "keys": ", ".join(unknown)}
            }
        )
    entry = CaseChild(**_child_details(child))
    try:
        entry.full_clean(exclude=["case", "person"])
    except ValidationError as exc:
        problems = "; ".join(
            f"{getattr(CaseChild._meta.get_field(field), 'verbose_name', field)}: {' '.join(messages)}"
            for field, messages in exc.message_dict.items()
        )
        raise ValidationError({"children": f"{name}: {problems}"}) from None


def _add_child(*, actor, case: Case, child: Mapping[str, Any]) -> CaseChild:
    person = child.get("person")
    if person is None:
        try:
            person = programmes_services.person_register(
                actor=actor,
                personal_number=child["personal_number"],
                first_name=child["first_name"],
                last_name=child["last_name"],
                sex=child["sex"],
                birth_date=child["birth_date"],
                household=case.household,
            )
        except ValidationError as exc:
            problems = " ".join(m for messages in exc.message_dict.values() for m in messages)
            raise ValidationError({"children": f"{_child_name(child)}: {problems}"}) from None
    if case.children.filter(person=person).exists():
        raise ValidationError(
            {"children": _("%(name)s is already a child of this case.") % {"name": _child_name(child)}}
        )
    entry = CaseChild(case=case, person=person, **_child_details(child))
    entry.save()
    return entry


def _next_sequence(year: int) -> int:
    # one opening per municipality and year at a time, so two openings never take the same number
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(hashtext(%s))", [f"child_case:{current_schema()}:{year}"]
        )
    return (Case.objects.filter(year=year).aggregate(m=Max("sequence"))["m"] or 0) + 1


# --- the case ------------------------------------------------------------------------------------------


@transaction.atomic
def case_open(
    *,
    actor,
    source: str,
    opened_on: datetime.date,
    children: list[dict[str, Any]],
    household: Household | None = None,
    household_data: Mapping[str, str] | None = None,
    source_detail: str = "",
    assigned_worker=None,
) -> Case:
    """Open a case for a household and its children, numbered in the year it opens.

    A social worker opens cases for themself; the head of service may assign one to any social worker
    (or to themself). The household is an existing one of the register, or a new one at
    ``household_data``'s settlement and address; each child is a person of the register or registered
    here by personal number."""
    require_role(actor, Role.SOCIAL_WORKER)
    head = visibility.is_head(actor)
    if assigned_worker is None:
        assigned_worker = actor
    if not head and assigned_worker.pk != actor.pk:
        raise ValidationError(
            {
                "assigned_worker": _(
                    "A social worker opens cases for themself; the head of service assigns others."
                )
            }
        )
    _check_worker(assigned_worker, "assigned_worker")
    if source not in Case.Source.values:
        raise ValidationError({"source": _("Choose how the case came.")})
    _not_in_future("opened_on", opened_on)
    if not children:
        raise ValidationError({"children": _("A case needs at least one child.")})
    for number, child in enumerate(children, start=1):
        _check_child(child, opened_on, number)
    if household is None and household_data is None:
        household = next(
            (
                c["person"].household
                for c in children
                if c.get("person") is not None and c["person"].household
            ),
            None,
        )
        if household is None:
            raise ValidationError(
                {"household": _("Choose the family's household, or give its settlement and address.")}
            )
    if household is None:
        data = household_data or {}
        if not _text(data.get("settlement")) and not _text(data.get("address")):
            raise ValidationError({"household": _("Give the family's settlement and address.")})
        household = programmes_services.household_create(
            actor=actor, settlement=_text(data.get("settlement")), address=_text(data.get("address"))
        )
    case = Case(
        year=opened_on.year,
        sequence=_next_sequence(opened_on.year),
        household=household,
        source=source,
        source_detail=_text(source_detail),
        opened_on=opened_on,
        assigned_worker=assigned_worker,
        created_by=actor,
    )
    case.full_clean(exclude=["household", "assigned_worker", "created_by"])
    case.save()
    names = [str(_add_child(actor=actor, case=case, child=child).person) for child in children]
    _record(
        case,
        actor,
        CaseEvent.Action.OPENED,
        "case_open",
        {"number": case.number, "assigned_worker": str(assigned_worker), "children": names, "source": source},
    )
    return case


@transaction.atomic
def case_update(*, actor, case_id: int, source: str | None = None, source_detail: str | None = None) -> Case:
    """Correct how the case came."""
    case = _locked_case(actor, case_id)
    data: dict[str, Any] = {}
    if source is not None:
        if source not in Case.Source.values:
            raise ValidationError({"source": _("Choose how the case came.")})
        data["source"] = source
    if source_detail is not None:
        data["source_detail"] = _text(source_detail)
    changed = model_update(instance=case, fields=["source", "source_detail"], data=data, clean=False)
    if changed:
        _record(
            case,
            actor,
            CaseEvent.Action.UPDATED,
            "case_update",
            {name: [old, new] for name, (old, new) in changed.items()},
        )
    return case


@transaction.atomic
def child_add(*, actor, case_id: int, child: dict[str, Any]) -> CaseChild:
    """Add a child to an open case (under 18 on the day the case opened)."""
    case = _locked_case(actor, case_id)
    _open_case(case)
    _check_child(child, case.opened_on, case.children.count() + 1)
    entry = _add_child(actor=actor, case=case, child=child)
    _record(case, actor, CaseEvent.Action.CHILD_ADDED, "child_add", {"child": str(entry.person)})
    return entry


@transaction.atomic
def case_transfer(*, actor, case_id: int, worker, reason: str) -> Case:
    """Give the case to another worker (head of service only), with the reason kept in its history."""
    case = _locked_case(actor, case_id)
    require_role(actor, Role.HEAD_OF_SERVICE)
    _check_worker(worker, "worker")
    if worker.pk == case.assigned_worker_id:
        raise ValidationError({"worker": _("The case is already assigned to %(name)s.") % {"name": worker}})
    reason = _text(reason)
    if not reason:
        raise ValidationError({"reason": _("Say why the case is transferred.")})
    old = case.assigned_worker
    case.assigned_worker = worker
    case.save(update_fields=["assigned_worker"])
    _record(
        case,
        actor,
        CaseEvent.Action.TRANSFERRED,
        "case_transfer",
        {"assigned_worker": [str(old), str(worker)], "reason": reason},
    )
    return case


@transaction.atomic
def case_close(*, actor, case_id: int, reason: str, closed_on: datetime.date, note: str = "") -> Case:
    """Close the case with a reason. Referrals still in progress need a note saying why it closes anyway."""
    case = _locked_case(actor, case_id)
    _open_case(case)
    if reason not in Case.CloseReason.values:
        raise ValidationError({"reason": _("Choose why the case closes.")})
    _not_in_future("closed_on", closed_on)
    if closed_on < case.opened_on:
        raise ValidationError(
            {
                "closed_on": _("The case opened on %(date)s: it cannot close before.")
                % {"date": _day(case.opened_on)}
            }
        )
    note = _text(note)
    in_progress = case.referrals.filter(status=Referral.Status.IN_PROGRESS).count()
    if in_progress and not note:
        raise ValidationError(
            {
                "note": ngettext(
                    "%(count)d referral is still in progress: say why the case closes anyway.",
                    "%(count)d referrals are still in progress: say why the case closes anyway.",
                    in_progress,
                )
                % {"count": in_progress}
            }
        )
    if reason == Case.CloseReason.OTHER and not note:
        raise ValidationError({"note": _("Say why the case closes.")})
    case.status, case.closed_on, case.close_reason, case.close_note = Status.CLOSED, closed_on, reason, note
    case.save(update_fields=["status", "closed_on", "close_reason", "close_note"])
    changes: dict[str, Any] = {"reason": reason, "closed_on": closed_on}
    _sealed_written(changes, close_note=note)
    if in_progress:
        changes["referrals_in_progress"] = in_progress
    _record(case, actor, CaseEvent.Action.CLOSED, "case_close", changes)
    return case


def _reached_status(case: Case) -> str:
    """The furthest step the case's records show: an approved plan, a review, an assessment, or none."""
    if case.plans.filter(status=Plan.Status.APPROVED).exists():
        return Status.PLAN_ACTIVE
    if case.reviews.exists():
        return Status.REVIEW
    if case.assessments.exists():
        return Status.ASSESSMENT
    return Status.INTAKE


@transaction.atomic
def case_reopen(*, actor, case_id: int, reason: str) -> Case:
    """Reopen a closed case at the step it had reached."""
    case = _locked_case(actor, case_id)
    if case.status != Status.CLOSED:
        raise ValidationError({"case": _("Case %(number)s is open.") % {"number": case.number}})
    reason = _text(reason)
    if not reason:
        raise ValidationError({"reason": _("Say why the case is reopened.")})
    closed = {"closed_on": case.closed_on, "close_reason": case.close_reason}
    case.status = _reached_status(case)
    # the closing note stays: it is sealed, so the history names it without its text, and it is the only
    # copy of why the case closed (the next closing replaces it)
    case.closed_on, case.close_reason = None, ""
    case.save(update_fields=["status", "closed_on", "close_reason"])
    _record(
        case,
        actor,
        CaseEvent.Action.REOPENED,
        "case_reopen",
        {"reason": reason, "status": case.status, **closed},
    )
    return case
