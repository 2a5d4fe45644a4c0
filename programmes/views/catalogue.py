"""Pages of the catalogue (programmes and their services) and of the budget."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from municipal_platform import clock
from municipal_platform.errors import apply_service_errors
from municipal_platform.roles import Role, has_role, role_required

from .. import exports, selectors, services
from ..forms import BudgetLineForm, ProgrammeForm, ServiceForm
from ._common import ALL_MUNICIPAL, BUDGET_READERS, found, int_or_none


@role_required(*ALL_MUNICIPAL)
def catalogue(request):
    years = selectors.years_with_programmes()
    year = int_or_none(request.GET.get("year"))
    programmes = selectors.programme_list(year=year)
    return render(
        request,
        "programmes/catalogue.html",
        {
            "programmes": programmes,
            "years": years,
            "year": year,
            "can_edit": has_role(request.user, Role.HEAD_OF_SERVICE),
        },
    )


@role_required(Role.HEAD_OF_SERVICE)
def programme_edit(request, pk: int | None = None):
    programme = found(selectors.programme_get, pk=pk) if pk else None
    form = ProgrammeForm(request.POST or None, instance=programme)
    if request.method == "POST" and form.is_valid():
        try:
            if programme is None:
                programme = services.programme_create(actor=request.user, **form.cleaned_data)
            else:
                programme = services.programme_update(
                    programme=programme, actor=request.user, **form.cleaned_data
                )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The programme was saved."))
            return redirect(reverse("programmes:catalogue") + f"?year={programme.year}")
    title = _("Edit programme") if programme else _("New programme")
    return render(
        request,
        "programmes/form.html",
        {"form": form, "title": title, "back": reverse("programmes:catalogue")},
    )


@role_required(Role.HEAD_OF_SERVICE)
def service_edit(request, programme_pk: int | None = None, pk: int | None = None):
    service = found(selectors.service_get, pk=pk) if pk else None
    programme = service.programme if service else found(selectors.programme_get, pk=programme_pk)
    form = ServiceForm(request.POST or None, instance=service)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            if service is None:
                service = services.service_create(
                    actor=request.user,
                    programme=programme,
                    code=data.pop("code"),
                    name_ka=data.pop("name_ka"),
                    kind=data.pop("kind"),
                    **data,
                )
            else:
                services.service_update(service=service, actor=request.user, **data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The service was saved."))
            return redirect(reverse("programmes:catalogue") + f"?year={programme.year}")
    title = (_("Edit service") if service else _("New service")) + f" · {programme.name_ka} {programme.year}"
    return render(
        request,
        "programmes/form.html",
        {"form": form, "title": title, "back": reverse("programmes:catalogue")},
    )


@role_required(Role.HEAD_OF_SERVICE)
def budget_line_edit(request, service_pk: int):
    service = found(selectors.service_get, pk=service_pk)
    line = selectors.budget_line_of(service=service)
    initial = {"planned": line.planned, "funding_source": line.funding_source} if line else {}
    form = BudgetLineForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.budget_line_set(actor=request.user, service=service, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The budget line was saved."))
            return redirect(reverse("programmes:budget") + f"?year={service.programme.year}")
    title = _("Budget line %(year)s · %(service)s") % {
        "year": service.programme.year,
        "service": service.name_ka,
    }
    return render(
        request, "programmes/form.html", {"form": form, "title": title, "back": reverse("programmes:budget")}
    )


def _budget_context(request):
    years = selectors.budget_years()
    year = int_or_none(request.GET.get("year")) or (years[0] if years else clock.today().year)
    budget = selectors.budget_for(user=request.user, year=year)
    return year, years, budget


@role_required(*BUDGET_READERS)
def budget(request):
    year, years, budget = _budget_context(request)
    return render(
        request,
        "programmes/budget.html",
        {
            "year": year,
            "years": years,
            "lines": budget.lines,
            "totals": budget.totals,
            "threshold": budget.threshold,
            "can_edit": has_role(request.user, Role.HEAD_OF_SERVICE),
        },
    )


@role_required(*BUDGET_READERS)
def budget_export(request, fmt: str):
    year, _years, budget = _budget_context(request)
    rows = exports.budget_rows(budget.lines, budget.totals)
    name = f"budget-{year}"
    if fmt == "csv":
        return exports.csv_response(name, exports.budget_header(), rows)
    if fmt == "xlsx":
        return exports.xlsx_response(
            name, _("Budget %(year)s") % {"year": year}, exports.budget_header(), rows
        )
    raise Http404
