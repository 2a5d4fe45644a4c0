"""Pages of the casework: an assessment with its needs, the interdisciplinary review, the plan (a new
version, its approval by the head, an action done)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from municipal_platform import clock
from municipal_platform.roles import role_required

from .. import risk, selectors, services
from ..forms import AssessmentForm, PlanActionFormSet, PlanForm, ReviewForm, ReviewMemberFormSet, filled_rows
from ..models import Plan
from ._common import CASE_WRITERS, HEAD, apply_errors, read_case_for_change


def _saved(request, case, message: str):
    messages.success(request, message)
    return redirect("child_support:case_detail", pk=case.pk)


@role_required(*CASE_WRITERS)
def assessment_new(request, pk: int):
    case = read_case_for_change(request, pk, "assessment_new")
    form = AssessmentForm(request.POST or None, initial={"assessed_on": clock.today()})
    sections: dict[str, list[str]] = {}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.assessment_record(
                actor=request.user,
                case_id=case.pk,
                kind=data["kind"],
                assessed_on=data["assessed_on"],
                findings=data["findings"],
                needs=form.needs(),
            )
        except ValidationError as exc:
            sections = apply_errors(exc, form, "needs")
        else:
            return _saved(request, case, _("The assessment was recorded."))
    context = {"form": form, "case": case, "sections": sections, "risk_rule": risk.RISK_RULE}
    return render(
        request, "child_support/assessment_new.html", context, status=422 if request.method == "POST" else 200
    )


@role_required(*CASE_WRITERS)
def review_new(request, pk: int):
    case = read_case_for_change(request, pk, "review_new")
    data = request.POST if request.method == "POST" else None
    latest = case.assessments.first()
    form = ReviewForm(data, case=case, initial={"held_on": clock.today(), "assessment": latest})
    members = ReviewMemberFormSet(data, prefix="members", form_kwargs={"staff": selectors.workers()})
    sections: dict[str, list[str]] = {}
    if request.method == "POST" and form.is_valid() & members.is_valid():
        values = form.cleaned_data
        try:
            services.review_record(
                actor=request.user,
                case_id=case.pk,
                assessment_id=values["assessment"].pk,
                held_on=values["held_on"],
                conclusion=values["conclusion"],
                members=[
                    {"user": row.get("user"), "name": row["name"], "role": row["role"]}
                    for row in filled_rows(members)
                ],
            )
        except ValidationError as exc:
            sections = apply_errors(exc, form, "members")
        else:
            return _saved(request, case, _("The review was recorded."))
    context = {"form": form, "members": members, "case": case, "sections": sections}
    return render(
        request, "child_support/review_new.html", context, status=422 if request.method == "POST" else 200
    )


def _revision_of(case) -> tuple[dict, list[dict]]:
    """What a new version starts from: the latest version's content (the active one, or the latest
    draft), so a revision changes what changed and keeps the rest."""
    current = case.plans.prefetch_related("actions").order_by("-version").first()
    if current is None:
        return {"review": case.reviews.first(), "term": Plan.Term.SHORT}, []
    plan = {
        "review": current.review_id,
        "term": current.term,
        "goals": current.goals,
        "next_review_on": current.next_review_on,
    }
    actions = [
        {"what": a.what, "responsible": a.responsible, "due_on": a.due_on}
        for a in current.actions.all()
        if a.done_on is None
    ]
    return plan, actions


@role_required(*CASE_WRITERS)
def plan_new(request, pk: int):
    case = read_case_for_change(request, pk, "plan_new")
    data = request.POST if request.method == "POST" else None
    plan_initial, actions_initial = _revision_of(case)
    form = PlanForm(data, case=case, initial=plan_initial)
    actions = PlanActionFormSet(data, prefix="actions", initial=actions_initial or None)
    sections: dict[str, list[str]] = {}
    if request.method == "POST" and form.is_valid() & actions.is_valid():
        values = form.cleaned_data
        try:
            plan = services.plan_write(
                actor=request.user,
                case_id=case.pk,
                review_id=values["review"].pk,
                term=values["term"],
                goals=values["goals"],
                next_review_on=values["next_review_on"],
                actions=filled_rows(actions),
            )
        except ValidationError as exc:
            sections = apply_errors(exc, form, "actions")
        else:
            return _saved(
                request,
                case,
                _("Plan version %(version)s was written; it waits for approval.") % {"version": plan.version},
            )
    context = {
        "form": form,
        "actions": actions,
        "case": case,
        "sections": sections,
        "revision": bool(actions_initial or plan_initial.get("goals")),
    }
    return render(
        request, "child_support/plan_new.html", context, status=422 if request.method == "POST" else 200
    )


def _posted(request, pk: int, act, success: str):
    """A button's POST: call the service, say what happened, back to the case page. A case the user may
    not change is a 404 from the service (visibility.case_for_change)."""
    try:
        act()
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)
    return redirect("child_support:case_detail", pk=pk)


@require_POST
@role_required(*HEAD)
def plan_approve(request, pk: int, plan_id: int):
    return _posted(
        request,
        pk,
        lambda: services.plan_approve(actor=request.user, plan_id=plan_id),
        _("The plan was approved."),
    )


@require_POST
@role_required(*CASE_WRITERS)
def plan_action_done(request, pk: int, action_id: int):
    return _posted(
        request,
        pk,
        lambda: services.plan_action_done(actor=request.user, action_id=action_id, done_on=clock.today()),
        _("The action is marked done."),
    )
