"""Analyse, discuss, inform: reports and their states, working meetings and decisions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from municipal_platform.roles import Role, has_role

from .. import pdfs, services
from ..forms import (
    DecisionForm,
    MeetingForm,
    ReportCreateForm,
    ReportEditForm,
)
from ..forms_input import error_dict
from ..models import (
    Channel,
    Decision,
    Report,
    WorkingMeeting,
)
from ..selectors import (
    public_figures,
    report_decisions,
    report_public_comments,
    settings_get,
)
from .common import PAGE_ROLES, apply_errors, may_open, roles

# --- reports ------------------------------------------------------------------------------------------


@login_required
def report_list(request):
    if not may_open(request.user, "report_list"):
        raise PermissionDenied
    form = None
    if has_role(request.user, Role.FEEDBACK_OFFICER):
        if request.method == "POST":
            form = ReportCreateForm(request.POST)
            if form.is_valid():
                try:
                    report = services.report_create(user=request.user, **form.cleaned_data)
                except ValidationError as exc:
                    apply_errors(form, exc)
                else:
                    return redirect("feedback:report_detail", pk=report.pk)
        else:
            form = ReportCreateForm()
    reports = Report.objects.select_related("created_by", "approved_by").order_by("-period_from")
    if not has_role(request.user, Role.FEEDBACK_OFFICER, Role.FRONT_DESK):
        reports = reports.filter(status=Report.Status.PUBLISHED)  # council members: published reports only
    return render(request, "feedback/report_list.html", {"reports": reports, "form": form})


@login_required
def report_detail(request, pk: int):
    report = get_object_or_404(Report, pk=pk)
    officer = has_role(request.user, Role.FEEDBACK_OFFICER, Role.FRONT_DESK)
    if not officer and not (
        has_role(request.user, Role.COUNCIL_MEMBER) and report.status == Report.Status.PUBLISHED
    ):
        raise PermissionDenied
    threshold = settings_get().suppression_threshold
    ctx = {
        "report": report,
        # the feedback staff read exact figures; council members read the published ones (small cells
        # hidden), as on the public page and through the API
        "figures": report.figures if officer else public_figures(report.figures, threshold),
        "public": not officer,
        "threshold": threshold,
        "decisions": report_decisions(report),
        "comments": report_public_comments(report),
        "channel_labels": dict(Channel.choices),
        "edit_form": ReportEditForm(instance=report) if report.status == Report.Status.DRAFT else None,
        "can_approve": has_role(request.user, Role.HEAD_OF_SERVICE),
    }
    return render(request, "feedback/report_detail.html", ctx)


@roles(Role.FEEDBACK_OFFICER)
@require_POST
def report_edit(request, pk: int):
    report = get_object_or_404(Report, pk=pk)
    form = ReportEditForm(request.POST, instance=Report.objects.get(pk=pk))
    if form.is_valid():
        try:
            services.report_update(user=request.user, report=report, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(error_dict(exc).values()))
        else:
            messages.success(request, _("The draft was saved and its figures recomputed."))
    return redirect("feedback:report_detail", pk=pk)


@roles(Role.HEAD_OF_SERVICE)
@require_POST
def report_transition(request, pk: int, action: str):
    report = get_object_or_404(Report, pk=pk)
    action_fn = {"approve": services.report_approve, "publish": services.report_publish}.get(action)
    if action_fn is None:
        raise PermissionDenied
    try:
        action_fn(user=request.user, report=report)
    except ValidationError as exc:
        messages.error(request, " ".join(error_dict(exc).values()))
    else:
        messages.success(
            request, _("The report is approved.") if action == "approve" else _("The report is published.")
        )
    return redirect("feedback:report_detail", pk=pk)


@roles(*PAGE_ROLES["report_pdf"])
def report_pdf_internal(request, pk: int):
    report = get_object_or_404(Report, pk=pk)
    ctx = {
        "report": report,
        "figures": report.figures,
        "threshold": 0,
        "decisions": report_decisions(report),
        "comments": report_public_comments(report),
    }
    response = HttpResponse(pdfs.report_pdf(ctx, tenant=request.tenant), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="feedback-report-{report.pk}-internal.pdf"'
    return response


# --- meetings and decisions ---------------------------------------------------------------------------


@roles(*PAGE_ROLES["meeting_list"])
def meeting_list(request):
    form = None
    if has_role(request.user, Role.FEEDBACK_OFFICER):
        if request.method == "POST":
            form = MeetingForm(request.POST)
            if form.is_valid():
                meeting = services.meeting_record(user=request.user, **form.cleaned_data)
                return redirect("feedback:meeting_detail", pk=meeting.pk)
        else:
            form = MeetingForm(initial={"held_on": services.today()})
    meetings = (
        WorkingMeeting.objects.select_related("report")
        .annotate(
            decisions_count=Count("decisions"),
            implemented=Count("decisions", filter=Q(decisions__status="implemented")),
        )
        .order_by("-held_on", "-id")  # Meta.ordering does not apply to GROUP BY queries
    )
    return render(request, "feedback/meeting_list.html", {"meetings": meetings, "form": form})


@roles(Role.FEEDBACK_OFFICER, Role.COUNCIL_MEMBER)
def meeting_detail(request, pk: int):
    meeting = get_object_or_404(WorkingMeeting.objects.select_related("report"), pk=pk)
    form = None
    if has_role(request.user, Role.FEEDBACK_OFFICER):
        form = DecisionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.decision_add(user=request.user, meeting=meeting, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                return redirect("feedback:meeting_detail", pk=pk)
    decisions = meeting.decisions.select_related("service", "budget_line__service")
    return render(
        request, "feedback/meeting_detail.html", {"meeting": meeting, "decisions": decisions, "form": form}
    )


@roles(Role.FEEDBACK_OFFICER)
@require_POST
def decision_status(request, pk: int):
    decision = get_object_or_404(Decision, pk=pk)
    try:
        services.decision_set_status(
            user=request.user, decision=decision, status=request.POST.get("status", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(error_dict(exc).values()))
    return redirect("feedback:meeting_detail", pk=decision.meeting_id)
