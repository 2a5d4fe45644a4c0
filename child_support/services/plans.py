"""The case's work: the assessment (or lighter needs screening) with its risk level, the interdisciplinary
review, and the versioned action plan the head of service approves."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.http import Http404
from django.utils.translation import gettext as _

from municipal_platform import clock
from municipal_platform.roles import Role, require_role

from ..models import Assessment, AssessmentNeed, Case, CaseEvent, Plan, PlanAction, Review, ReviewMember
from ..risk import risk_level
from ._case_helpers import Status, _day, _locked_case, _not_in_future, _open_case, _record, _text

__all__ = ["assessment_record", "plan_action_done", "plan_approve", "plan_write", "review_record"]


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
