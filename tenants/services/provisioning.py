"""Provisioning municipalities: create by cloning the template schema, keep the template current."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.validators import validate_email
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name, schema_context, schema_exists

from municipal_platform.accounts import services as account_services
from municipal_platform.accounts.models import User
from municipal_platform.roles import ASSOCIATION_ROLES, MUNICIPALITY_ROLES, Role, require_role

from ..models import Domain, Municipality

SLUG_RE = re.compile(r"^[a-z][a-z0-9-]{1,38}[a-z0-9]$")
RESERVED_SLUGS = frozenset(
    {
        "public",
        "www",
        "api",
        "admin",
        "static",
        "media",
        "mail",
        "smtp",
        "ftp",
        "localhost",
        "template",
        "municipality_template",
        "information_schema",
        "postgres",
        "association",
        "portal",
        "platform",
        "test",
    }
)


def template_schema_name() -> str:
    return settings.TENANT_BASE_SCHEMA


def municipality_domain(slug: str) -> str:
    return f"{slug}.{settings.BASE_DOMAIN}"


def template_schema_ensure(*, verbosity: int = 0) -> bool:
    """Create or bring up to date the template schema new municipalities are cloned from.

    Returns True when migrations were applied. A clone of a stale template would be faked as fully
    migrated, so provisioning always calls this first.
    """
    name = template_schema_name()
    with connection.cursor() as cursor:
        if not schema_exists(name):
            cursor.execute(f'CREATE SCHEMA "{name}"')
    if not _schema_has_pending_migrations(name):
        return False
    call_command("migrate_schemas", tenant=True, schema_name=name, interactive=False, verbosity=verbosity)
    connection.set_schema_to_public()  # type: ignore[attr-defined]
    return True


def _schema_has_pending_migrations(schema: str) -> bool:
    with schema_context(schema):
        executor = MigrationExecutor(connection)
        return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def slug_validate(slug: str) -> None:
    """Raise ValidationError naming the slug when it cannot be a municipality's address."""
    if not SLUG_RE.match(slug or ""):
        raise ValidationError(
            {
                "slug": _(
                    "“%(slug)s” is not a valid slug: use 3-40 lowercase Latin letters, digits and hyphens, "
                    "starting with a letter."
                )
                % {"slug": slug}
            }
        )
    if slug in RESERVED_SLUGS or slug.startswith("pg"):
        raise ValidationError({"slug": _("“%(slug)s” is a reserved name.") % {"slug": slug}})
    schema = slug.replace("-", "_")
    if (
        Municipality.objects.filter(slug=slug).exists()
        or Municipality.objects.filter(schema_name=schema).exists()
        or Domain.objects.filter(domain=municipality_domain(slug)).exists()
    ):
        raise ValidationError(
            {"slug": _("A municipality with slug “%(slug)s” already exists.") % {"slug": slug}}
        )


@dataclass(frozen=True)
class Provisioned:
    municipality: Municipality
    head: User
    # Only when this call generated it (the caller shows it once); None when it was given or the head
    # was invited by e-mail to set their own.
    head_password: str | None
    head_invited: bool

    @property
    def head_username(self) -> str:
        return self.head.username


def _head_validate(*, username: str, email: str, invite: bool, password: str | None) -> None:
    """Refuse a bad first head before anything is written, naming the service's own fields."""
    errors: dict[str, str] = {}
    try:
        User._meta.get_field("username").run_validators(username)
        if not username:
            raise ValidationError(_("The head of service's username is required."))
    except ValidationError as exc:
        errors["head_username"] = " ".join(exc.messages)
    if invite and not email:
        errors["head_email"] = _("The head of service's e-mail address is required to send the invitation.")
    elif email:
        try:
            validate_email(email)
        except ValidationError:
            errors["head_email"] = _("“%(email)s” is not a valid e-mail address.") % {"email": email}
    if invite and password:
        errors["head_password"] = _("An invited head of service sets their own password.")
    if errors:
        raise ValidationError(errors)


def municipality_create(
    *,
    actor: User | None = None,
    slug: str,
    name_ka: str,
    name_en: str,
    region: str = "",
    is_trial: bool = False,
    head_username: str = "head",
    head_first_name: str = "",
    head_last_name: str = "",
    head_email: str = "",
    head_password: str | None = None,
    invite_head: bool = False,
    profile: dict | None = None,
) -> Provisioned:
    """Provision a municipality: its row, domain, schema (cloned from the template), roles and a head of service.

    The head is invited by e-mail to set their own password (``invite_head``; the mail goes when the
    transaction commits), or gets ``head_password``, or a generated password returned once in
    ``Provisioned.head_password``. ``actor`` is the platform administrator (None: a command or the demo).

    Everything happens in one transaction (PostgreSQL DDL is transactional), so any failure leaves
    no schema, no domain row and no user behind.
    """
    if actor is not None:
        require_role(actor, Role.PLATFORM_ADMIN)
    slug = (slug or "").strip()
    head_username = (head_username or "").strip()
    head_email = (head_email or "").strip()
    slug_validate(slug)
    errors = {}
    if not (name_ka or "").strip():
        errors["name_ka"] = _("The Georgian name is required.")
    if not (name_en or "").strip():
        errors["name_en"] = _("The English name is required.")
    if errors:
        raise ValidationError(errors)
    _head_validate(username=head_username, email=head_email, invite=invite_head, password=head_password)

    template_schema_ensure()
    generated = None if (invite_head or head_password) else secrets.token_urlsafe(12)
    with transaction.atomic():
        municipality = Municipality(
            schema_name=slug.replace("-", "_"),
            slug=slug,
            name_ka=name_ka.strip(),
            name_en=name_en.strip(),
            region=region,
            is_trial=is_trial,
            **(profile or {}),
        )
        municipality.full_clean(exclude=["schema_name"])
        municipality.save()
        Domain.objects.create(domain=municipality_domain(slug), tenant=municipality, is_primary=True)
        municipality.create_schema(check_if_exists=False, verbosity=0)
        with schema_context(municipality.schema_name):
            account_services.roles_ensure(roles=MUNICIPALITY_ROLES)
            if invite_head:
                head = account_services.user_invite(
                    actor=None,
                    username=head_username,
                    first_name=head_first_name,
                    last_name=head_last_name,
                    email=head_email,
                    position=_("Head of social service"),
                    roles=(Role.HEAD_OF_SERVICE,),
                )
            else:
                head = account_services.user_create(
                    username=head_username,
                    password=head_password or generated or "",
                    roles=(Role.HEAD_OF_SERVICE,),
                    first_name=head_first_name,
                    last_name=head_last_name,
                    email=head_email,
                    position=_("Head of social service"),
                )
    return Provisioned(
        municipality=municipality, head=head, head_password=generated, head_invited=invite_head
    )


def association_ensure(*, name_ka: str, name_en: str) -> Municipality:
    """The public schema's tenant row and domain, so BASE_DOMAIN serves the association portal (idempotent)."""
    public = get_public_schema_name()
    association, _created = Municipality.objects.get_or_create(
        schema_name=public,
        defaults={"slug": "association", "name_ka": name_ka, "name_en": name_en},
    )
    Domain.objects.get_or_create(
        domain=settings.BASE_DOMAIN, defaults={"tenant": association, "is_primary": True}
    )
    account_services.roles_ensure(roles=ASSOCIATION_ROLES)
    return association
