"""Writes of a case's life: opening, children, transfer, assessment, interdisciplinary review, the
versioned action plan and its approval, closing and reopening, and the commission's meetings.

Each function locks the case through `visibility.case_for_change` (a case the actor may not change does
not exist for them: 404), validates before it writes (``ValidationError`` naming the field), and writes
the case's history row (`CaseEvent`) and its audit row (`visibility.audit`) in the same transaction.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Max
from django.http import Http404
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from municipal_platform import clock
from municipal_platform.model_update import model_update
from municipal_platform.roles import Role, require_role, user_roles
from municipal_platform.schemas import current_schema
from programmes import services as programmes_services
from programmes.models import Household, Person

from .. import visibility
from ..models import (
    Assessment,
    AssessmentNeed,
    Case,
    CaseAuditEntry,
    CaseChild,
    CaseEvent,
    CommissionMeeting,
    Plan,
    PlanAction,
    Referral,
    Review,
    ReviewMember,
)
from ..risk import risk_level

__all__ = [
    "CHILD_FIELDS",
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
    "plan_action_done",
    "plan_approve",
    "plan_write",
    "review_record",
]

ADULT_AGE = 18
# What a child's entry of case_open / child_add may carry besides who the child is.
CHILD_FIELDS = ("disability", "autism_diagnosis", "orphan", "schooling", "institution")
PERSON_KEYS = ("first_name", "last_name", "personal_number", "birth_date", "sex")

Status = Case.Status


# --- helpers ------------------------------------------------------------------------------------------


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


# --- children -------------------------------------------------------------------------------------------


def _child_name(child: Mapping[str, Any]) -> str:
    person = child.get("person")
    if person is not None:
        return str(person)
    name = f"{_text(child.get('first_name'))} {_text(child.get('last_name'))}".strip()
    return name or _("A child")


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
    entry = CaseChild(**{key: child[key] for key in CHILD_FIELDS if key in child})
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
    entry = CaseChild(case=case, person=person, **{key: child[key] for key in CHILD_FIELDS if key in child})
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
    if note:
        changes["note"] = note
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
    case.closed_on, case.close_reason, case.close_note = None, "", ""
    case.save(update_fields=["status", "closed_on", "close_reason", "close_note"])
    _record(
        case,
        actor,
        CaseEvent.Action.REOPENED,
        "case_reopen",
        {"reason": reason, "status": case.status, **closed},
    )
    return case


# --- assessment, review, plan ------------------------------------------------------------------------------


def _severities(kind: str, needs: Mapping[str, Any]) -> dict[str, tuple[int, str]]:
    if not isinstance(needs, Mapping):
        raise ValidationError({"needs": _("Give the needs by domain.")})
    domains = AssessmentNeed.Domain
    unknown = [d for d in needs if d not in domains.values]
    if unknown:
        raise ValidationError(
            {"needs": _("Unknown domains: %(domains)s.") % {"domains": ", ".join(map(str, unknown))}}
        )
    result: dict[str, tuple[int, str]] = {}
    for domain, need in needs.items():
        label = domains(domain).label
        severity = need.get("severity") if isinstance(need, Mapping) else need
        if severity in (None, ""):
            continue
        try:
            severity = int(severity)
        except (TypeError, ValueError):
            severity = -1
        if severity not in AssessmentNeed.Severity.values:
            raise ValidationError(
                {"needs": _("%(domain)s: choose a severity from 0 to 3.") % {"domain": label}}
            )
        note = _text(need.get("note")) if isinstance(need, Mapping) else ""
        if len(note) > 500:
            raise ValidationError(
                {"needs": _("%(domain)s: the note is longer than 500 characters.") % {"domain": label}}
            )
        result[domain] = (severity, note)
    if kind == Assessment.Kind.ASSESSMENT:
        missing = [domains(d).label for d in domains.values if d not in result]
        if missing:
            raise ValidationError(
                {
                    "needs": _("A full assessment rates all eight domains; missing: %(domains)s.")
                    % {"domains": ", ".join(map(str, missing))}
                }
            )
    elif not result:
        raise ValidationError({"needs": _("A needs screening rates at least one domain.")})
    return result


@transaction.atomic
def assessment_record(
    *,
    actor,
    case_id: int,
    kind: str,
    assessed_on: datetime.date,
    findings: str,
    needs: dict[str, dict[str, Any]],
) -> Assessment:
    """Record an assessment (all eight domains) or a needs screening (at least one), with the risk level
    the rule derives from the severities."""
    case = _locked_case(actor, case_id)
    _open_case(case)
    if kind not in Assessment.Kind.values:
        raise ValidationError({"kind": _("Choose an assessment or a needs screening.")})
    _not_in_future("assessed_on", assessed_on)
    if assessed_on < case.opened_on:
        raise ValidationError(
            {
                "assessed_on": _("The case opened on %(date)s: the assessment cannot be earlier.")
                % {"date": _day(case.opened_on)}
            }
        )
    findings = _text(findings)
    if not findings:
        raise ValidationError({"findings": _("Write the findings.")})
    rated = _severities(kind, needs)
    risk = risk_level({domain: severity for domain, (severity, _note) in rated.items()})
    assessment = Assessment.objects.create(
        case=case, kind=kind, assessed_on=assessed_on, assessed_by=actor, findings=findings, risk_level=risk
    )
    AssessmentNeed.objects.bulk_create(
        AssessmentNeed(assessment=assessment, domain=domain, severity=severity, note=note)
        for domain, (severity, note) in rated.items()
    )
    changes: dict[str, Any] = {"kind": kind, "assessed_on": assessed_on, "risk_level": risk}
    if case.status == Status.INTAKE:
        changes["status"] = [case.status, Status.ASSESSMENT]
        case.status = Status.ASSESSMENT
        case.save(update_fields=["status"])
    _record(case, actor, CaseEvent.Action.ASSESSED, "assessment_record", changes)
    return assessment


def _members(members: Iterable[Mapping[str, Any]]) -> list[ReviewMember]:
    User = get_user_model()
    rows = []
    for number, member in enumerate(members or [], start=1):
        user = member.get("user")
        if user is not None and not isinstance(user, User):
            raise ValidationError(
                {"members": _("Member %(n)s: choose a user of the municipality.") % {"n": number}}
            )
        name = _text(member.get("name")) or (str(user) if user is not None else "")
        role = _text(member.get("role"))
        if not name or not role:
            raise ValidationError({"members": _("Member %(n)s: give the name and the role.") % {"n": number}})
        rows.append(ReviewMember(user=user, name=name[:200], role=role[:200]))
    if len(rows) < 2:
        raise ValidationError(
            {"members": _("An interdisciplinary review has at least two members: name each with their role.")}
        )
    return rows


@transaction.atomic
def review_record(
    *,
    actor,
    case_id: int,
    assessment_id: int,
    held_on: datetime.date,
    conclusion: str,
    members: list[dict[str, Any]],
) -> Review:
    """Record the interdisciplinary group's review of an assessment of the case."""
    case = _locked_case(actor, case_id)
    _open_case(case)
    assessment = case.assessments.filter(pk=assessment_id).first() if str(assessment_id).isdigit() else None
    if assessment is None:
        raise ValidationError({"assessment_id": _("Choose an assessment of this case.")})
    _not_in_future("held_on", held_on)
    if held_on < assessment.assessed_on:
        raise ValidationError(
            {
                "held_on": _("The review cannot be held before the assessment it reviews (%(date)s).")
                % {"date": _day(assessment.assessed_on)}
            }
        )
    conclusion = _text(conclusion)
    if not conclusion:
        raise ValidationError({"conclusion": _("Write the review's conclusion.")})
    rows = _members(members)
    review = Review.objects.create(
        case=case, assessment=assessment, held_on=held_on, conclusion=conclusion, recorded_by=actor
    )
    for row in rows:
        row.review = review
    ReviewMember.objects.bulk_create(rows)
    changes: dict[str, Any] = {"held_on": held_on, "members": [f"{r.name} ({r.role})" for r in rows]}
    if case.status != Status.REVIEW:
        changes["status"] = [case.status, Status.REVIEW]
        case.status = Status.REVIEW
        case.save(update_fields=["status"])
    _record(case, actor, CaseEvent.Action.REVIEWED, "review_record", changes)
    return review


