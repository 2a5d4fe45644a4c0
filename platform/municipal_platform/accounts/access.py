"""Who may open the URLs both sides share (accounts, staff, API docs, admin); see municipal_platform/access.py."""

from collections.abc import Mapping

from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from municipal_platform.access import EVERYONE, NOBODY, STAFF, Rule, Sides, fixed, who
from municipal_platform.roles import Role

HEAD = who(Role.HEAD_OF_SERVICE)
PLATFORM_ADMIN = who(Role.PLATFORM_ADMIN)


def staff_member() -> Mapping[str, Mapping[str, object]]:
    """A colleague of the schema (the front desk in a municipality, the reviewer on the portal)."""
    from .models import User

    user = User.objects.filter(username__in=("frontdesk", "reviewer")).order_by("pk").first()
    assert user is not None
    return {"": {"pk": user.pk}}


def password_link() -> Mapping[str, Mapping[str, object]]:
    """A real password-setting link of a colleague of the schema."""
    from .models import User

    user = User.objects.filter(username__in=("frontdesk", "reviewer")).order_by("pk").first()
    assert user is not None
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return {"": {"uidb64": uid, "token": default_token_generator.make_token(user)}}


# any value will do for the admin's parameters: no visitor may open an admin object (see below)
ADMIN_PARAMS = fixed(app_label="accounts", object_id="1", content_type_id="1", id="1", pk="1", url="x")


def both(rule: Rule) -> Sides:
    return Sides(municipality=rule, portal=rule)


def managers(**kwargs) -> Sides:
    """The staff pages: the head of service in a municipality, the platform administrator on the portal."""
    return Sides(
        municipality=Rule(
            **{k: HEAD if v else NOBODY for k, v in kwargs.items() if k != "objects"},
            objects=kwargs.get("objects"),
        ),
        portal=Rule(
            **{k: PLATFORM_ADMIN if v else NOBODY for k, v in kwargs.items() if k != "objects"},
            objects=kwargs.get("objects"),
        ),
    )


RULES = {
    "healthz": both(Rule(read=EVERYONE, post=EVERYONE)),
    "set_language": both(Rule(read=EVERYONE, post=EVERYONE)),
    "login": both(Rule(read=EVERYONE, post=EVERYONE)),
    # GET is not allowed; a POST ends the session and goes to the login page (no data either way)
    "logout": both(Rule()),
    "password_reset": both(Rule(read=EVERYONE, post=EVERYONE)),
    "password_reset_sent": both(Rule(read=EVERYONE, post=EVERYONE)),
    "password_set": both(Rule(read=EVERYONE, post=EVERYONE, objects=password_link)),
    "dashboard": both(Rule(read=STAFF, post=STAFF)),
    "admin_login": both(Rule(read=EVERYONE, post=EVERYONE)),
    # the admin's own password change, behind our attempt limits, then the admin's staff check
    "admin_password_change": Sides(
        municipality=Rule(), portal=Rule(read=PLATFORM_ADMIN, post=PLATFORM_ADMIN)
    ),
    "api_me": both(Rule(read=STAFF)),
    "api_token": both(Rule(post=EVERYONE)),
    "api_logout": both(Rule(post=STAFF, token_only=True)),
    "api_logout_all": both(Rule(post=STAFF, token_only=True)),
    "staff_list": managers(read=True, post=True),
    "staff_invite": managers(read=True, post=True),
    "staff_detail": managers(read=True, post=True, objects=staff_member),
    "staff_edit": managers(read=True, post=True, objects=staff_member),
    "staff_deactivate": managers(read=True, post=True, objects=staff_member),
    "staff_reactivate": managers(post=True, objects=staff_member),
    "staff_resend": managers(post=True, objects=staff_member),
    "api_staff_list": managers(read=True, post=True),
    "api_staff_detail": managers(read=True, patch=True, objects=staff_member),
    "api_staff_deactivate": managers(post=True, objects=staff_member),
    "api_staff_reactivate": managers(post=True, objects=staff_member),
    # two-factor sign-in: every signed-in user manages their own; the managers reset a colleague's
    "two_factor_verify": both(Rule(read=STAFF, post=STAFF)),
    "two_factor_setup": both(Rule(read=STAFF, post=STAFF)),
    "two_factor_recovery_codes": both(Rule(read=STAFF, post=STAFF)),
    "two_factor_manage": both(Rule(read=STAFF, post=STAFF)),
    "staff_two_factor_reset": managers(post=True, objects=staff_member),
    "api_staff_two_factor_reset": managers(post=True, objects=staff_member),
    "api_schema": both(Rule(read=EVERYONE)),
    "api_docs": both(Rule(read=EVERYONE)),
    # Django's admin: only users marked as admin staff, that is the platform administrator on the portal;
    # no role group holds a model permission, so the admin shows them its index and their own password
    # pages and refuses every list, form and object (no municipality user is admin staff)
    "admin:*": Sides(
        municipality=Rule(objects=ADMIN_PARAMS),
        portal=Rule(objects=ADMIN_PARAMS),
    ),
    **{
        f"admin:{name}": Sides(
            municipality=Rule(objects=ADMIN_PARAMS),
            portal=Rule(read=PLATFORM_ADMIN, post=PLATFORM_ADMIN, objects=ADMIN_PARAMS),
        )
        for name in ("index", "password_change")
    },
    **{
        f"admin:{name}": Sides(
            municipality=Rule(objects=ADMIN_PARAMS), portal=Rule(read=PLATFORM_ADMIN, objects=ADMIN_PARAMS)
        )
        for name in ("password_change_done", "jsi18n")
    },
}
