"""Writes on staff accounts and roles: invite, change details and roles, deactivate and reactivate,
set a password with an e-mailed single-use link. Every change writes a UserEvent.

The same services serve both sides: inside a municipality's schema they manage its staff (roles of
MUNICIPALITY_ROLES, managed by the head of service); in the public schema the association's portal
users (ASSOCIATION_ROLES, managed by the platform administrator).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.functional import Promise
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext_lazy as _
from knox.models import AuthToken

from municipal_platform.model_update import model_update
from municipal_platform.roles import ASSOCIATION_ROLES, MUNICIPALITY_ROLES, Role, require_role
from municipal_platform.schemas import in_public_schema

from . import emails
from .models import User, UserEvent

# Details a manager may change with user_update (roles and activity have their own services).
EDITABLE_FIELDS = ["username", "first_name", "last_name", "email", "position", "phone"]


def side_roles() -> tuple[Role, ...]:
    """The roles users of the current schema may hold."""
    return ASSOCIATION_ROLES if in_public_schema() else MUNICIPALITY_ROLES


def manager_role() -> Role:
    """Who manages users on this side: the head of service, or the portal's platform administrator."""
    return Role.PLATFORM_ADMIN if in_public_schema() else Role.HEAD_OF_SERVICE


def roles_ensure(*, roles: Iterable[str]) -> list[Group]:
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
    """Create a user with a known password in the current schema (the demo and provisioning with a
    given password); people are otherwise invited with user_invite."""
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


# --- checks shared by invite and update -----------------------------------------------------------


def _roles_errors(roles: Iterable[str]) -> tuple[list[str], list[str]]:
    """(clean role names, messages) for a requested set of roles on the current side."""
    allowed = {str(r) for r in side_roles()}
    other = {str(r) for r in Role} - allowed
    names: list[str] = []
    messages: list[Any] = []
    for raw in roles:
        name = str(raw).strip()
        if name in allowed:
            if name not in names:
                names.append(name)
        elif name in other:
            messages.append(
                _("“%(role)s” is a role of the association's portal, not of a municipality.") % {"role": name}
                if not in_public_schema()
                else _("“%(role)s” is a role of a municipality, not of the association's portal.")
                % {"role": name}
            )
        else:
            messages.append(_("“%(role)s” is not a role.") % {"role": name})
    if not names and not messages:
        messages.append(_("Choose at least one role."))
    return names, messages


def _details_errors(data: dict[str, Any], *, user: User | None = None) -> dict[str, list]:
    errors: dict[str, list] = {}
    if "username" in data:
        username = data["username"]
        if not username:
            errors["username"] = [_("Enter a username.")]
        elif not _username_valid(username):
            errors["username"] = [_("A username may hold only letters, digits and @ . + - _ (no spaces).")]
        else:
            taken = User.objects.filter(username__iexact=username)
            if user is not None:
                taken = taken.exclude(pk=user.pk)
            if taken.exists():
                errors["username"] = [
                    _("The username “%(username)s” is already taken.") % {"username": username}
                ]
    if "email" in data:
        email = data["email"]
        if not email:
            errors["email"] = [_("Enter an e-mail address: the link to set the password is sent there.")]
        else:
            try:
                validate_email(email)
            except ValidationError:
                errors["email"] = [_("Enter a valid e-mail address.")]
    for field, message in (
        ("first_name", _("Enter the first name.")),
        ("last_name", _("Enter the last name.")),
    ):
        if field in data and not data[field]:
            errors[field] = [message]
    return errors


def _username_valid(username: str) -> bool:
    """Django's own username rule, asked here so the refusal carries a message our catalogue translates."""
    try:
        UnicodeUsernameValidator()(username)
    except ValidationError:
        return False
    return True


def _check_manager(actor: User | None) -> None:
    require_role(actor, manager_role())


def _lock_managers() -> None:
    """Serialise every change that could leave the side without an active manager."""
    Group.objects.select_for_update().filter(name=manager_role()).first()


def _another_active_manager(user: User) -> bool:
    return User.objects.filter(is_active=True, groups__name=manager_role()).exclude(pk=user.pk).exists()


def _last_manager_message():
    if in_public_schema():
        return _("This is the last active platform administrator: give the role to someone else first.")
    return _("This is the last active head of service: give the role to someone else first.")


def _record(*, user: User, actor: User | None, action: str, changes: dict | None = None) -> UserEvent:
    return UserEvent.objects.create(user=user, actor=actor, action=action, changes=changes or {})


