"""The head of service's page for a person's data request: a copy (JSON, PDF) and erasure."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from municipal_platform.errors import apply_service_errors
from municipal_platform.roles import Role, role_required

from .. import selectors, selectors_personal_data, services
from ._common import found


class ErasureForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason for the erasure"),
        help_text=gettext_lazy("e.g. the person's written request and its date"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
    )


def _page(request, person, form):
    context = {
        "person": person,
        "form": form,
        "erased": selectors_personal_data.person_is_erased(person=person),
        "plan": services.person_erasure_plan(person=person),
        "data": selectors_personal_data.person_data(person=person),
    }
    return render(request, "programmes/person_data.html", context)


@role_required(Role.HEAD_OF_SERVICE)
def person_data(request, pk: int):
    """What is held about the person, the copy to hand them, and what erasure would remove and keep."""
    person = found(selectors.person_get, pk=pk)
    return _page(request, person, ErasureForm())


@role_required(Role.HEAD_OF_SERVICE)
def person_data_download(request, pk: int, fmt: str):
    person = found(selectors.person_get, pk=pk)
    try:
        content = services.person_data_export(actor=request.user, person=person, fmt=fmt)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("programmes:person_data", pk=pk)
    content_type = "application/json; charset=utf-8" if fmt == "json" else "application/pdf"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="person-{person.pk}-data.{fmt}"'
    return response


@require_POST
@role_required(Role.HEAD_OF_SERVICE)
def person_erase(request, pk: int):
    person = found(selectors.person_get, pk=pk)
    form = ErasureForm(request.POST)
    if form.is_valid():
        try:
            services.person_erase(actor=request.user, person=person, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request, _("The person's data was erased where the law allows; what is kept is listed.")
            )
            return redirect("programmes:person_data", pk=pk)
    return _page(request, found(selectors.person_get, pk=pk), form)