def _actions(actions: Iterable[Mapping[str, Any]], review: Review) -> list[PlanAction]:
    rows = []
    for number, action in enumerate(actions or [], start=1):
        what, responsible, due_on = (
            _text(action.get("what")),
            _text(action.get("responsible")),
            action.get("due_on"),
        )
        if not what or not responsible or not due_on:
            raise ValidationError(
                {
                    "actions": _("Action %(n)s: say what is done, who is responsible and by when.")
                    % {"n": number}
                }
            )
        if due_on <= review.held_on:
            raise ValidationError(
                {
                    "actions": _("Action %(n)s is due before the review it comes from (%(date)s).")
                    % {"n": number, "date": _day(review.held_on)}
                }
            )
        rows.append(PlanAction(what=what[:500], responsible=responsible[:200], due_on=due_on))
    if not rows:
        raise ValidationError({"actions": _("A plan needs at least one action.")})
    return rows


@transaction.atomic
def plan_write(
    *,
    actor,
    case_id: int,
    review_id: int,
    term: str,
    goals: str,
    next_review_on: datetime.date,
    actions: list[dict[str, Any]],
) -> Plan:
    """Write a new version of the case's plan, waiting for the head of service's approval. An approved
    version stays active until the new one is approved; an earlier draft is replaced by this one."""
    case = _locked_case(actor, case_id)
    _open_case(case)
    review = case.reviews.filter(pk=review_id).first() if str(review_id).isdigit() else None
    if review is None:
        raise ValidationError({"review_id": _("Choose a review of this case.")})
    if term not in Plan.Term.values:
        raise ValidationError({"term": _("Choose a short- or long-term plan.")})
    goals = _text(goals)
    if not goals:
        raise ValidationError({"goals": _("A plan needs at least one goal.")})
    if next_review_on is None:
        raise ValidationError({"next_review_on": _("Give the date of the next review.")})
    if next_review_on <= review.held_on:
        raise ValidationError(
            {
                "next_review_on": _(
                    "The next review must come after the review the plan comes from (%(date)s)."
                )
                % {"date": _day(review.held_on)}
            }
        )
    rows = _actions(actions, review)
    case.plans.filter(status=Plan.Status.DRAFT).update(status=Plan.Status.SUPERSEDED)
    version = (case.plans.aggregate(m=Max("version"))["m"] or 0) + 1
    plan = Plan.objects.create(
        case=case,
        review=review,
        version=version,
        term=term,
        goals=goals,
        next_review_on=next_review_on,
        written_by=actor,
    )
    for row in rows:
        row.plan = plan
    PlanAction.objects.bulk_create(rows)
    _record(
        case,
        actor,
        CaseEvent.Action.PLAN_WRITTEN,
        "plan_write",
        {"version": version, "term": term, "next_review_on": next_review_on, "actions": len(rows)},
    )
    return plan