def _strip(data: dict[str, Any]) -> dict[str, Any]:
    """Text values trimmed, lazy translations (a position given by provisioning) made plain strings."""
    return {k: (str(v).strip() if isinstance(v, str | Promise) else v) for k, v in data.items()}


# --- use cases ---------------------------------------------------------------------------------


@transaction.atomic
def user_invite(
    *,
    actor: User | None,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    position: str = "",
    roles: Iterable[str],
) -> User:
    """Create a user of the current schema with the given roles and no usable password, and e-mail
    them (on commit) a single-use link to set it. ``actor`` is the manager of this side; None only
    when provisioning invites a new municipality's first head of service.
    """
    if actor is not None:
        _check_manager(actor)
    data = _strip(
        {
            "username": username,
            "first_name": first_name,
            "last_name": last_name,
            "email": email,
            "position": position,
        }
    )
    errors = _details_errors(data)
    role_names, role_messages = _roles_errors(roles)
    if role_messages:
        errors["roles"] = role_messages
    if errors:
        raise ValidationError(errors)
    user = User(**data)
    user.set_unusable_password()
    user.full_clean()
    user.save()
    user.groups.set(roles_ensure(roles=role_names))
    _record(
        user=user,
        actor=actor,
        action=UserEvent.Action.INVITED,
        changes={**{k: v for k, v in data.items() if v}, "roles": sorted(role_names)},
    )
    emails.send_on_commit(user=user, kind=emails.INVITATION)
    return user


@transaction.atomic
def user_update(*, actor: User, user: User, **fields: Any) -> dict[str, tuple[Any, Any]]:
    """Change a user's details (username, names, e-mail, position, phone). Returns what changed."""
    _check_manager(actor)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in sorted(unknown)})
    data = _strip(fields)
    errors = _details_errors(data, user=user)
    if errors:
        raise ValidationError(errors)
    changes = model_update(instance=user, fields=EDITABLE_FIELDS, data=data, clean_exclude=["password"])
    if changes:
        _record(
            user=user,
            actor=actor,
            action=UserEvent.Action.UPDATED,
            changes={field: [old, new] for field, (old, new) in changes.items()},
        )
    return changes


@transaction.atomic
def user_roles_set(*, actor: User, user: User, roles: Iterable[str]) -> dict[str, list[str]]:
    """Give ``user`` exactly ``roles`` (of this side). Refused when it would demote the last active
    manager. Returns {"added": [...], "removed": [...]}."""
    _check_manager(actor)
    role_names, role_messages = _roles_errors(roles)
    if role_messages:
        raise ValidationError({"roles": role_messages})
    before = set(user.groups.values_list("name", flat=True))
    after = set(role_names)
    manager = str(manager_role())
    if user.is_active and manager in before and manager not in after:
        _lock_managers()
        if not _another_active_manager(user):
            raise ValidationError({"roles": [_last_manager_message()]})
    added, removed = sorted(after - before), sorted(before - after)
    if added or removed:
        user.groups.set(roles_ensure(roles=role_names))
        user.__dict__.pop("_role_names", None)
        _record(
            user=user,
            actor=actor,
            action=UserEvent.Action.ROLES_CHANGED,
            changes={"added": added, "removed": removed},
        )
    return {"added": added, "removed": removed}


@transaction.atomic
def user_change(
    *,
    actor: User,
    user: User,
    roles: Iterable[str] | None = None,
    is_active: bool | None = None,
    **fields: Any,
) -> None:
    """One edit of a user (the edit page, the API's PATCH): details, roles and activity together, all or
    nothing. Every refusal is reported at once, keyed by field."""
    _check_manager(actor)
    errors: dict[str, list] = {}
    for apply in (
        lambda: user_update(actor=actor, user=user, **fields) if fields else None,
        lambda: user_roles_set(actor=actor, user=user, roles=roles) if roles is not None else None,
        lambda: _set_active(actor=actor, user=user, active=is_active) if is_active is not None else None,
    ):
        try:
            with transaction.atomic():
                apply()
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)  # the outer transaction rolls back whatever did succeed


def _set_active(*, actor: User, user: User, active: bool) -> None:
    if active:
        user_reactivate(actor=actor, user=user)
    else:
        user_deactivate(actor=actor, user=user)


