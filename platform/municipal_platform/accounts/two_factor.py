"""Two-factor sign-in (django-otp): who must use it, and every write on a user's devices.

After the password, a user of a MANDATORY_ROLES role, or anyone who has set it up, gives a time-based
one-time code (TOTP, RFC 6238: an authenticator app on their phone) or one of their recovery codes
before anything opens (accounts/middleware.py). Devices live beside the user, in the user's schema.

- setup: ``enrolment_start`` makes an unconfirmed TOTP device (the page shows its QR code and key),
  ``enrolment_confirm`` confirms it with a code from the app and returns RECOVERY_CODES recovery codes;
- sign-in: ``verify`` checks a code against the user's confirmed devices (a recovery code works once);
  a wrong code makes django-otp wait 1, 2, 4, ... seconds before the device checks again;
- ``recovery_codes_regenerate`` replaces the recovery codes; ``two_factor_remove`` deletes the devices
  (the user themselves, or their side's manager after a lost phone: then recorded in their history).
"""

from __future__ import annotations

import re
from base64 import b32encode
from binascii import unhexlify

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from municipal_platform.roles import Role, require_role, user_roles

from .models import User, UserEvent
from .services import api_tokens_end

# Roles that hold the most personal data (every case of the municipality, child protection, every
# municipality): they cannot open anything without the second step.
MANDATORY_ROLES = (Role.HEAD_OF_SERVICE, Role.SOCIAL_WORKER, Role.PLATFORM_ADMIN)
RECOVERY_CODES = 10
_TOTP_CODE = re.compile(r"^\d{6}$")


def is_mandatory(user) -> bool:
    """Whether ``user``'s roles make two-factor sign-in mandatory."""
    return bool(user_roles(user) & {str(r) for r in MANDATORY_ROLES})


def has_device(user) -> bool:
    """Whether ``user`` has set up two-factor sign-in (a confirmed authenticator)."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def due_state(user) -> tuple[bool, bool]:
    """(mandatory, has a device) for ``user``, in one query: what the middleware asks on each request
    of a signed-in session that has not given a code."""
    row = (
        User.objects.filter(pk=user.pk)
        .annotate(
            mandatory=Exists(
                User.groups.through.objects.filter(
                    user_id=OuterRef("pk"), group__name__in=[str(r) for r in MANDATORY_ROLES]
                )
            ),
            has_device=Exists(TOTPDevice.objects.filter(user_id=OuterRef("pk"), confirmed=True)),
        )
        .values_list("mandatory", "has_device")
        .first()
    )
    return (bool(row[0]), bool(row[1])) if row else (False, False)


def secret_base32(device: TOTPDevice) -> str:
    """The device's key as an authenticator app asks for it when typed by hand, in groups of four."""
    key = b32encode(unhexlify(device.key.encode())).decode()
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def _normalise(code: str) -> str:
    """A code as typed: spaces and dashes dropped (recovery codes are shown as xxxx-xxxx), lower case."""
    return re.sub(r"[\s\-]", "", str(code or "")).lower()


def _show(token: str) -> str:
    return f"{token[:4]}-{token[4:]}"


def _record(*, user: User, actor: User | None, action: str, changes: dict | None = None) -> UserEvent:
    return UserEvent.objects.create(user=user, actor=actor, action=action, changes=changes or {})


def _new_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="recovery codes", confirmed=True)
    tokens: set[str] = set()
    while len(tokens) < RECOVERY_CODES:
        tokens.add(StaticToken.random_token())
    StaticToken.objects.bulk_create(StaticToken(device=device, token=t) for t in sorted(tokens))
    return [_show(t) for t in sorted(tokens)]


# --- use cases ---------------------------------------------------------------------------------


@transaction.atomic
def enrolment_start(*, actor: User) -> TOTPDevice:
    """The authenticator being set up for ``actor`` (made on the first visit, the same key until it is
    confirmed). Refused once one is confirmed: adding a device takes removing the first, which takes a
    code (or the manager)."""
    if has_device(actor):
        raise ValidationError({"code": [_("Two-factor sign-in is already set up for this account.")]})
    device = TOTPDevice.objects.filter(user=actor, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=actor, name="authenticator", confirmed=False)
    return device


