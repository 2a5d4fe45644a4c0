"""Which schema the current connection is in, asked one way everywhere (django-tenants sets it on the
connection; the stubs of Django's connection do not know the attribute)."""

from __future__ import annotations

from django.db import connection
from django_tenants.utils import get_public_schema_name


def current_schema() -> str:
    return connection.schema_name  # type: ignore[attr-defined]


def current_tenant():
    """The tenant row of the current schema: a municipality, or the association's row on the portal
    (None only in a schema no row names, such as the template)."""
    from django_tenants.utils import get_tenant_model

    return get_tenant_model().objects.filter(schema_name=current_schema()).first()


def in_public_schema() -> bool:
    """True on the association's side (the public schema), false inside a municipality."""
    return current_schema() == get_public_schema_name()
