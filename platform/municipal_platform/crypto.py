"""Special-category data (violence referrals, children's health and disability) encrypted per municipality.

The one mechanism every module uses for such fields:

- **Master keys** are never in the database: ``FIELD_ENCRYPTION_KEY`` (environment, or the checkout's
  ``.data/field_key`` made once by ``make``) lists ``ID:KEY`` entries, each KEY 32 random bytes in
  URL-safe base64; the first encrypts, every listed one decrypts. Rotation: put a new entry first (new
  values use it, each stored value names its key id), run ``manage.py reseal_special_fields``, then drop
  the old entry.
- **A municipality's data key** is derived from a master key and the schema's name (HKDF-SHA256), so no
  data key is stored anywhere and two municipalities never share one.
- **A value** is ``enc1:<key id>:<base64(nonce | AES-256-GCM ciphertext)>``; the associated data binds
  the schema, table and column, so a value copied into another municipality (or another column) does not
  decrypt: it fails loudly instead of showing someone else's data.
- **Reading** goes through `read_special`, which writes who read which record's special fields and why
  (``audit.SpecialDataRead`` in the schema). Loading a model instance never decrypts: the attribute holds
  a `Sealed` value that prints as a mask.
- **Start-up**: a missing or malformed key stops the settings from loading; a key whose id was used
  before with different bytes (a wrong key) is refused by `check_master_key` (called by the WSGI start,
  the Celery worker and ``manage.py check``) and again before the first use in a process.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
import re
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.core.exceptions import ImproperlyConfigured
from django.db import models

PREFIX = "enc1"
KEY_ID_RE = re.compile(r"^[A-Za-z0-9_-]{1,16}$")
_FINGERPRINT_LABEL = b"municipal-platform field key fingerprint"


class DecryptionError(Exception):
    """A stored value that cannot be decrypted here: another municipality's, another column's, or a key
    that is not configured. Never shown as data."""


def parse_master_keys(text: str) -> dict[str, bytes]:
    """``ID:KEY`` entries separated by commas or whitespace, the first one current.

    Raises ImproperlyConfigured naming what is wrong (never echoing a key).
    """
    entries = [entry for entry in re.split(r"[\s,]+", (text or "").strip()) if entry]
    if not entries:
        raise ImproperlyConfigured(
            "Set FIELD_ENCRYPTION_KEY (or let `make` write .data/field_key): the key that encrypts special-"
            "category data, e.g. `1:` followed by the output of "
            "`python -c 'import base64, os; print(base64.urlsafe_b64encode(os.urandom(32)).decode())'`."
        )
    keys: dict[str, bytes] = {}
    for position, entry in enumerate(entries, start=1):
        key_id, sep, encoded = entry.partition(":")
        if not sep or not KEY_ID_RE.match(key_id):
            raise ImproperlyConfigured(
                f"FIELD_ENCRYPTION_KEY entry {position} is not ID:KEY (ID: 1-16 letters, digits, - or _)."
            )
        try:
            raw = base64.urlsafe_b64decode(encoded.encode() + b"=" * (-len(encoded) % 4))
        except (binascii.Error, ValueError):
            raw = b""
        if len(raw) != 32:
            raise ImproperlyConfigured(
                f"FIELD_ENCRYPTION_KEY entry {position} (id {key_id}) is not 32 bytes in URL-safe base64."
            )
        if key_id in keys:
            raise ImproperlyConfigured(f"FIELD_ENCRYPTION_KEY names key id {key_id} twice.")
        keys[key_id] = raw
    return keys


def new_master_key_entry(key_id: str = "1") -> str:
    """A fresh ``ID:KEY`` entry (for .data/field_key and for rotation)."""
    return f"{key_id}:{base64.urlsafe_b64encode(os.urandom(32)).decode()}"


def _settings_keys() -> tuple[str, dict[str, bytes]]:
    from django.conf import settings

    keys = parse_master_keys(settings.FIELD_ENCRYPTION_KEY)
    return next(iter(keys)), keys


def fingerprint(key: bytes) -> str:
    """What the database may hold about a master key: enough to tell a wrong key, nothing to decrypt."""
    return hmac.new(key, _FINGERPRINT_LABEL, hashlib.sha256).hexdigest()[:32]


def _data_key(master: bytes, schema: str) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=None,
        info=b"municipal-platform field data key|" + schema.encode(),
    ).derive(master)


def _associated_data(schema: str, label: str) -> bytes:
    return f"{schema}|{label}".encode()


# -- start-up check of the master keys against the fingerprints recorded in the public schema ---------

_checked: set[tuple[str, str]] = set()


def check_master_key(*, record: bool = True) -> None:
    """Refuse a wrong master key: each configured key id must match the fingerprint recorded the first time
    that id was used (recorded now when ``record``). Raises ImproperlyConfigured naming the key id."""
    from django.db import connection

    _current, keys = _settings_keys()
    wanted = {(key_id, fingerprint(key)) for key_id, key in keys.items()}
    if wanted <= _checked:
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT key_id, fingerprint FROM public.audit_masterkeyfingerprint")
        known = dict(cursor.fetchall())
        for key_id, print_ in sorted(wanted):
            if key_id in known and known[key_id] != print_:
                raise ImproperlyConfigured(
                    f"FIELD_ENCRYPTION_KEY: key id {key_id} is not the key this database's data was "
                    "encrypted with. Restore the right key (see docs/security.md, key custody)."
                )
            if key_id not in known and record:
                cursor.execute(
                    "INSERT INTO public.audit_masterkeyfingerprint (key_id, fingerprint, created_at)"
                    " VALUES (%s, %s, now()) ON CONFLICT (key_id) DO NOTHING",
                    [key_id, print_],
                )
    _checked.update(wanted)


def check_master_key_at_startup() -> None:
    """Called where a process starts serving (WSGI, the Celery worker): a wrong key stops it. A database
    not reachable yet, or not migrated yet, is left to the check before the first use."""
    from django.db import DatabaseError

    try:
        check_master_key()
    except DatabaseError:
        from django.db import connection

        connection.close()


# -- encrypt / decrypt -------------------------------------------------------------------------------


def encrypt(plaintext: str, *, schema: str, label: str) -> str:
    """The stored form of ``plaintext`` in ``schema`` for the column ``label`` ("table.column")."""
    check_master_key()
    key_id, keys = _settings_keys()
    nonce = os.urandom(12)
    sealed = AESGCM(_data_key(keys[key_id], schema)).encrypt(
        nonce, plaintext.encode(), _associated_data(schema, label)
    )
    return f"{PREFIX}:{key_id}:{base64.urlsafe_b64encode(nonce + sealed).decode()}"


def decrypt(token: str, *, schema: str, label: str) -> str:
    """The plaintext of a stored value; DecryptionError when it was not sealed for this schema and column
    or its key is not configured."""
    check_master_key()
    _current, keys = _settings_keys()
    try:
        prefix, key_id, payload = token.split(":", 2)
        raw = base64.urlsafe_b64decode(payload.encode())
    except (ValueError, binascii.Error) as exc:
        raise DecryptionError("not an encrypted value") from exc
    if prefix != PREFIX:
        raise DecryptionError("not an encrypted value")
    if key_id not in keys:
        raise DecryptionError(f"key id {key_id} is not configured in FIELD_ENCRYPTION_KEY")
    try:
        plain = AESGCM(_data_key(keys[key_id], schema)).decrypt(
            raw[:12], raw[12:], _associated_data(schema, label)
        )
    except InvalidTag as exc:
        raise DecryptionError(
            "the value was not encrypted for this municipality and field (or with another key)"
        ) from exc
    return plain.decode()


def key_id_of(token: str) -> str:
    return token.split(":", 2)[1]


# -- model fields ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sealed:
    """A special-category value as loaded from the database: the ciphertext only. Prints as a mask, so a
    template or a log that meets it shows nothing; `read_special` opens it and records the read."""

    token: str

    def __str__(self) -> str:
        return "••••••"

    def __repr__(self) -> str:
        return "Sealed(••••••)"

    def __bool__(self) -> bool:
        return True


# (db_table, column) -> field, filled as models load: the export and import read it to carry values from one
# municipality's key to another's.
REGISTRY: dict[tuple[str, str], EncryptedTextField] = {}


class EncryptedTextField(models.TextField):
    """Text stored encrypted with the municipality's key. Assign plaintext (a str); read it only through
    `read_special`. Not searchable or orderable in SQL, by design."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("blank", True)
        kwargs.setdefault("null", True)
        super().__init__(*args, **kwargs)

    def contribute_to_class(self, cls, name, *args, **kwargs):
        super().contribute_to_class(cls, name, *args, **kwargs)
        if not cls._meta.abstract:
            REGISTRY[(cls._meta.db_table, str(self.column))] = self

    @property
    def label(self) -> str:
        return f"{self.model._meta.db_table}.{self.column}"

    def to_plain(self, value: Any) -> str:
        return str(value)

    def from_plain(self, text: str) -> Any:
        return text

    def from_db_value(self, value, expression, connection):
        return None if value is None else Sealed(value)

    def to_python(self, value: Any) -> Any:
        return value

    def get_prep_value(self, value: Any) -> Any:
        return value

    def get_db_prep_value(self, value, connection, prepared=False):
        if value is None:
            return None
        if isinstance(value, Sealed):
            return value.token
        return encrypt(self.to_plain(value), schema=connection.schema_name, label=self.label)

    def value_to_string(self, obj: models.Model) -> str:
        value = self.value_from_object(obj)
        return value.token if isinstance(value, Sealed) else ""

    def get_lookup(self, lookup_name: str):
        # Only "is null": nothing else can be compared on ciphertext.
        return super().get_lookup(lookup_name) if lookup_name == "isnull" else None