def enrolment_confirm(*, actor: User, code: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm the authenticator being set up with a code it shows; returns it and the new recovery
    codes (the only time they are shown). A wrong code is refused naming the field ``code``."""
    code = _normalise(code)
    if not _TOTP_CODE.match(code):
        raise ValidationError({"code": [_("Enter the 6-digit code your authenticator app shows.")]})
    # The wrong attempt's count is committed before the refusal is raised (django-otp's wait).
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update().filter(user=actor, confirmed=False).order_by("pk").first()
        )
        if device is None or has_device(actor):
            raise ValidationError({"code": [_("Open the set-up page again: there is nothing to confirm.")]})
        allowed, _state = device.verify_is_allowed()
        accepted = allowed and device.verify_token(code)
    if not allowed:
        raise ValidationError({"code": [_too_many_message()]})
    if not accepted:
        raise ValidationError(
            {"code": [_("This code is not right. Check the phone's time and type the code it shows now.")]}
        )
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=actor, confirmed=False).delete()
        codes = _new_recovery_codes(actor)
        _record(user=actor, actor=actor, action=UserEvent.Action.TWO_FACTOR_ON)
    return device, codes


def _too_many_message():
    return _("Too many wrong codes in a row: wait a minute and try again.")


def verify(*, user: User, code: str, field: str = "code") -> Device:
    """The device of ``user`` that accepts ``code``: the authenticator's 6-digit code or an unused
    recovery code (which is then spent). Refused naming ``field`` (the page's ``code``, the API's
    ``otp``); each wrong code is counted (committed) before the refusal."""
    code = _normalise(code)
    if not code:
        raise ValidationError({field: [_("Enter the code from your authenticator app or a recovery code.")]})
    model: type[TOTPDevice] | type[StaticDevice] = TOTPDevice if _TOTP_CODE.match(code) else StaticDevice
    accepted = None
    refused_for_now = False
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=True, for_verify=True):
            if not isinstance(device, model):
                continue
            allowed, _state = device.verify_is_allowed()
            if not allowed:
                refused_for_now = True
                continue
            if device.verify_token(code):
                accepted = device
                break
    if accepted is None:
        if refused_for_now:
            raise ValidationError({field: [_too_many_message()]})
        raise ValidationError(
            {field: [_("This code is not right: type the code your authenticator app shows now.")]}
        )
    if isinstance(accepted, StaticDevice):
        _record(
            user=user,
            actor=user,
            action=UserEvent.Action.RECOVERY_CODE_USED,
            changes={"left": recovery_codes_left(user)},
        )
    return accepted


@transaction.atomic
def recovery_codes_regenerate(*, actor: User) -> list[str]:
    """New recovery codes for ``actor`` (the old ones stop working); returned to be shown once."""
    if not has_device(actor):
        raise ValidationError({"code": [_("Set up two-factor sign-in first.")]})
    codes = _new_recovery_codes(actor)
    _record(user=actor, actor=actor, action=UserEvent.Action.RECOVERY_CODES_NEW)
    return codes


@transaction.atomic
def two_factor_remove(*, actor: User, user: User) -> int:
    """Remove ``user``'s authenticator and recovery codes: the user themselves (a new phone, or turning
    it off where it is optional), or their side's manager (head of service, platform administrator)
    after a lost phone. Their API tokens end; a session they had asks for the second step again (for a
    mandatory role: set it up again before anything opens). Returns how many devices there were."""
    if actor.pk != user.pk:
        require_role(actor, Role.HEAD_OF_SERVICE, Role.PLATFORM_ADMIN)
    removed = 0
    for model in (TOTPDevice, StaticDevice):
        removed += model.objects.filter(user=user).delete()[1].get(model._meta.label, 0)
    tokens = api_tokens_end(user=user)
    _record(
        user=user,
        actor=actor,
        action=UserEvent.Action.TWO_FACTOR_RESET,
        changes={"tokens_revoked": tokens},
    )
    return removed


@transaction.atomic
def demo_device_ensure(*, user: User, key_hex: str) -> TOTPDevice:
    """The demo's confirmed authenticator with a published key (tenants/demo.py): a newcomer can sign
    in as the demo's head of service. Never used outside the demo."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="demo", key=key_hex, confirmed=True)
    return device
