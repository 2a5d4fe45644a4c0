"""Writes on the tenant registry: provisioning, suspending and resuming, deleting a trial municipality."""

from .exports import municipality_export
from .lifecycle import municipality_delete, municipality_set_active
from .portability import municipality_archive_export, municipality_archive_import, schema_digest
from .provisioning import (
    RESERVED_SLUGS,
    Provisioned,
    association_ensure,
    municipality_create,
    municipality_domain,
    slug_validate,
    template_schema_ensure,
    template_schema_name,
)

__all__ = [
    "RESERVED_SLUGS",
    "Provisioned",
    "association_ensure",
    "municipality_archive_export",
    "municipality_archive_import",
    "municipality_create",
    "municipality_delete",
    "municipality_domain",
    "municipality_export",
    "municipality_set_active",
    "schema_digest",
    "slug_validate",
    "template_schema_ensure",
    "template_schema_name",
]
