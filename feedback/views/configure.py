"""Invitations and the municipality's feedback settings (the CSV import pages are in `imports`)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from municipal_platform.errors import apply_service_errors
from municipal_platform.roles import role_required

from .. import selectors, services
from ..forms import SettingsForm
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
