"""Pages of accounts: login and the landing pages, passwords by e-mailed link, managing users."""

from .auth import (
    ApiLogout,
    ApiLogoutAll,
    LoginView,
    LogoutView,
    ObtainTokenApi,
    dashboard,
    login_rate_limited,
    municipality_home,
)
from .passwords import PasswordSetView, password_reset_request, password_reset_sent
from .staff import (
    staff_deactivate,
    staff_detail,
    staff_edit,
    staff_invite,
    staff_list,
    staff_reactivate,
    staff_resend,
)

__all__ = [
    "ApiLogout",
    "ApiLogoutAll",
    "LoginView",
    "LogoutView",
    "ObtainTokenApi",
    "PasswordSetView",
    "dashboard",
    "login_rate_limited",
    "municipality_home",
    "password_reset_request",
    "password_reset_sent",
    "staff_deactivate",
    "staff_detail",
    "staff_edit",
    "staff_invite",
    "staff_list",
    "staff_reactivate",
    "staff_resend",
]
