"""Pages of the citizen register: a person's record and their consents."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from municipal_platform import clock
from municipal_platform.errors import apply_service_errors
from municipal_platform.roles import Role, has_role, role_required

from .. import selectors, services
from ..forms import PersonForm
from ._common import found, int_or_none


@role_required(Role.FRONT_DESK)
def person_edit(request, pk: int):
    """A registered person's record: the front desk changes contact details, the head of service may also
    correct the name, sex or date of birth. Every change is kept in the person's history."""
    person = found(selectors.person_get, pk=pk)
    application_pk = int_or_none(request.GET.get("application"))
    back = (
        reverse("programmes:application_detail", args=[application_pk])
        if application_pk
        else reverse("programmes:applications")
    )
    identity = has_role(request.user, Role.HEAD_OF_SERVICE)
    initial = {name: getattr(person, name) for name in services.PERSON_FIELDS}
    form = PersonForm(request.POST or None, initial=initial, identity=identity)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(person=person, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The person's record was saved."))
            return redirect(back)
    title = _("The record of %(name)s") % {"name": f"{person.first_name} {person.last_name}"}
    return render(request, "programmes/form.html", {"form": form, "title": title, "back": back})


@require_POST
@role_required(Role.FRONT_DESK)
def consent_withdraw(request, pk: int):
    consent = found(selectors.consent_get, pk=pk)
    application_pk = request.POST.get("application")
    try:
        services.consent_withdraw(actor=request.user, consent=consent, withdrawn_on=clock.today())
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The consent was withdrawn."))
    if application_pk and application_pk.isdigit():
        return redirect("programmes:application_detail", pk=int(application_pk))
    return redirect("programmes:applications")