class EncryptedJSONField(EncryptedTextField):
    """A JSON value (dict, list, ...) stored encrypted like `EncryptedTextField`."""

    def to_plain(self, value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, sort_keys=True)

    def from_plain(self, text: str) -> Any:
        return json.loads(text)


def special_fields(model: type[models.Model]) -> list[EncryptedTextField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]


def open_value(instance: models.Model, field: EncryptedTextField, *, schema: str) -> Any:
    """Decrypt one field of a loaded instance (no audit: callers are `read_special` and the
    municipality export/import, which write their own record)."""
    value = getattr(instance, field.attname)
    if value is None:
        return None
    if not isinstance(value, Sealed):
        return value  # assigned in this process, not saved yet
    return field.from_plain(decrypt(value.token, schema=schema, label=field.label))


def read_special(
    *, actor, instance: models.Model, fields: list[str] | None = None, purpose: str = ""
) -> dict[str, Any]:
    """The plaintext of ``instance``'s special-category fields (all, or those named), for ``actor``.

    Writes who read which record's fields, when and why (``audit.SpecialDataRead``) in the same schema;
    the role check is the calling service's (it knows who may read its records).
    """
    from municipal_platform.audit.models import SpecialDataRead
    from municipal_platform.schemas import current_schema

    schema = current_schema()
    chosen = [f for f in special_fields(type(instance)) if fields is None or f.name in fields]
    values = {f.name: open_value(instance, f, schema=schema) for f in chosen}
    SpecialDataRead.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        model=instance._meta.label_lower,
        object_id=str(instance.pk),
        fields=sorted(values),
        purpose=purpose[:300],
    )
    return values


