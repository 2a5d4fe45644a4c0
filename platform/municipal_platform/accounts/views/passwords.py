"""Setting a password with an e-mailed single-use link (an invitation or a reset), asking for a reset on
the login page, and the admin's password change. Each door is limited per client address and per
account (the normalised username or address asked for, the account a link names, the signed-in user). Django's PasswordResetConfirmView checks the link and moves the token out of
the address into the session; our service sets the password and writes the history row."""

from __future__ import annotations

import unicodedata

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import INTERNAL_RESET_SESSION_TOKEN
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_ratelimit.decorators import ratelimit

from municipal_platform.errors import apply_service_errors

from .. import services
from ..password_validation import minimum_length


class PasswordResetRequestForm(forms.Form):
    login = forms.CharField(label=_("Username or e-mail address"), max_length=254)


def _rate_per_ip(group, request) -> str:
    return settings.LOGIN_RATE_PER_IP


def _rate_per_username(group, request) -> str:
    return settings.LOGIN_RATE_PER_USERNAME


def _login_key(group, request) -> str:
    """The username or address asked for, as the service reads it (spaces around dropped, any case)."""
    login = unicodedata.normalize("NFKC", str(request.POST.get("login", ""))).strip()
    return login[:254].lower()


def _link_user_key(group, request) -> str:
    """The account a set-password link names (its uidb64), whoever posts to it."""
    return str((request.resolver_match.kwargs if request.resolver_match else {}).get("uidb64", ""))


@ratelimit(key="ip", rate=_rate_per_ip, method="POST", block=False, group="password-reset-ip")
@ratelimit(key=_login_key, rate=_rate_per_username, method="POST", block=False, group="password-reset-login")
def password_reset_request(request):
    """Ask for a link to set a new password. The answer is the same whether the account exists or not."""
    if request.method == "POST":
        form = PasswordResetRequestForm(request.POST)
        if getattr(request, "limited", False):
            return render(
                request,
                "accounts/password_reset_request.html",
                {"form": form, "rate_limited": True},
                status=429,
            )
        if form.is_valid():
            services.password_reset_request(login=form.cleaned_data["login"])
            return redirect("password_reset_sent")
    else:
        form = PasswordResetRequestForm()
    return render(request, "accounts/password_reset_request.html", {"form": form})


def password_reset_sent(request):
    return render(request, "accounts/password_reset_sent.html")


@method_decorator(
    ratelimit(key="ip", rate=_rate_per_ip, method="POST", block=False, group="password-set-ip"), name="post"
)
@method_decorator(
    ratelimit(
        key=_link_user_key, rate=_rate_per_username, method="POST", block=False, group="password-set-user"
    ),
    name="post",
)
class PasswordSetView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_set.html"
    reset_url_token = "set-password"

    def get_context_data(self, **kwargs):
        return super().get_context_data(password_min_length=minimum_length(), **kwargs)

    def post(self, request, *args, **kwargs):
        if getattr(request, "limited", False):
            context = self.get_context_data(form=self.get_form(), rate_limited=True)
            return self.render_to_response(context, status=429)
        return super().post(request, *args, **kwargs)

    def get_user(self, uidb64):
        user = services.user_from_uidb64(uidb64)
        return user if user is not None and user.is_active else None

    def form_valid(self, form):
        token = self.request.session.get(INTERNAL_RESET_SESSION_TOKEN, "")
        try:
            services.password_set_with_token(
                uidb64=self.kwargs["uidb64"], token=token, password=form.cleaned_data["new_password1"]
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
            return self.form_invalid(form)
        self.request.session.pop(INTERNAL_RESET_SESSION_TOKEN, None)
        messages.success(
            self.request, gettext("Your password is set. Log in with your username and new password.")
        )
        return redirect("login")


@ratelimit(key="ip", rate=_rate_per_ip, method="POST", block=False, group="password-change-ip")
@ratelimit(key="user", rate=_rate_per_username, method="POST", block=False, group="password-change-user")
def admin_password_change(request):
    """The admin's own password change (it takes the current password): limited like the login page,
    per address and per signed-in user, then Django's admin view with its own staff check."""
    if getattr(request, "limited", False):
        return HttpResponse(gettext("Too many attempts. Wait a minute and try again."), status=429)
    return admin.site.admin_view(admin.site.password_change, cacheable=True)(request)
