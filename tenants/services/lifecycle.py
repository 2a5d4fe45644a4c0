"""A municipality's life after provisioning: suspended and resumed, or (a trial one) deleted."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from municipal_platform.accounts.models import User
from municipal_platform.roles import Role, require_role

from .. import selectors
from ..models import Municipality
from .exports import municipality_export


@transaction.atomic
def municipality_set_active(
    *, actor: User | None = None, municipality: Municipality, active: bool
) -> Municipality:
    """Suspend or resume a municipality: a suspended one answers only a 'suspended' page.

    ``actor`` is the platform administrator (None: a command).
    """
    if actor is not None:
        require_role(actor, Role.PLATFORM_ADMIN)
    if municipality.is_association:
        raise ValidationError({"municipality": _("The association portal cannot be suspended.")})
    municipality.is_active = active
    municipality.save(update_fields=["is_active"])
    return municipality


@transaction.atomic
def municipality_delete(*, actor: User, municipality: Municipality, confirm_slug: str) -> Path:
    """Delete a trial municipality for good: export its data, then drop its schema, domains and row.

    Only a trial municipality with no submission to a contest, and only when ``confirm_slug`` repeats its
    slug. Returns the export's path. The export is written before anything is dropped, and everything
    happens in one transaction: if any step fails, nothing is dropped.
    """
    require_role(actor, Role.PLATFORM_ADMIN)
    municipality = Municipality.objects.select_for_update().get(pk=municipality.pk)
    if municipality.is_association:
        raise ValidationError({"municipality": _("The association portal cannot be deleted.")})
    if not municipality.is_trial:
        raise ValidationError(
            {"municipality": _("Only a trial municipality can be deleted. Suspend this one instead.")}
        )
    if selectors.municipality_has_contest_submissions(municipality=municipality):
        raise ValidationError(
            {
                "municipality": _(
                    "This municipality has submitted applications to a contest and cannot be deleted. "
                    "Suspend it instead."
                )
            }
        )
    if (confirm_slug or "").strip() != municipality.slug:
        raise ValidationError(
            {
                "confirm_slug": _(
                    "Nothing was deleted: type the municipality's slug “%(slug)s” exactly to confirm."
                )
                % {"slug": municipality.slug}
            }
        )
    path = municipality_export(municipality=municipality)
    with connection.cursor() as cursor:
        # Deferred foreign-key checks still pending in this transaction would forbid the DROP: run them now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f'DROP SCHEMA "{municipality.schema_name}" CASCADE')
    municipality.domains.all().delete()
    Municipality.objects.filter(pk=municipality.pk).delete()
    return path
