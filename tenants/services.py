"""Provisioning municipalities: create by cloning the template schema, suspend, keep the template current."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name, schema_context, schema_exists

from municipal_platform.accounts.services import roles_ensure, user_create
from municipal_platform.roles import ASSOCIATION_ROLES, MUNICIPALITY_ROLES, Role

from .models import Domain, Municipality

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
    head_username: str
    head_password: str


def municipality_create(
    *,
    slug: str,
    name_ka: str,
    name_en: str,
    region: str = "",
    head_username: str = "head",
    head_password: str | None = None,
    head_email: str = "",
    profile: dict | None = None,
) -> Provisioned:
    """Provision a municipality: its row, domain, schema (cloned from the template), roles and a head of service.

    Everything happens in one transaction (PostgreSQL DDL is transactional), so any failure leaves
    no schema, no domain row and no user behind.
    """
    slug = (slug or "").strip()
    slug_validate(slug)
    errors = {}
    if not (name_ka or "").strip():
        errors["name_ka"] = _("The Georgian name is required.")
    if not (name_en or "").strip():
        errors["name_en"] = _("The English name is required.")
    if errors:
        raise ValidationError(errors)

    template_schema_ensure()
    password = head_password or secrets.token_urlsafe(12)
    with transaction.atomic():
        municipality = Municipality(
            schema_name=slug.replace("-", "_"),
            slug=slug,
            name_ka=name_ka.strip(),
            name_en=name_en.strip(),
            region=region,
            **(profile or {}),
        )
        municipality.full_clean(exclude=["schema_name"])
        municipality.save()
        Domain.objects.create(domain=municipality_domain(slug), tenant=municipality, is_primary=True)
        municipality.create_schema(check_if_exists=False, verbosity=0)
        with schema_context(municipality.schema_name):
            roles_ensure(roles=MUNICIPALITY_ROLES)
            user_create(
                username=head_username,
                password=password,
                roles=(Role.HEAD_OF_SERVICE,),
                email=head_email,
                position=_("Head of social service"),
            )
    return Provisioned(municipality=municipality, head_username=head_username, head_password=password)


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
    roles_ensure(roles=ASSOCIATION_ROLES)
    return association


def municipality_set_active(*, municipality: Municipality, active: bool) -> Municipality:
    """Suspend or reactivate a municipality: a suspended one answers only a 'suspended' page."""
    if municipality.is_association:
        raise ValidationError({"municipality": _("The association portal cannot be suspended.")})
    municipality.is_active = active
    municipality.save(update_fields=["is_active"])
    return municipality