def api_token_issue(*, user: User) -> tuple[AuthToken, str]:
    """A new API token of ``user`` in this schema, ending after settings.REST_KNOX["TOKEN_TTL"]; returns
    the stored row and the token itself (only its digest is stored: this is the one time it is seen)."""
    return AuthToken.objects.create(user=user)


def api_tokens_end(*, user: User) -> int:
    """End every API token of ``user`` in this schema (at logout and deactivation); how many there were."""
    return AuthToken.objects.filter(user=user).delete()[0]


def _end_sessions(user: User) -> int:
    """Delete the user's sessions in this schema (they are signed, so we read each live one)."""
    ended = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get(SESSION_KEY) == str(user.pk)
    ]
    Session.objects.filter(pk__in=ended).delete()
    return len(ended)


@transaction.atomic
def user_deactivate(*, actor: User, user: User) -> User:
    """Deactivate a user: they can no longer log in, and their open sessions and API tokens stop
    working at once. Their history rows keep naming them. Refused for oneself and for the last active
    manager of this side."""
    _check_manager(actor)
    if not user.is_active:
        return user
    if user.pk == actor.pk:
        raise ValidationError({"is_active": [_("You cannot deactivate your own account.")]})
    if user.groups.filter(name=manager_role()).exists():
        _lock_managers()
        if not _another_active_manager(user):
            raise ValidationError({"is_active": [_last_manager_message()]})
    user.is_active = False
    user.save(update_fields=["is_active"])
    tokens = api_tokens_end(user=user)
    sessions = _end_sessions(user)
    _record(
        user=user,
        actor=actor,
        action=UserEvent.Action.DEACTIVATED,
        changes={"sessions_ended": sessions, "tokens_revoked": tokens},
    )
    return user


@transaction.atomic
def user_reactivate(*, actor: User, user: User) -> User:
    """Let a deactivated user log in again (with their own password; a reset link works as usual)."""
    _check_manager(actor)
    if user.is_active:
        return user
    user.is_active = True
    user.save(update_fields=["is_active"])
    _record(user=user, actor=actor, action=UserEvent.Action.REACTIVATED)
    return user


@transaction.atomic
def invitation_resend(*, actor: User, user: User) -> User:
    """Send a new set-password link to a user who has not set a password yet (or lost the mail)."""
    _check_manager(actor)
    if not user.is_active:
        raise ValidationError({"is_active": [_("This account is deactivated: reactivate it first.")]})
    if not user.email:
        raise ValidationError(
            {"email": [_("Enter an e-mail address: the link to set the password is sent there.")]}
        )
    _record(user=user, actor=actor, action=UserEvent.Action.INVITED, changes={"email": user.email})
    emails.send_on_commit(user=user, kind=emails.INVITATION)
    return user


@transaction.atomic
def password_reset_request(*, login: str) -> None:
    """E-mail a set-password link to the active account with this username or e-mail address.

    Says nothing about whether such an account exists: the caller shows the same answer either way.
    """
    login = (login or "").strip()
    if not login:
        return
    matches = User.objects.filter(is_active=True).exclude(email="")
    users = matches.filter(email__iexact=login) if "@" in login else matches.filter(username__iexact=login)
    for user in users:
        emails.send_on_commit(user=user, kind=emails.PASSWORD_RESET)


def user_from_uidb64(uidb64: str) -> User | None:
    try:
        pk = force_str(urlsafe_base64_decode(uidb64))
        return User.objects.get(pk=pk)
    except (TypeError, ValueError, OverflowError, User.DoesNotExist, ValidationError):
        return None


def link_is_valid(user: User | None, token: str) -> bool:
    return user is not None and user.is_active and default_token_generator.check_token(user, token)


@transaction.atomic
def password_set_with_token(*, uidb64: str, token: str, password: str) -> User:
    """Set a password with the e-mailed link. The link works once and for PASSWORD_RESET_TIMEOUT:
    Django's token hashes the password, so it is spent the moment the password changes."""
    user = user_from_uidb64(uidb64)
    if user is not None:
        user = User.objects.select_for_update().get(pk=user.pk)
    if not link_is_valid(user, token):
        raise ValidationError(
            {
                "token": [
                    _("This link has expired or has already been used. Ask for a new one on the login page.")
                ]
            }
        )
    assert user is not None
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from exc
    user.set_password(password)
    user.save(update_fields=["password"])
    _record(user=user, actor=user, action=UserEvent.Action.PASSWORD_SET)
    return user