def _plan_case(actor, plan_id) -> tuple[Plan, Case]:
    case_id = (
        Plan.objects.filter(pk=plan_id).values_list("case_id", flat=True).first()
        if str(plan_id).isdigit()
        else None
    )
    if case_id is None:
        raise Http404
    case = _locked_case(actor, case_id)
    return Plan.objects.select_for_update().get(pk=plan_id), case


@transaction.atomic
def plan_approve(*, actor, plan_id: int) -> Plan:
    """The head of service approves a plan version: the earlier approved one is superseded, the case's
    plan is active. A head who works the case themself approves their own plan, recorded as such."""
    plan, case = _plan_case(actor, plan_id)
    require_role(actor, Role.HEAD_OF_SERVICE)
    _open_case(case)
    if plan.status != Plan.Status.DRAFT:
        raise ValidationError(
            {
                "plan_id": _(
                    "Version %(version)s is %(status)s: only a plan waiting for approval is approved."
                )
                % {"version": plan.version, "status": plan.get_status_display().lower()}
            }
        )
    replaced = list(case.plans.filter(status=Plan.Status.APPROVED).values_list("version", flat=True))
    case.plans.filter(status=Plan.Status.APPROVED).update(status=Plan.Status.SUPERSEDED)
    plan.status = Plan.Status.APPROVED
    plan.approved_by = actor
    plan.approved_on = clock.today()
    plan.approved_own = case.assigned_worker_id == actor.pk
    plan.save(update_fields=["status", "approved_by", "approved_on", "approved_own"])
    changes: dict[str, Any] = {"version": plan.version, "approved_own": plan.approved_own}
    if replaced:
        changes["superseded"] = replaced
    if case.status != Status.PLAN_ACTIVE:
        changes["status"] = [case.status, Status.PLAN_ACTIVE]
        case.status = Status.PLAN_ACTIVE
        case.save(update_fields=["status"])
    _record(case, actor, CaseEvent.Action.PLAN_APPROVED, "plan_approve", changes)
    return plan


