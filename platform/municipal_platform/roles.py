"""Roles of DESIGN.md as Django groups, and the checks services and the API call.

Permissions are enforced here, in services and in DRF permission classes; templates only use the
same functions to decide what to show.
"""

from __future__ import annotations

import functools
from enum import StrEnum

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission


class Role(StrEnum):
    # municipality side
    FRONT_DESK = "front_desk"
    FEEDBACK_OFFICER = "feedback_officer"
    SOCIAL_WORKER = "social_worker"
    COMMISSION_MEMBER = "commission_member"
    HEAD_OF_SERVICE = "head_of_service"
    COUNCIL_MEMBER = "council_member"
    # association (public schema) side
    REVIEWER = "reviewer"
    CONTEST_ADMIN = "contest_admin"
    PLATFORM_ADMIN = "platform_admin"


MUNICIPALITY_ROLES = (
    Role.FRONT_DESK,
    Role.FEEDBACK_OFFICER,
    Role.SOCIAL_WORKER,
    Role.COMMISSION_MEMBER,
    Role.HEAD_OF_SERVICE,
    Role.COUNCIL_MEMBER,
)
ASSOCIATION_ROLES = (Role.REVIEWER, Role.CONTEST_ADMIN, Role.PLATFORM_ADMIN)

ROLE_LABELS = {
    Role.FRONT_DESK: _("Front desk (chancellery)"),
    Role.FEEDBACK_OFFICER: _("Feedback officer"),
    Role.SOCIAL_WORKER: _("Social worker"),
    Role.COMMISSION_MEMBER: _("Commission member"),
    Role.HEAD_OF_SERVICE: _("Head of social service"),
    Role.COUNCIL_MEMBER: _("Council member"),
    Role.REVIEWER: _("Contest reviewer"),
    Role.CONTEST_ADMIN: _("Contest administrator"),
    Role.PLATFORM_ADMIN: _("Platform administrator"),
}

# Roles that may do everything their side allows.
SUPER_ROLES = {Role.HEAD_OF_SERVICE, Role.PLATFORM_ADMIN}


def user_roles(user) -> frozenset[str]:
    """The role names of ``user`` in the current schema (cached on the instance for the request)."""
    if user is None or not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_role_names", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._role_names = cached
    return cached


def has_role(user, *roles: str) -> bool:
    """True when the user holds any of ``roles`` or a role that may do everything on its side.

    council_member is read-only: it is never granted by a super role's reach, only by name.
    """
    names = user_roles(user)
    if names & set(roles):
        return True
    wants_write = any(r != Role.COUNCIL_MEMBER for r in roles)
    return wants_write and bool(names & SUPER_ROLES) and _same_side(names, roles)


def _same_side(names: frozenset[str], roles: tuple[str, ...]) -> bool:
    municipal = {str(r) for r in MUNICIPALITY_ROLES}
    if Role.HEAD_OF_SERVICE in names:
        return all(r in municipal for r in roles)
    return all(r not in municipal for r in roles)


def require_role(user, *roles: str) -> None:
    """Raise PermissionDenied unless the user holds one of ``roles`` (see has_role)."""
    if not has_role(user, *roles):
        raise PermissionDenied(_("Your role does not allow this action."))


def reads_exact_figures(user) -> bool:
    """Whether ``user`` reads a municipality's figures exact, small cells included.

    DESIGN.md: whoever may not read exact figures (citizens, council members, published pages and PDFs)
    gets the fixed reporting periods with small cells hidden. So every staff role of the municipality
    reads them exact, and a council member (or anyone with no municipal staff role) does not. Whether a
    role may open a given page at all is that page's own check.
    """
    return has_role(user, *(r for r in MUNICIPALITY_ROLES if r != Role.COUNCIL_MEMBER))


def role_required(*roles: str):
    """View decorator: log in first, then 403 unless the user holds one of ``roles`` (see has_role)."""

    def decorator(view):
        @functools.wraps(view)
        @login_required
        def wrapper(request, *args, **kwargs):
            require_role(request.user, *roles)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


class HasRole(BasePermission):
    """DRF permission: ``permission_classes = [HasRole.of(Role.FRONT_DESK, ...)]``."""

    roles: tuple[str, ...] = ()
    message = _("Your role does not allow this action.")

    @classmethod
    def of(cls, *roles: str) -> type[HasRole]:
        return type(f"HasRole_{'_'.join(roles)}", (cls,), {"roles": roles})

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated and has_role(request.user, *self.roles))
