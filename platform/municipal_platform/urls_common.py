"""URL patterns both sides share: auth, language switch, health, API docs."""

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.conf import settings
from django.contrib import admin
from django.http import JsonResponse
from django.urls import include, path
from django.utils.translation import gettext
from django.views.defaults import page_not_found
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from .accounts.api import (
    MeApi,
    StaffDeactivateApi,
    StaffDetailApi,
    StaffListApi,
    StaffReactivateApi,
    StaffTwoFactorResetApi,
)
from .accounts.views import (
    ApiLogout,
    ApiLogoutAll,
    LoginView,
    LogoutView,
    ObtainTokenApi,
    PasswordSetView,
    admin_password_change,
    dashboard,
    password_reset_request,
    password_reset_sent,
    staff_deactivate,
    staff_detail,
    staff_edit,
    staff_invite,
    staff_list,
    staff_reactivate,
    staff_resend,
    staff_two_factor_reset,
    two_factor_manage,
    two_factor_recovery_codes,
    two_factor_setup,
    two_factor_verify,
)
from .health import healthz


def not_found(request, exception):
    """A 404 under /api/ answers JSON like every other API answer (the OpenAPI schema says so); pages
    get the site's page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": gettext("Not found.")}, status=404)
    return page_not_found(request, exception)


def admin_site(urlconf: str) -> admin.AdminSite:
    """The Django admin of one side. The portal's lists only the models whose tables the public schema
    holds: a municipality's tables are not there (opening one of their objects was a server error)."""
    if urlconf != settings.PUBLIC_SCHEMA_URLCONF:
        return admin.site
    site = admin.AdminSite(name="admin")
    for attribute in ("site_header", "site_title", "index_title"):
        setattr(site, attribute, getattr(admin.site, attribute))
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_config.name in settings.SHARED_APPS:
            site.register(model, type(model_admin))
    return site


def common_patterns(urlconf: str) -> list:
    return [
        path("healthz", healthz, name="healthz"),
        path("i18n/", include("django.conf.urls.i18n")),
        path("accounts/login/", LoginView.as_view(), name="login"),
        path("accounts/logout/", LogoutView.as_view(), name="logout"),
        path("accounts/password/reset/", password_reset_request, name="password_reset"),
        path("accounts/password/reset/sent/", password_reset_sent, name="password_reset_sent"),
        path("accounts/password/<uidb64>/<token>/", PasswordSetView.as_view(), name="password_set"),
        # the second step after the password (accounts/middleware.py keeps the rest closed until then)
        path("accounts/two-factor/", two_factor_verify, name="two_factor_verify"),
        path("accounts/two-factor/setup/", two_factor_setup, name="two_factor_setup"),
        path(
            "accounts/two-factor/recovery-codes/", two_factor_recovery_codes, name="two_factor_recovery_codes"
        ),
        path("accounts/two-factor/manage/", two_factor_manage, name="two_factor_manage"),
        path("dashboard/", dashboard, name="dashboard"),
        # The admin's own login would bypass the attempt limits: send it through ours.
        # (a signed-in user without admin rights stays on the form: redirecting would loop)
        path("admin/login/", LoginView.as_view(redirect_authenticated_user=False), name="admin_login"),
        # ... and its password change (it takes the current password) through our limits too
        path("admin/password_change/", admin_password_change, name="admin_password_change"),
        path("admin/", admin_site(urlconf).urls),
        path("api/v1/me/", MeApi.as_view(), name="api_me"),
        path("api/v1/auth/token/", ObtainTokenApi.as_view(), name="api_token"),
        # POST with the token: it ends (logout-all/: every token of its user in this schema ends).
        path("api/v1/auth/logout/", ApiLogout.as_view(), name="api_logout"),
        path("api/v1/auth/logout-all/", ApiLogoutAll.as_view(), name="api_logout_all"),
        path("staff/", staff_list, name="staff_list"),
        path("staff/invite/", staff_invite, name="staff_invite"),
        path("staff/<int:pk>/", staff_detail, name="staff_detail"),
        path("staff/<int:pk>/edit/", staff_edit, name="staff_edit"),
        path("staff/<int:pk>/deactivate/", staff_deactivate, name="staff_deactivate"),
        path("staff/<int:pk>/reactivate/", staff_reactivate, name="staff_reactivate"),
        path("staff/<int:pk>/resend/", staff_resend, name="staff_resend"),
        path("staff/<int:pk>/two-factor-reset/", staff_two_factor_reset, name="staff_two_factor_reset"),
        path("api/v1/staff/", StaffListApi.as_view(), name="api_staff_list"),
        path("api/v1/staff/<int:pk>/", StaffDetailApi.as_view(), name="api_staff_detail"),
        path("api/v1/staff/<int:pk>/deactivate/", StaffDeactivateApi.as_view(), name="api_staff_deactivate"),
        path("api/v1/staff/<int:pk>/reactivate/", StaffReactivateApi.as_view(), name="api_staff_reactivate"),
        path(
            "api/v1/staff/<int:pk>/two-factor-reset/",
            StaffTwoFactorResetApi.as_view(),
            name="api_staff_two_factor_reset",
        ),
        path("api/schema/", SpectacularAPIView.as_view(urlconf=urlconf), name="api_schema"),
        # Swagger UI's script is served as a file (the split view); its page keeps three inline style rules.
        path(
            "api/docs/",
            csp_update({"style-src": [UNSAFE_INLINE]})(
                SpectacularSwaggerSplitView.as_view(url_name="api_schema")
            ),
            name="api_docs",
        ),
    ]
