"""Writes on staff accounts and roles."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db import transaction

from municipal_platform.roles import Role

from .models import User


def roles_ensure(*, roles: tuple[str, ...]) -> list[Group]:
    """Create the role groups of the current schema (idempotent)."""
    return [Group.objects.get_or_create(name=str(role))[0] for role in roles]


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    roles: tuple[Role, ...] = (),
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    position: str = "",
    is_staff: bool = False,
) -> User:
    """Create a staff user in the current schema with the given roles."""
    user = User(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        position=position,
        is_staff=is_staff,
    )
    user.set_password(password)
    user.full_clean()
    user.save()
    if roles:
        user.groups.set(roles_ensure(roles=roles))
    return user
