"""Analyse, discuss, inform: reports and their states, working meetings and decisions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from municipal_platform.clock import today
from municipal_platform.errors import apply_service_errors
from municipal_platform.roles import Role, has_role, reads_exact_figures, role_required

from .. import pdfs, selectors, services
from ..forms import (
    DecisionForm,
    MeetingForm,
    ReportCreateForm,
    ReportEditForm,
)
from ..models import (
    Channel,
    Decision,
    Report,
)
from .common import PAGE_ROLES, message_service_error

# --- reports ------------------------------------------------------------------------------------------


@role_required(*PAGE_ROLES["report_list"])
def report_list(request):
    form = None
    if has_role(request.user, Role.FEEDBACK_OFFICER):
        if request.method == "POST":
            form = ReportCreateForm(request.POST)
            if form.is_valid():
                try:
                    report = services.report_create(actor=request.user, **form.cleaned_data)
                except ValidationError as exc:
                    apply_service_errors(form, exc)
                else:
                    return redirect("feedback:report_detail", pk=report.pk)
        else:
            form = ReportCreateForm()
    reports = selectors.reports_for(request.user)
    return render(request, "feedback/report_list.html", {"reports": reports, "form": form})


@role_required(*PAGE_ROLES["report_list"])
def report_detail(request, pk: int):
    report = get_object_or_404(Report, pk=pk)
    if not selectors.report_may_read(request.user, report):
        raise PermissionDenied
    threshold = selectors.settings_get().suppression_threshold
    ctx = {
        "report": report,
        # the municipality's staff read exact figures; council members read the published ones (small
        # cells hidden), as on the public page and through the API
        "figures": selectors.report_figures_for(request.user, report, threshold),
        "public": not reads_exact_figures(request.user),
        "threshold": threshold,
        "decisions": selectors.report_decisions(report),
        "comments": selectors.report_public_comments(report),
        "channel_labels": dict(Channel.choices),
        "edit_form": ReportEditForm(instance=report) if report.status == Report.Status.DRAFT else None,
        # numbers the findings state that the published table hides (staff only: they read exact figures)
        "findings_warnings": (
            selectors.findings_hidden_numbers(report, threshold) if reads_exact_figures(request.user) else []
        ),
        "can_approve": has_role(request.user, Role.HEAD_OF_SERVICE),
    }
    return render(request, "feedback/report_detail.html", ctx)


@role_required(Role.FEEDBACK_OFFICER)
@require_POST
def report_edit(request, pk: int):
    report = get_object_or_404(Report, pk=pk)
    form = ReportEditForm(request.POST, instance=report)  # the service reads the row again, locked
    if form.is_valid():
        try:
            services.report_update(actor=request.user, report=report, **form.cleaned_data)
        except ValidationError as exc:
            message_service_error(request, exc)
        else:
            messages.success(request, _("The draft was saved and its figures recomputed."))
    return redirect("feedback:report_detail", pk=pk)


@role_required(Role.HEAD_OF_SERVICE)
@require_POST
def report_transition(request, pk: int, action: str):
    report = get_object_or_404(Report, pk=pk)
    action_fn = {"approve": services.report_approve, "publish": services.report_publish}.get(action)
    if action_fn is None:
        raise PermissionDenied
    try:
        action_fn(actor=request.user, report=report)
    except ValidationError as exc:
        message_service_error(request, exc)
    else:
        messages.success(
            request, _("The report is approved.") if action == "approve" else _("The report is published.")
        )
    return redirect("feedback:report_detail", pk=pk)


@role_required(*PAGE_ROLES["report_pdf"])
def report_pdf_internal(request, pk: int):
    report = get_object_or_404(Report, pk=pk)
    ctx = {
        "report": report,
        "figures": report.figures,
        "threshold": 0,
        "decisions": selectors.report_decisions(report),
        "comments": selectors.report_public_comments(report),
    }
    response = HttpResponse(pdfs.report_pdf(ctx, tenant=request.tenant), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="feedback-report-{report.pk}-internal.pdf"'
    return response


# --- meetings and decisions ---------------------------------------------------------------------------


@role_required(*PAGE_ROLES["meeting_list"])
def meeting_list(request):
    form = None
    if has_role(request.user, Role.FEEDBACK_OFFICER):
        if request.method == "POST":
            form = MeetingForm(request.POST)
            if form.is_valid():
                try:
                    meeting = services.meeting_record(actor=request.user, **form.cleaned_data)
                except ValidationError as exc:
                    apply_service_errors(form, exc)
                else:
                    return redirect("feedback:meeting_detail", pk=meeting.pk)
        else:
            form = MeetingForm(initial={"held_on": today()})
    meetings = selectors.meetings_with_decision_counts(request.user)
    return render(request, "feedback/meeting_list.html", {"meetings": meetings, "form": form})


@role_required(*PAGE_ROLES["meeting_list"])
def meeting_detail(request, pk: int):
    meeting = get_object_or_404(selectors.meetings_for(request.user).select_related("report"), pk=pk)
    form = None
    if has_role(request.user, Role.FEEDBACK_OFFICER):
        form = DecisionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.decision_add(actor=request.user, meeting=meeting, **form.cleaned_data)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                return redirect("feedback:meeting_detail", pk=pk)
    decisions = selectors.meeting_decisions(meeting)
    return render(
        request, "feedback/meeting_detail.html", {"meeting": meeting, "decisions": decisions, "form": form}
    )


@role_required(Role.FEEDBACK_OFFICER)
@require_POST
def decision_status(request, pk: int):
    decision = get_object_or_404(Decision, pk=pk)
    try:
        services.decision_set_status(
            actor=request.user, decision=decision, status=request.POST.get("status", "")
        )
    except ValidationError as exc:
        message_service_error(request, exc)
    return redirect("feedback:meeting_detail", pk=decision.meeting_id)
