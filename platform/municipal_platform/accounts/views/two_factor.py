"""Two-factor sign-in pages: the second step after the password, setting up an authenticator (a QR
code drawn here, offline, and the key in text), the recovery codes shown once, the user's own page, and
a manager's reset of another user's authenticator. The rules are in accounts/two_factor.py; the
middleware keeps everything else closed until the second step is done where it is due."""

from __future__ import annotations

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice
from django_ratelimit import ALL
from django_ratelimit.core import is_ratelimited

from municipal_platform.errors import apply_service_errors
from municipal_platform.roles import Role, role_required

from .. import selectors, two_factor

CODES_SESSION_KEY = "two_factor_new_codes"
NEXT_SESSION_KEY = "two_factor_next"


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=20)


def _next_url(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def otp_rate_limited(request, user) -> bool:
    """Count one code attempt of ``user`` (every door: the code page, the set-up page, the API token);
    True once OTP_RATE_PER_USER is spent."""
    return is_ratelimited(
        request,
        group="otp-user",
        key=lambda group, req: f"user:{user.pk}",
        rate=lambda group, req: settings.OTP_RATE_PER_USER,
        method=ALL,
        increment=True,
    )


@login_required
def two_factor_verify(request):
    """The second step: the authenticator's code, or one recovery code."""
    user = request.user
    next_url = _next_url(request)
    if user.is_verified():
        return HttpResponseRedirect(next_url)
    mandatory, has_device = two_factor.due_state(user)
    if not has_device:
        return redirect("two_factor_setup") if mandatory else HttpResponseRedirect(next_url)
    form = CodeForm(request.POST or None)
    rate_limited = False
    if request.method == "POST":
        if otp_rate_limited(request, user):
            rate_limited = True
        elif form.is_valid():
            try:
                device = two_factor.verify(user=user, code=form.cleaned_data["code"])
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                otp_login(request, device)
                if isinstance(device, StaticDevice):
                    messages.warning(
                        request,
                        gettext(
                            "You signed in with a recovery code; %(left)d are left. Make new ones on the "
                            "two-factor sign-in page if few are left."
                        )
                        % {"left": two_factor.recovery_codes_left(user)},
                    )
                return HttpResponseRedirect(next_url)
    return render(
        request,
        "accounts/two_factor_verify.html",
        {"form": form, "next": next_url, "rate_limited": rate_limited},
        status=429 if rate_limited else 200,
    )


@login_required
def two_factor_setup(request):
    """Set up an authenticator: scan the QR code (or type the key), confirm with a code it shows."""
    user = request.user
    next_url = _next_url(request)
    if two_factor.has_device(user):
        return redirect("two_factor_manage")
    device = two_factor.enrolment_start(actor=user)
    form = CodeForm(request.POST or None)
    rate_limited = False
    if request.method == "POST":
        if otp_rate_limited(request, user):
            rate_limited = True
        elif form.is_valid():
            try:
                confirmed, codes = two_factor.enrolment_confirm(actor=user, code=form.cleaned_data["code"])
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                otp_login(request, confirmed)
                request.session[CODES_SESSION_KEY] = codes
                request.session[NEXT_SESSION_KEY] = next_url
                return redirect("two_factor_recovery_codes")
    qr = segno.make(device.config_url, error="m")
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "next": next_url,
            "rate_limited": rate_limited,
            "mandatory": two_factor.is_mandatory(user),
            "qr_svg": mark_safe(qr.svg_inline(scale=5, title=gettext("QR code to scan"))),
            "secret": two_factor.secret_base32(device),
        },
        status=429 if rate_limited else 200,
    )


@login_required
def two_factor_recovery_codes(request):
    """The recovery codes just made, shown this once."""
    codes = request.session.pop(CODES_SESSION_KEY, None)
    next_url = request.session.pop(NEXT_SESSION_KEY, None) or resolve_url(settings.LOGIN_REDIRECT_URL)
    return render(request, "accounts/two_factor_codes.html", {"codes": codes, "next": next_url})


@login_required
def two_factor_manage(request):
    """The user's own two-factor page: whether it is set up, new recovery codes, a new phone, turning
    it off where the role allows."""
    user = request.user
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "codes":
            try:
                codes = two_factor.recovery_codes_regenerate(actor=user)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
                return redirect("two_factor_manage")
            request.session[CODES_SESSION_KEY] = codes
            request.session[NEXT_SESSION_KEY] = request.path
            return redirect("two_factor_recovery_codes")
        if action == "remove":
            two_factor.two_factor_remove(actor=user, user=user)
            if two_factor.is_mandatory(user):
                messages.success(request, gettext("Set up two-factor sign-in on your new phone."))
                return redirect("two_factor_setup")
            messages.success(request, gettext("Two-factor sign-in is turned off."))
            return redirect("two_factor_manage")
    return render(
        request,
        "accounts/two_factor_manage.html",
        {
            "has_device": two_factor.has_device(user),
            "mandatory": two_factor.is_mandatory(user),
            "codes_left": two_factor.recovery_codes_left(user),
        },
    )


@require_POST
@role_required(Role.HEAD_OF_SERVICE, Role.PLATFORM_ADMIN)
def staff_two_factor_reset(request, pk: int):
    """A manager removes a user's authenticator (a lost phone): recorded in the user's history."""
    member = selectors.user_get(pk=pk)
    if member is None:
        raise Http404
    two_factor.two_factor_remove(actor=request.user, user=member)
    messages.success(
        request,
        gettext("Two-factor sign-in of %(username)s is removed: they set it up again at their next login.")
        % {"username": member.username},
    )
    return redirect("staff_detail", pk=member.pk)
