"""The users of this side, managed by its manager: a municipality's head of service manages its staff,
the portal's platform administrator the reviewers and contest administrators. One set of pages serves
both (the schema decides which roles exist and who manages)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from municipal_platform.errors import apply_service_errors
from municipal_platform.roles import Role, role_required

from .. import selectors, services, two_factor
from ..forms import InviteForm, UserEditForm

# Users are per schema, so a head of service exists only in a municipality and a platform administrator
# only on the portal; the services check the side's own manager role again.
manager_required = role_required(Role.HEAD_OF_SERVICE, Role.PLATFORM_ADMIN)


def _user_or_404(pk: int):
    user = selectors.user_get(pk=pk)
    if user is None:
        raise Http404
    return user


@manager_required
def staff_list(request):
    search = request.GET.get("q", "").strip()
    users = list(selectors.user_list(search=search))
    rows = [
        {"user": u, "roles": [selectors.role_label(name) for name in selectors.role_names_of(u)]}
        for u in users
    ]
    return render(request, "accounts/staff_list.html", {"rows": rows, "search": search})


@manager_required
def staff_invite(request):
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_invite(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request,
                gettext("%(username)s is invited: a link to set the password was sent to %(email)s.")
                % {"username": user.username, "email": user.email},
            )
            return redirect("staff_detail", pk=user.pk)
    return render(request, "accounts/staff_form.html", {"form": form, "title": gettext("Invite a user")})


@manager_required
def staff_detail(request, pk: int):
    user = _user_or_404(pk)
    events = [{"event": e, "lines": selectors.event_lines(e)} for e in selectors.user_events(user=user)]
    return render(
        request,
        "accounts/staff_detail.html",
        {
            "member": user,
            "roles": [selectors.role_label(name) for name in selectors.role_names_of(user)],
            "events": events,
            "is_self": user.pk == request.user.pk,
            "two_factor_on": two_factor.has_device(user),
        },
    )


@manager_required
def staff_edit(request, pk: int):
    user = _user_or_404(pk)
    initial = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "position": user.position,
        "phone": user.phone,
        "roles": selectors.role_names_of(user),
    }
    form = UserEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        roles = data.pop("roles")
        try:
            services.user_change(actor=request.user, user=user, roles=roles, **data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, gettext("The changes are saved."))
            return redirect("staff_detail", pk=user.pk)
    title = gettext("Change %(name)s") % {"name": user.get_full_name() or user.username}
    return render(request, "accounts/staff_form.html", {"form": form, "title": title, "member": user})


@manager_required
def staff_deactivate(request, pk: int):
    """GET: what is still assigned to the user, and the confirmation; POST: deactivate."""
    user = _user_or_404(pk)
    error = None
    if request.method == "POST":
        try:
            services.user_deactivate(actor=request.user, user=user)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(
                request,
                gettext("%(username)s is deactivated: their sessions and API tokens no longer work.")
                % {"username": user.username},
            )
            return redirect("staff_detail", pk=user.pk)
    return render(
        request,
        "accounts/staff_deactivate.html",
        {"member": user, "assigned": selectors.assigned_work(user=user), "error": error},
        status=400 if error else 200,
    )


@require_POST
@manager_required
def staff_reactivate(request, pk: int):
    user = _user_or_404(pk)
    services.user_reactivate(actor=request.user, user=user)
    messages.success(request, gettext("%(username)s can log in again.") % {"username": user.username})
    return redirect("staff_detail", pk=user.pk)


@require_POST
@manager_required
def staff_resend(request, pk: int):
    user = _user_or_404(pk)
    try:
        services.invitation_resend(actor=request.user, user=user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, gettext("A new link to set the password was sent to %(email)s.") % {"email": user.email}
        )
    return redirect("staff_detail", pk=user.pk)