@transaction.atomic
def plan_action_done(*, actor, action_id: int, done_on: datetime.date) -> PlanAction:
    """Mark an action of the approved plan done."""
    row = (
        PlanAction.objects.filter(pk=action_id).values("plan_id", "plan__case_id").first()
        if str(action_id).isdigit()
        else None
    )
    if row is None:
        raise Http404
    case = _locked_case(actor, row["plan__case_id"])
    _open_case(case)
    action = PlanAction.objects.select_for_update().select_related("plan__review").get(pk=action_id)
    if action.plan.status != Plan.Status.APPROVED:
        raise ValidationError({"action_id": _("Only the actions of the approved plan are marked done.")})
    if action.done_on is not None:
        raise ValidationError(
            {"action_id": _("This action was marked done on %(date)s.") % {"date": _day(action.done_on)}}
        )
    _not_in_future("done_on", done_on)
    if done_on < action.plan.review.held_on:
        raise ValidationError(
            {
                "done_on": _("The action cannot be done before the review that planned it (%(date)s).")
                % {"date": _day(action.plan.review.held_on)}
            }
        )
    action.done_on = done_on
    action.save(update_fields=["done_on"])
    _record(
        case,
        actor,
        CaseEvent.Action.ACTION_DONE,
        "plan_action_done",
        {"action": action.what, "version": action.plan.version, "done_on": done_on},
    )
    return action


# --- the commission's meetings --------------------------------------------------------------------------


def _meeting(meeting_id) -> CommissionMeeting:
    meeting = (
        CommissionMeeting.objects.select_for_update().filter(pk=meeting_id).first()
        if str(meeting_id).isdigit()
        else None
    )
    if meeting is None:
        raise Http404
    return meeting


@transaction.atomic
def meeting_create(*, actor, held_on: datetime.date, title: str, members: list) -> CommissionMeeting:
    """Plan a sitting of the commission with its members (users holding the commission member role)."""
    require_role(actor, Role.HEAD_OF_SERVICE)
    title = _text(title)
    if not title:
        raise ValidationError({"title": _("Give the meeting a title.")})
    if held_on is None:
        raise ValidationError({"held_on": _("Give the date.")})
    if not members:
        raise ValidationError({"members": _("Choose the commission's members who sit.")})
    outsiders = [str(m) for m in members if Role.COMMISSION_MEMBER not in user_roles(m) or not m.is_active]
    if outsiders:
        raise ValidationError(
            {"members": _("Not commission members: %(names)s.") % {"names": ", ".join(outsiders)}}
        )
    meeting = CommissionMeeting.objects.create(held_on=held_on, title=title[:300])
    meeting.members.set(members)
    return meeting


