"""Pages of one case's life: the worker's list, opening a case, the case page, closing, reopening and
handing it to another worker."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from municipal_platform import clock
from municipal_platform.roles import role_required

from .. import risk, selectors, selectors_aid, services, visibility
from ..forms import (
    CaseCloseForm,
    CaseFilterForm,
    CaseOpenForm,
    CaseReopenForm,
    CaseTransferForm,
    ChildFormSet,
    child_rows,
)
from ..models import Case, Plan, Referral
from ._common import (
    CASE_READERS,
    CASE_WRITERS,
    HEAD,
    apply_errors,
    may_change,
    read_case,
    read_case_for_change,
)

# the head of service's list holds every open case of the municipality
CASES_PER_PAGE = 50


@require_GET
@role_required(*CASE_WRITERS)
def case_list(request):
    """The worker's own open cases, overdue reviews and actions first; the head reads every case and
    filters by worker and status."""
    head = visibility.is_head(request.user)
    form = CaseFilterForm(request.GET or None, workers=selectors.workers()) if head else None
    status = worker = None
    if form is not None and form.is_valid():
        status = form.cleaned_data.get("status") or None
        worker = form.cleaned_data.get("worker")
    cases = selectors.worker_cases(
        request.user, today=clock.today(), status=status, worker_id=worker.pk if worker else None
    )
    # a head of service reads every open case of the municipality: a page at a time, most urgent first
    page = Paginator(cases, CASES_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "cases": page,
        "page": page,
        "query": query.urlencode(),
        "head": head,
        "today": clock.today(),
    }
    return render(request, "child_support/case_list.html", context)


@role_required(*CASE_WRITERS)
def case_new(request):
    head = visibility.is_head(request.user)
    data = request.POST if request.method == "POST" else None
    form = CaseOpenForm(
        data, workers=selectors.workers() if head else None, initial={"opened_on": clock.today()}
    )
    children = ChildFormSet(data, prefix="children")
    sections: dict[str, list[str]] = {}
    # `&`, not `and`: both are validated, so every row's errors show at once
    if request.method == "POST" and form.is_valid() & children.is_valid():
        values = form.cleaned_data
        try:
            case = services.case_open(
                actor=request.user,
                source=values["source"],
                source_detail=values["source_detail"],
                opened_on=values["opened_on"],
                children=child_rows(children),
                household=form.household,
                household_data=None
                if form.household
                else {"settlement": values["settlement"], "address": values["address"]},
                assigned_worker=values.get("assigned_worker") or None,
            )
        except ValidationError as exc:
            sections = apply_errors(exc, form, "children")
        else:
            messages.success(request, _("Case %(number)s was opened.") % {"number": case.number})
            return redirect("child_support:case_detail", pk=case.pk)
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "children": children, "sections": sections}
    return render(request, "child_support/case_new.html", context, status=status)


def _plans(case: Case) -> dict:
    """The case's plan versions as the page shows them: the active one first, then drafts waiting for
    approval, then the earlier versions (all readable)."""
    plans = list(case.plans.all())
    return {
        "active": next((p for p in plans if p.status == Plan.Status.APPROVED), None),
        "drafts": [p for p in plans if p.status == Plan.Status.DRAFT],
        "earlier": [p for p in plans if p.status == Plan.Status.SUPERSEDED],
    }


def _aid_years(case: Case, today) -> list[int]:
    """The years whose aid the page sums against the family's cap: this year, and the year of the
    case's latest aid when that was earlier (a case worked last year still shows what it got)."""
    latest = max((p.delivered_on.year for p in case.provisions.all()), default=today.year)
    return [today.year] if latest == today.year else [today.year, latest]


@require_GET
@role_required(*CASE_READERS)
def case_detail(request, pk: int):
    case = read_case(request, pk, "case_detail", queryset=selectors.case_detail_queryset())
    user = request.user
    today = clock.today()
    changeable = may_change(user, case)
    head = visibility.is_head(user)
    assessments = list(case.assessments.all())
    reviews = list(case.reviews.all())
    context = {
        "case": case,
        "today": today,
        "plans": _plans(case),
        "assessments": assessments,
        "reviews": reviews,
        "risk_rule": risk.RISK_RULE,
        "aid_years": [
            selectors_aid.family_aid(household_id=case.household_id, year=year)
            for year in _aid_years(case, today)
        ],
        "can": {
            "change": changeable and case.is_open,
            "assess": changeable and case.is_open,
            "review": changeable and case.is_open and bool(assessments),
            "plan": changeable and case.is_open and bool(reviews),
            "approve": head and case.is_open,
            "reopen": changeable and not case.is_open,
            "transfer": head and case.is_open,
            "audit": head,
        },
        "referral_open": (Referral.Status.IN_PROGRESS, Referral.Status.ACCEPTED),
    }
    return render(request, "child_support/case_detail.html", context)


def _case_form_page(
    request, case: Case, form, act, title: str, success: str, template="child_support/form.html"
):
    """A form page of one case: on a valid post ``act(cleaned_data)`` calls the service; its refusals
    show next to the fields, and nothing is written."""
    if request.method == "POST" and form.is_valid():
        try:
            act(form.cleaned_data)
        except ValidationError as exc:
            apply_errors(exc, form)
        else:
            messages.success(request, success)
            return redirect("child_support:case_detail", pk=case.pk)
    status = 422 if request.method == "POST" else 200
    return render(request, template, {"form": form, "case": case, "title": title}, status=status)


@role_required(*CASE_WRITERS)
def case_close(request, pk: int):
    case = read_case_for_change(request, pk, "case_close")
    form = CaseCloseForm(request.POST or None, initial={"closed_on": clock.today()})

    def act(data):
        services.case_close(
            actor=request.user,
            case_id=case.pk,
            reason=data["reason"],
            closed_on=data["closed_on"],
            note=data["note"],
        )

    return _case_form_page(request, case, form, act, _("Close the case"), _("The case was closed."))


@role_required(*CASE_WRITERS)
def case_reopen(request, pk: int):
    case = read_case_for_change(request, pk, "case_reopen")
    form = CaseReopenForm(request.POST or None)

    def act(data):
        services.case_reopen(actor=request.user, case_id=case.pk, reason=data["reason"])

    return _case_form_page(request, case, form, act, _("Reopen the case"), _("The case was reopened."))


@role_required(*HEAD)
def case_transfer(request, pk: int):
    case = read_case_for_change(request, pk, "case_transfer")
    form = CaseTransferForm(
        request.POST or None, workers=selectors.workers().exclude(pk=case.assigned_worker_id)
    )

    def act(data):
        services.case_transfer(
            actor=request.user, case_id=case.pk, worker=data["worker"], reason=data["reason"]
        )

    return _case_form_page(
        request, case, form, act, _("Hand the case to another worker"), _("The case was handed over.")
    )
