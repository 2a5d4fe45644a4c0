"""Invitations, the municipality's feedback settings and the CSV import page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from municipal_platform.errors import apply_service_errors
from municipal_platform.roles import role_required

from .. import selectors, services
from ..forms import (
    CsvImportForm,
    SettingsForm,
)
from ..models import Invitation
from .common import PAGE_ROLES

# --- invitations and settings -------------------------------------------------------------------------


@role_required(*PAGE_ROLES["invitations"])
def invitations(request):
    if request.method == "POST":
        from municipal_platform.tasks import enqueue_for_municipality_on_commit

        from ..tasks import send_invitation_batch

        enqueue_for_municipality_on_commit(send_invitation_batch)
        messages.success(request, _("The invitation batch was queued for sending."))
        return redirect("feedback:invitations")
    counts = selectors.invitation_counts()
    rows = [(label, counts.get(value, 0)) for value, label in Invitation.Status.choices]
    return render(request, "feedback/invitations.html", {"rows": rows, "settings": selectors.settings_get()})


@role_required(*PAGE_ROLES["settings"])
def settings_page(request):
    current = selectors.settings_get()
    form = SettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.settings_update(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The settings were saved."))
            return redirect("feedback:settings")
    return render(request, "feedback/settings.html", {"form": form})


@role_required(*PAGE_ROLES["import"])
def import_csv(request):
    from ..csv_import import ImportRejected

    result = None
    problems: list[str] = []
    form = CsvImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        import json

        try:
            mapping = json.loads(form.cleaned_data["mapping"].read().decode("utf-8"))
            text = form.cleaned_data["file"].read().decode("utf-8-sig")
            result = services.responses_import_csv(
                actor=request.user, form=form.cleaned_data["form"], mapping=mapping, text=text
            )
        except (ValueError, UnicodeDecodeError) as exc:
            problems = [str(exc)]
        except ImportRejected as exc:
            problems = exc.problems
    status = 400 if problems or (request.method == "POST" and form.errors) else 200
    return render(
        request, "feedback/import.html", {"form": form, "result": result, "problems": problems}, status=status
    )