@transaction.atomic
def meeting_set_agenda(*, actor, meeting_id: int, case_ids: list[int]) -> CommissionMeeting:
    """Put cases before the commission (replacing the agenda). A restricted (violence) case never goes
    before it; the cases added and removed are written to their audit trails and histories."""
    require_role(actor, Role.HEAD_OF_SERVICE)
    meeting = _meeting(meeting_id)
    if meeting.status == CommissionMeeting.Status.CLOSED:
        raise ValidationError({"case_ids": _("The meeting is closed: its agenda no longer changes.")})
    wanted = {int(pk) for pk in case_ids or [] if str(pk).isdigit()}
    if len(wanted) != len(set(map(str, case_ids or []))):
        raise ValidationError({"case_ids": _("Choose cases of the municipality.")})
    cases = {c.pk: c for c in Case.objects.select_for_update().filter(pk__in=wanted)}
    if len(cases) != len(wanted):
        raise ValidationError({"case_ids": _("Choose cases of the municipality.")})
    restricted = sorted(c.number for c in cases.values() if c.restricted)
    if restricted:
        raise ValidationError(
            {
                "case_ids": _("Restricted after a violence referral, not for the commission: %(numbers)s.")
                % {"numbers": ", ".join(restricted)}
            }
        )
    closed = sorted(c.number for c in cases.values() if c.status == Status.CLOSED)
    if closed:
        raise ValidationError({"case_ids": _("Closed cases: %(numbers)s.") % {"numbers": ", ".join(closed)}})
    before = set(meeting.cases.values_list("pk", flat=True))
    meeting.cases.set(list(cases.values()))
    label = f"{meeting.title} · {meeting.held_on}"
    for pk in sorted(wanted - before):
        _record(
            cases[pk],
            actor,
            CaseEvent.Action.UPDATED,
            "meeting_set_agenda",
            {"commission_meeting": [None, label]},
        )
    for case in Case.objects.filter(pk__in=before - wanted):
        _record(
            case, actor, CaseEvent.Action.UPDATED, "meeting_set_agenda", {"commission_meeting": [label, None]}
        )
    return meeting


@transaction.atomic
def meeting_open(*, actor, meeting_id: int) -> CommissionMeeting:
    """Open the sitting: from now until it closes, its members read the cases on its agenda."""
    require_role(actor, Role.HEAD_OF_SERVICE)
    meeting = _meeting(meeting_id)
    if meeting.status != CommissionMeeting.Status.PLANNED:
        raise ValidationError({"status": _("Only a planned meeting is opened.")})
    meeting.status = CommissionMeeting.Status.OPEN
    meeting.save(update_fields=["status"])
    return meeting


@transaction.atomic
def meeting_close(*, actor, meeting_id: int) -> CommissionMeeting:
    """Close the sitting: its members no longer read its cases."""
    require_role(actor, Role.HEAD_OF_SERVICE)
    meeting = _meeting(meeting_id)
    if meeting.status != CommissionMeeting.Status.OPEN:
        raise ValidationError({"status": _("Only a meeting in session is closed.")})
    meeting.status = CommissionMeeting.Status.CLOSED
    meeting.save(update_fields=["status"])
    return meeting


# --- the daily digest -------------------------------------------------------------------------------------

DIGEST_KIND = "child_support.digest"


@transaction.atomic
def digests_enqueue(*, day: datetime.date) -> list[int]:
    """Write one outbox message for ``day`` to each active worker with something overdue on their open
    cases, unless they already have that day's. Returns the users written to now.

    Idempotent: a rerun of the day's task, or two at once (the day's lock orders them), adds nothing."""
    from municipal_platform.outbox.models import OutboxMessage
    from municipal_platform.outbox.services import message_enqueue

    from ..selectors import overdue_by_worker

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"child_digest:{current_schema()}:{day}"])
    due = overdue_by_worker(today=day)
    active = set(get_user_model().objects.filter(pk__in=due, is_active=True).values_list("pk", flat=True))
    done = set(
        OutboxMessage.objects.filter(kind=DIGEST_KIND, params__day=day.isoformat()).values_list(
            "params__user_id", flat=True
        )
    )
    written = []
    for user_id in sorted(active - done):
        message_enqueue(kind=DIGEST_KIND, user_id=user_id, day=day.isoformat())
        written.append(user_id)
    return written
