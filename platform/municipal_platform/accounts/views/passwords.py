"""Setting a password with an e-mailed single-use link (an invitation or a reset), and asking for a
reset on the login page. Django's PasswordResetConfirmView checks the link and moves the token out of
the address into the session; our service sets the password and writes the history row."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import INTERNAL_RESET_SESSION_TOKEN
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_ratelimit.decorators import ratelimit

from municipal_platform.errors import apply_service_errors

from .. import services


class PasswordResetRequestForm(forms.Form):
    login = forms.CharField(label=_("Username or e-mail address"), max_length=254)


def _rate_per_ip(group, request) -> str:
    return settings.LOGIN_RATE_PER_IP


@ratelimit(key="ip", rate=_rate_per_ip, method="POST", block=False, group="password-reset-ip")
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


class PasswordSetView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_set.html"
    reset_url_token = "set-password"

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
