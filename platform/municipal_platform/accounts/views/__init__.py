"""Pages of accounts: login and the landing pages, passwords by e-mailed link, two-factor sign-in,
managing users."""

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
from .passwords import PasswordSetView, admin_password_change, password_reset_request, password_reset_sent
from .staff import (
    staff_deactivate,
    staff_detail,
    staff_edit,
    staff_invite,
    staff_list,
    staff_reactivate,
    staff_resend,
)
from .two_factor import (
    staff_two_factor_reset,
    two_factor_manage,
    two_factor_recovery_codes,
    two_factor_setup,
    two_factor_verify,
)

__all__ = [
    "ApiLogout",
    "ApiLogoutAll",
    "LoginView",
    "LogoutView",
    "ObtainTokenApi",
    "PasswordSetView",
    "admin_password_change",
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
    "staff_two_factor_reset",
    "two_factor_manage",
    "two_factor_recovery_codes",
    "two_factor_setup",
    "two_factor_verify",
]
