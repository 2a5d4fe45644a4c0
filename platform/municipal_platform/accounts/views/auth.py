"""Login, logout and the landing page each role sees after login."""

import unicodedata

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext
from django_ratelimit.decorators import ratelimit
from drf_spectacular.utils import extend_schema, extend_schema_view
from knox import views as knox_views
from rest_framework import serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.response import Response
from rest_framework.views import APIView

from municipal_platform.navigation import citizen_links
from municipal_platform.roles import user_roles

from .. import services, two_factor
from .two_factor import otp_rate_limited


def _rate_per_ip(group, request) -> str:
    return settings.LOGIN_RATE_PER_IP


def _rate_per_username(group, request) -> str:
    return settings.LOGIN_RATE_PER_USERNAME


def _username_key(group, request) -> str:
    """The username as the login forms read it (both strip spaces, Django's normalises NFKC), so
    " head " and "head" share one counter."""
    # DRF requests carry JSON in .data; the login form posts a form.
    data = getattr(request, "data", None) or request.POST
    username = unicodedata.normalize("NFKC", str(data.get("username", ""))).strip()
    return username[:150].lower()


def login_rate_limited(view_class):
    """The same attempt limits on every door that takes a password (login page, admin, API token)."""
    view_class = method_decorator(
        ratelimit(key="ip", rate=_rate_per_ip, method="POST", block=False, group="login-ip"), name="post"
    )(view_class)
    return method_decorator(
        ratelimit(
            key=_username_key, rate=_rate_per_username, method="POST", block=False, group="login-username"
        ),
        name="post",
    )(view_class)


@login_rate_limited
class LoginView(auth_views.LoginView):
    """Django's login, with attempts limited per client and per username (the cache keeps the counts)."""

    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if getattr(request, "limited", False):
            # Do not even check the password: a guessing script learns nothing more.
            context = self.get_context_data(form=self.get_form_class()(request), rate_limited=True)
            return self.render_to_response(context, status=429)
        return super().post(request, *args, **kwargs)


class TokenRequestSerializer(AuthTokenSerializer):
    otp = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=20,
        help_text="The one-time code of two-factor sign-in (the authenticator's 6 digits, or a recovery "
        "code): required for the roles that must use it and for anyone who has set it up.",
    )


@login_rate_limited
class ObtainTokenApi(APIView):
    """POST username, password (and otp where two-factor sign-in is due), get an API token of this
    schema that ends after API_TOKEN_TTL seconds (limited like the login page, the code per user like the
    code page). Send it as `Authorization: Token <token>`."""

    authentication_classes: list = []
    permission_classes: list = []

    class OutputSerializer(serializers.Serializer):
        token = serializers.CharField()
        expiry = serializers.DateTimeField()

    @extend_schema(
        request=TokenRequestSerializer,
        responses=OutputSerializer,
        summary="Get an API token with a username, password and one-time code (it ends after API_TOKEN_TTL seconds)",
    )
    def post(self, request, *args, **kwargs):
        if getattr(request, "limited", False):
            return Response(
                {"detail": gettext("Too many login attempts. Wait a minute and try again.")}, status=429
            )
        serializer = TokenRequestSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        mandatory, has_device = two_factor.due_state(user)
        if has_device:
            if otp_rate_limited(request, user):
                return Response(
                    {"detail": gettext("Too many attempts. Wait a minute and try again.")}, status=429
                )
            if not serializer.validated_data.get("otp", "").strip():
                raise ValidationError(
                    {"otp": [gettext("This account uses two-factor sign-in: send the one-time code as otp.")]}
                )
            two_factor.verify(user=user, code=serializer.validated_data["otp"], field="otp")
        elif mandatory:
            raise ValidationError(
                {
                    "otp": [
                        gettext(
                            "Your role requires two-factor sign-in: log in on the site once to set it up, "
                            "then ask for a token with the code."
                        )
                    ]
                }
            )
        instance, token = services.api_token_issue(user=user)
        return Response(self.OutputSerializer({"token": token, "expiry": instance.expiry}).data)


@extend_schema_view(
    post=extend_schema(request=None, responses={204: None}, summary="End the API token this request carries")
)
class ApiLogout(knox_views.LogoutView):
    pass


@extend_schema_view(
    post=extend_schema(
        request=None, responses={204: None}, summary="End every API token of this user in this schema"
    )
)
class ApiLogoutAll(knox_views.LogoutAllView):
    pass


class LogoutView(auth_views.LogoutView):
    """Django's logout; the user's API tokens of this schema end with their session."""

    def post(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            services.api_tokens_end(user=request.user)
        return super().post(request, *args, **kwargs)


def municipality_home(request):
    """A municipality's start page: staff go to their dashboard; citizens see what is open to them."""
    if request.user.is_authenticated:
        return redirect("dashboard")
    return render(request, "platform/citizen_home.html", {"citizen_links": citizen_links()})


@login_required
def dashboard(request):
    return render(request, "platform/dashboard.html", {"has_roles": bool(user_roles(request.user))})
