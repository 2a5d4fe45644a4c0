"""The second step of signing in: after the password, nothing opens until it is done where it is due.

A signed-in session that has not given a one-time code (django-otp's ``user.is_verified()``) of a user
whose role makes two-factor sign-in mandatory, or who has set it up, reaches only the pages of the
second step, logging out, the language switch and static files: a page is sent to the code page (or to
setting it up, for a mandatory role without an authenticator), the API answers 403. Runs after
django-otp's OTPMiddleware. API tokens are issued only with the code (accounts/views/auth.py).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext

from . import two_factor

OPEN_PREFIXES = ("/static/", "/i18n/")


def _open_paths() -> set[str]:
    return {
        reverse("two_factor_verify"),
        reverse("two_factor_setup"),
        reverse("two_factor_recovery_codes"),
        reverse("logout"),
        reverse("healthz"),
    }


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.is_verified():
            return self.get_response(request)
        if request.path.startswith(OPEN_PREFIXES) or request.path in _open_paths():
            return self.get_response(request)
        mandatory, has_device = two_factor.due_state(user)
        if not (mandatory or has_device):
            return self.get_response(request)
        if request.path.startswith("/api/"):
            message = (
                gettext("Give the one-time code of two-factor sign-in first.")
                if has_device
                else gettext("Set up two-factor sign-in first: your role requires it.")
            )
            return JsonResponse({"detail": message}, status=403)
        target = reverse("two_factor_verify" if has_device else "two_factor_setup")
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        return redirect(target)
