"""Citizens' pages, no login: the anonymous form, the invitation link, opt-out and published reports.

Invitation tokens travel in the path, so pages under a token never return a 4xx that Django would log
with the path (`_has_been_logged`), and nothing here logs the client's address.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from municipal_platform.clock import today

from .. import pdfs, services
from ..forms_input import data_from_post, error_dict, first_error, general_errors, questions_with_values
from ..models import AgeBand, Channel, Form, Report
from ..selectors import (
    current_version,
    published_reports,
    report_decisions,
    report_public_comments,
    report_public_figures,
    service_choices,
    settings_get,
)
from ..submit_limits import count_accepted, submit_refused


def _unlogged(response: HttpResponse) -> HttpResponse:
    """For pages under a token: keep Django's request logger from writing the path for a 4xx status, and
    keep the token out of Referer headers and caches."""
    response._has_been_logged = True
    response["Referrer-Policy"] = "no-referrer"
    response["Cache-Control"] = "no-store"
    return response


def _form_context(form: Form, version, data=None, errors=None, **extra) -> dict:
    errors = errors or {}
    return {
        "form": form,
        "version": version,
        "questions": questions_with_values(version, data, errors),
        "services": service_choices() if form.asks_service else [],
        "data": data or {},
        "errors": errors,
        "general_errors": general_errors(version, errors),
        "first_error": first_error(version, errors),
        "age_bands": AgeBand.values,
        **extra,
    }


@require_http_methods(["GET", "POST"])
def public_form(request, code: str):
    form = get_object_or_404(Form, code=code)
    if not form.is_active:
        return render(request, "feedback/citizen/closed.html", {"form": form})
    version = current_version(form)
    if request.method == "POST":
        data = data_from_post(request.POST, version)
        if submit_refused(request):
            ctx = _form_context(form, version, data, limited=True)
            return render(request, "feedback/citizen/form.html", ctx, status=429)
        try:
            services.response_submit(version=version, channel=Channel.ONLINE, data=data, submitted_on=today())
        except ValidationError as exc:
            ctx = _form_context(form, version, data, error_dict(exc))
            return render(request, "feedback/citizen/form.html", ctx, status=400)
        count_accepted(request)
        return redirect("citizen:thanks", code=form.code)
    return render(request, "feedback/citizen/form.html", _form_context(form, version))


def thanks(request, code: str):
    form = get_object_or_404(Form, code=code)
    return render(
        request,
        "feedback/citizen/thanks.html",
        {"form": form, "reports": published_reports()[:3]},
    )


@require_http_methods(["GET", "POST"])
def invited_form(request, code: str, token: str):
    try:
        invitation = services.invitation_check(token=token)
    except services.InvitationUnusable:
        return _unlogged(render(request, "feedback/citizen/link_unusable.html", {}))
    form = invitation.form
    if form.code != code:
        # the same page as for a used link: an Http404 would make Django log the path with the token
        return _unlogged(render(request, "feedback/citizen/link_unusable.html", {}))
    version = current_version(form)
    if request.method == "POST":
        data = data_from_post(request.POST, version)
        if submit_refused(request):
            ctx = _form_context(form, version, data, invited=True, limited=True)
            return _unlogged(render(request, "feedback/citizen/form.html", ctx, status=429))
        try:
            services.invitation_response_submit(token=token, data=data)
        except services.InvitationUnusable:
            return _unlogged(render(request, "feedback/citizen/link_unusable.html", {}))
        except ValidationError as exc:
            ctx = _form_context(form, version, data, error_dict(exc), invited=True)
            return _unlogged(render(request, "feedback/citizen/form.html", ctx, status=400))
        count_accepted(request)
        return redirect("citizen:thanks", code=form.code)
    # the service the application was for is offered pre-selected; the citizen may change it
    application = invitation.application
    data = {"service": application.service.code if application else "", "answers": {}}
    return _unlogged(
        render(request, "feedback/citizen/form.html", _form_context(form, version, data, invited=True))
    )


@require_http_methods(["GET", "POST"])
def opt_out(request, token: str):
    if request.method == "POST":
        try:
            services.invitation_opt_out(token=token)
        except services.InvitationUnusable:
            return _unlogged(render(request, "feedback/citizen/link_unusable.html", {}))
        return _unlogged(render(request, "feedback/citizen/opted_out.html", {}))
    try:
        services.invitation_check(token=token)
    except services.InvitationUnusable:
        return _unlogged(render(request, "feedback/citizen/link_unusable.html", {}))
    return _unlogged(render(request, "feedback/citizen/opt_out.html", {}))


def _published(report_id: int) -> Report:
    return get_object_or_404(Report, pk=report_id, status=Report.Status.PUBLISHED)


def _published_or_withdrawn(report_id: int) -> Report:
    # a withdrawn report's page stays, showing the reason in the report's place
    return get_object_or_404(
        Report.objects.select_related("corrects"),
        pk=report_id,
        status__in=(Report.Status.PUBLISHED, Report.Status.WITHDRAWN),
    )


def public_report_context(report: Report) -> dict:
    threshold = settings_get().suppression_threshold
    return {
        "report": report,
        "figures": report_public_figures(report, threshold),
        "decisions": report_decisions(report),
        "comments": report_public_comments(report),
        "threshold": threshold,
        "public": True,
        "channel_labels": dict(Channel.choices),
    }


def report_index(request):
    reports = published_reports()
    return render(request, "feedback/citizen/report_index.html", {"reports": reports})


def public_report(request, report_id: int):
    report = _published_or_withdrawn(report_id)
    if report.status == Report.Status.WITHDRAWN:
        correction = report.corrections.filter(status=Report.Status.PUBLISHED).first()
        ctx = {"report": report, "correction": correction}
        return render(request, "feedback/citizen/report_withdrawn.html", ctx)
    return render(request, "feedback/citizen/report.html", public_report_context(report))


def public_report_pdf(request, report_id: int):
    report = _published(report_id)
    content = pdfs.report_pdf(public_report_context(report), tenant=request.tenant)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="feedback-report-{report.pk}.pdf"'
    return response
