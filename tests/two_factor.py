"""Two-factor sign-in for tests: real devices, real codes.

- ``verify_session(client, user)``: after ``force_login``, the session is marked as having given the
  second step with django-otp's own ``otp_login`` and a real confirmed authenticator of the user (the
  demo's for the demo users). ``client_for`` calls it for every user for whom the step is due.
- ``code_for(user)``: the current code of the user's authenticator, computed from its key as the phone
  would. django-otp refuses a code of a time step it has already accepted (a replayed code); tests log
  the same user in many times within 30 seconds, so the device's replay guard and wait are reset first
  (inside the test's transaction).
- ``code_from_secret(secret)``: the current code for a key shown on the set-up page (base32).
- ``committed_code_for(schema, username)``: the same as ``code_for`` for the browser tests, whose server
  reads committed rows: it resets the guard in its own committed transaction.
"""

from __future__ import annotations

from base64 import b32decode
from binascii import unhexlify

from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from municipal_platform.accounts import two_factor


def _code(key: bytes, *, step: int = 30, digits: int = 6) -> str:
    return f"{totp(key, step=step, digits=digits):0{digits}d}"


def code_from_secret(secret: str) -> str:
    return _code(b32decode(secret.replace(" ", "").upper()))


def device_of(user) -> TOTPDevice:
    """The user's confirmed authenticator (made when they have none)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="test", confirmed=True)


def code_for(user) -> str:
    device = device_of(user)
    TOTPDevice.objects.filter(pk=device.pk).update(
        last_t=-1, drift=0, throttling_failure_count=0, throttling_failure_timestamp=None
    )
    return _code(unhexlify(device.key), step=device.step, digits=device.digits)


def verify_session(client, user) -> None:
    """Mark the client's session (made by force_login, in the user's schema) as verified."""
    mandatory, has_device = two_factor.due_state(user)
    if not (mandatory or has_device):
        return
    request = HttpRequest()
    request.session = client.session
    request.user = user
    otp_login(request, device_of(user))
    request.session.save()


def committed_code_for(schema: str, username: str) -> str | None:
    """For browser tests: reset the replay guard of ``username``'s authenticator in ``schema`` in a
    committed transaction of its own, and return its current code (None: no authenticator)."""
    import psycopg

    from tests.servers import test_database_url

    with psycopg.connect(test_database_url(), autocommit=True) as conn:
        row = conn.execute(
            f'UPDATE "{schema}".otp_totp_totpdevice AS d SET last_t = -1, drift = 0,'
            " throttling_failure_count = 0, throttling_failure_timestamp = NULL"
            f' FROM "{schema}".accounts_user AS u'
            " WHERE d.user_id = u.id AND u.username = %s AND d.confirmed RETURNING d.key, d.step, d.digits",
            [username],
        ).fetchone()
    if row is None:
        return None
    key, step, digits = row
    # The next time step may begin between now and the server's check: its tolerance of one step
    # accepts the code either way.
    return _code(unhexlify(key), step=step, digits=digits)


def otp_for(municipality, username: str) -> str:
    """``code_for`` of a user of ``municipality`` (None: the portal), from any schema."""
    from django_tenants.utils import get_public_schema_name, schema_context

    from municipal_platform.accounts.models import User

    schema = get_public_schema_name() if municipality is None else municipality.schema_name
    with schema_context(schema):
        return code_for(User.objects.get(username=username))


def committed_demo_authenticator_restore(schema: str, username: str) -> None:
    """For browser tests that change a demo user's authenticator: put back the demo's one (committed),
    so the tests after them find the demo as built."""
    import psycopg

    from tenants.demo import DEMO_TOTP_KEY_HEX
    from tests.servers import test_database_url

    user = f'(SELECT id FROM "{schema}".accounts_user WHERE username = %s)'
    with psycopg.connect(test_database_url()) as conn, conn.transaction():
        conn.execute(
            f'DELETE FROM "{schema}".otp_static_statictoken WHERE device_id IN'
            f' (SELECT id FROM "{schema}".otp_static_staticdevice WHERE user_id = {user})',
            [username],
        )
        conn.execute(f'DELETE FROM "{schema}".otp_static_staticdevice WHERE user_id = {user}', [username])
        conn.execute(f'DELETE FROM "{schema}".otp_totp_totpdevice WHERE user_id = {user}', [username])
        conn.execute(
            f'INSERT INTO "{schema}".otp_totp_totpdevice (name, confirmed, key, step, t0, digits, tolerance,'
            " drift, last_t, user_id, throttling_failure_count, created_at)"
            f" VALUES ('demo', true, %s, 30, 0, 6, 1, 0, -1, {user}, 0, now())",
            [DEMO_TOTP_KEY_HEX, username],
        )