def read_special_many(*, actor, instances: list[models.Model], purpose: str = "") -> list[dict[str, Any]]:
    """`read_special` for many records at once (a page that shows a case with its assessments, reviews
    and referrals): the plaintext of each instance's special-category fields, in the order given, and one
    ``audit.SpecialDataRead`` row per instance, all written in one INSERT."""
    from municipal_platform.audit.models import SpecialDataRead
    from municipal_platform.schemas import current_schema

    schema = current_schema()
    opened = [
        {f.name: open_value(instance, f, schema=schema) for f in special_fields(type(instance))}
        for instance in instances
    ]
    who = actor if getattr(actor, "pk", None) else None
    SpecialDataRead.objects.bulk_create(
        SpecialDataRead(
            actor=who,
            model=instance._meta.label_lower,
            object_id=str(instance.pk),
            fields=sorted(values),
            purpose=purpose[:300],
        )
        for instance, values in zip(instances, opened, strict=True)
    )
    return opened


def reseal(token: str, *, label: str, from_schema: str, to_schema: str) -> str:
    """A stored value of one schema made the stored value of another (the municipality import), with the
    current key."""
    return encrypt(decrypt(token, schema=from_schema, label=label), schema=to_schema, label=label)


def reseal_schema(schema: str) -> int:
    """Re-encrypt with the current key every special-category value of ``schema`` written with an older
    one (after a rotation, before the old key is dropped); returns how many values changed."""
    from django.db import connection, transaction
    from psycopg import sql

    current, _keys = _settings_keys()
    changed = 0
    with transaction.atomic(), connection.cursor() as cursor:
        for (table, column), field in sorted(REGISTRY.items()):
            cursor.execute(
                "SELECT 1 FROM information_schema.columns"
                " WHERE table_schema = %s AND table_name = %s AND column_name = %s",
                [schema, table, column],
            )
            if cursor.fetchone() is None:
                continue
            name, col = sql.Identifier(schema, table), sql.Identifier(column)
            cursor.execute(
                sql.SQL(
                    "SELECT id, {col} FROM {table} WHERE {col} IS NOT NULL AND {col} NOT LIKE %s FOR UPDATE"
                ).format(col=col, table=name),
                [f"{PREFIX}:{current}:%"],
            )
            for pk, token in cursor.fetchall():
                cursor.execute(
                    sql.SQL("UPDATE {table} SET {col} = %s WHERE id = %s").format(table=name, col=col),
                    [reseal(token, label=field.label, from_schema=schema, to_schema=schema), pk],
                )
                changed += 1
    return changed
