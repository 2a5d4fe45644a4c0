"""The association portal's home page and the platform administrator's municipality pages."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from municipal_platform.errors import apply_service_errors
from municipal_platform.roles import Role, role_required

from . import selectors, services
from .forms import MunicipalityCreateForm, MunicipalityDeleteForm


def portal_home(request):
    """The portal's start page lists the active municipalities only (a suspended one answers nothing)."""
    return render(
        request,
        "tenants/portal_home.html",
        {"municipalities": selectors.municipality_list(include_suspended=False)},
    )


@role_required(Role.PLATFORM_ADMIN)
def municipality_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "tenants/municipality_list.html", {"municipalities": selectors.municipality_list()}
    )


@role_required(Role.PLATFORM_ADMIN)
def municipality_create(request: HttpRequest) -> HttpResponse:
    form = MunicipalityCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.municipality_create(actor=request.user, invite_head=True, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            municipality = result.municipality
            messages.success(
                request,
                _("%(name)s was created. An invitation to set a password was sent to %(email)s.")
                % {"name": municipality.name_ka, "email": result.head.email},
            )
            return redirect("tenants:municipality_detail", slug=municipality.slug)
    return render(request, "tenants/municipality_form.html", {"form": form})


def _detail(request: HttpRequest, municipality, delete_form=None) -> HttpResponse:
    return render(
        request,
        "tenants/municipality_detail.html",
        {
            "municipality": municipality,
            "delete_form": delete_form or MunicipalityDeleteForm(),
            "has_submissions": selectors.municipality_has_contest_submissions(municipality=municipality),
        },
    )


@role_required(Role.PLATFORM_ADMIN)
def municipality_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return _detail(request, selectors.municipality_get(slug=slug))


@require_POST
@role_required(Role.PLATFORM_ADMIN)
def municipality_suspend(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = services.municipality_set_active(
        actor=request.user, municipality=selectors.municipality_get(slug=slug), active=False
    )
    messages.success(request, _("%(name)s is suspended.") % {"name": municipality.name_ka})
    return redirect("tenants:municipality_detail", slug=slug)


@require_POST
@role_required(Role.PLATFORM_ADMIN)
def municipality_resume(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = services.municipality_set_active(
        actor=request.user, municipality=selectors.municipality_get(slug=slug), active=True
    )
    messages.success(request, _("%(name)s is active again.") % {"name": municipality.name_ka})
    return redirect("tenants:municipality_detail", slug=slug)


@require_POST
@role_required(Role.PLATFORM_ADMIN)
def municipality_delete(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = selectors.municipality_get(slug=slug)
    form = MunicipalityDeleteForm(request.POST)
    form.is_valid()
    try:
        export = services.municipality_delete(
            actor=request.user,
            municipality=municipality,
            confirm_slug=form.cleaned_data.get("confirm_slug", ""),
        )
    except ValidationError as exc:
        apply_service_errors(form, exc)
        return _detail(request, municipality, delete_form=form)
    messages.success(
        request,
        _("%(name)s was deleted. Its data was exported to %(path)s")
        % {"name": municipality.name_ka, "path": export},
    )
    return redirect("tenants:municipalities")
