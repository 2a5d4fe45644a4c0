"""Withdrawing a published report, and preparing its corrected version (both buttons of the report page)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from municipal_platform.roles import Role, role_required

from .. import services
from ..models import Report
from .common import OFFICER, message_service_error


@role_required(Role.HEAD_OF_SERVICE)
@require_POST
def report_withdraw(request, pk: int):
    report = get_object_or_404(Report, pk=pk)
    try:
        services.report_withdraw(actor=request.user, report=report, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        message_service_error(request, exc)
    else:
        messages.success(request, _("The report was withdrawn; its public page shows the reason."))
    return redirect("feedback:report_detail", pk=pk)


@role_required(*OFFICER)
@require_POST
def report_correct(request, pk: int):
    report = get_object_or_404(Report, pk=pk)
    try:
        draft = services.report_correction_create(
            actor=request.user, report=report, note=request.POST.get("note", "")
        )
    except ValidationError as exc:
        message_service_error(request, exc)
        return redirect("feedback:report_detail", pk=pk)
    messages.success(request, _("A corrected version was prepared as a draft."))
    return redirect("feedback:report_detail", pk=draft.pk)
