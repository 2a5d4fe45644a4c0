"""Reads on accounts: the users of this side with their roles, one user's history, and the work
still assigned to a user (each module registers what it assigns; see ``register_assigned_work``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from municipal_platform.roles import ROLE_LABELS, Role

from .models import User, UserEvent


def user_list(*, active: bool | None = None, search: str = "") -> QuerySet[User]:
    """The users of the current schema, active first, with their roles prefetched (one query more)."""
    users = User.objects.prefetch_related(Prefetch("groups", queryset=Group.objects.order_by("name")))
    if active is not None:
        users = users.filter(is_active=active)
    if search:
        users = users.filter(
            Q(username__icontains=search)
            | Q(first_name__icontains=search)
            | Q(last_name__icontains=search)
            | Q(email__icontains=search)
        )
    return users.order_by("-is_active", "last_name", "first_name", "username")


def user_get(*, pk: int) -> User | None:
    return user_list().filter(pk=pk).first()


def role_names_of(user: User) -> list[str]:
    """The user's role names, from the prefetched groups when user_list fetched them."""
    return sorted(group.name for group in user.groups.all())


def role_label(name: str) -> str:
    try:
        return str(ROLE_LABELS[Role(name)])
    except ValueError:
        return name


def user_events(*, user: User) -> QuerySet[UserEvent]:
    return UserEvent.objects.filter(user=user).select_related("actor").order_by("-at", "-id")


def event_lines(event: UserEvent) -> list[str]:
    """What an account event changed, in words: "e-mail: a@x.ge → b@x.ge", "roles added: …"."""
    changes = event.changes or {}
    if event.action == UserEvent.Action.ROLES_CHANGED:
        lines = []
        if changes.get("added"):
            lines.append(
                _("added: %(roles)s") % {"roles": ", ".join(role_label(r) for r in changes["added"])}
            )
        if changes.get("removed"):
            lines.append(
                _("removed: %(roles)s") % {"roles": ", ".join(role_label(r) for r in changes["removed"])}
            )
        return lines
    if event.action == UserEvent.Action.INVITED:
        lines = []
        if changes.get("email"):
            lines.append(_("link sent to %(email)s") % {"email": changes["email"]})
        if changes.get("roles"):
            lines.append(
                _("roles: %(roles)s") % {"roles": ", ".join(role_label(r) for r in changes["roles"])}
            )
        return lines
    if event.action == UserEvent.Action.UPDATED:
        return [
            f"{_field_label(name)}: {old or '—'} → {new or '—'}"
            for name, (old, new) in sorted(changes.items())
        ]
    if event.action == UserEvent.Action.DEACTIVATED:
        return [
            _("sessions ended: %(sessions)s, API tokens revoked: %(tokens)s")
            % {"sessions": changes.get("sessions_ended", 0), "tokens": changes.get("tokens_revoked", 0)}
        ]
    if event.action == UserEvent.Action.TWO_FACTOR_RESET:
        return [_("API tokens revoked: %(tokens)s") % {"tokens": changes.get("tokens_revoked", 0)}]
    if event.action == UserEvent.Action.RECOVERY_CODE_USED:
        return [_("recovery codes left: %(left)s") % {"left": changes.get("left", 0)}]
    return []


def _field_label(name: str) -> str:
    from .forms import UserEditForm  # the labels the edit page shows

    field = UserEditForm.base_fields.get(name)
    return str(field.label) if field is not None and field.label else name


# --- work still assigned to a user -------------------------------------------------------------------


@dataclass(frozen=True)
class AssignedItem:
    label: str
    url: str
    relation: str = ""  # e.g. "registered by", "decided by"


@dataclass(frozen=True)
class AssignedWork:
    """What one module still has open under a user's name (``total`` may exceed the items shown)."""

    title: str
    items: list[AssignedItem] = field(default_factory=list)
    total: int = 0


AssignedWorkProvider = Callable[[User], AssignedWork | None]
_PROVIDERS: list[AssignedWorkProvider] = []


def register_assigned_work(provider: AssignedWorkProvider) -> AssignedWorkProvider:
    """Register a function (user -> AssignedWork or None) listing a module's open items under a user;
    usable as a decorator. Providers answer None where their module has nothing (e.g. the portal)."""
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)
    return provider


def assigned_work(*, user: User) -> list[AssignedWork]:
    """What every module still has open under ``user``, only the modules with something open."""
    found = []
    for provider in _PROVIDERS:
        work = provider(user)
        if work is not None and work.total:
            found.append(work)
    return found
