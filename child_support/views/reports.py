"""The yearly results page of child and family support, for staff (exact) and council members (a year
that has ended, small cells hidden): the same object as the API and the command."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from municipal_platform import clock
from municipal_platform.errors import apply_service_errors
from municipal_platform.roles import Role, reads_exact_figures, role_required

from .. import reports
from ..models import Case, Provision

# Who opens the page: the API's readers of the report.
REPORT_READERS = (Role.HEAD_OF_SERVICE, Role.SOCIAL_WORKER, Role.COUNCIL_MEMBER)


class YearForm(forms.Form):
    year = forms.CharField(
        label=_("Year"),
        max_length=4,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "pattern": "[0-9]{4}", "size": 4}),
    )


@role_required(*REPORT_READERS)
def yearly_report(request):
    """The year's figures (last year unless one is asked for); a year a council member may not read yet,
    or a mistyped one, is said next to the field."""
    form = YearForm(request.GET or {"year": str(clock.today().year - 1)})
    report = None
    if form.is_valid():
        try:
            year = reports.year_or_error(form.cleaned_data["year"])
            report = reports.yearly_report(year=year, exact=reads_exact_figures(request.user))
        except ValidationError as exc:
            apply_service_errors(form, exc)
    categories = []
    statuses = []
    if report:
        categories = [(label, report["aid_by_category"][code]) for code, label in Provision.Category.choices]
        statuses = [(label, report["cases_by_status"][code]) for code, label in Case.Status.choices]
    return render(
        request,
        "child_support/report_yearly.html",
        {
            "form": form,
            "report": report,
            "threshold": report["threshold"] if report else None,
            "categories": categories,
            "statuses": statuses,
        },
    )
