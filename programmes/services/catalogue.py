"""Writes to the catalogue: programmes, services and their budget lines (head of service only)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from municipal_platform.roles import Role, require_role

from ..models import BudgetLine, Programme, Service
from ._common import _full_clean


@transaction.atomic
def programme_create(
    *, created_by, year: int, code: str, name_ka: str, name_en: str = "", resolution: str = ""
) -> Programme:
    require_role(created_by, Role.HEAD_OF_SERVICE)
    programme = Programme(year=year, code=code, name_ka=name_ka, name_en=name_en, resolution=resolution)
    _full_clean(programme)
    programme.save()
    return programme


@transaction.atomic
def programme_update(*, programme: Programme, updated_by, **fields: Any) -> Programme:
    require_role(updated_by, Role.HEAD_OF_SERVICE)
    allowed = {"year", "code", "name_ka", "name_en", "resolution"}
    for name, value in fields.items():
        if name not in allowed:
            raise ValidationError({name: _("This field cannot be changed.")})
        setattr(programme, name, value)
    _full_clean(programme)
    programme.save(update_fields=list(fields) or None)
    return programme


SERVICE_FIELDS = {
    "code",
    "name_ka",
    "name_en",
    "kind",
    "eligibility",
    "amount_rule",
    "amount",
    "active_from",
    "active_to",
    "position",
}


def _check_service(service: Service) -> None:
    if service.amount_rule != Service.AmountRule.NONE and not service.amount:
        raise ValidationError({"amount": _("Give the fixed amount or the cap of this service.")})
    if service.active_from and service.active_to and service.active_to < service.active_from:
        raise ValidationError({"active_to": _("The end date is before the start date.")})
    _full_clean(service)


@transaction.atomic
def service_create(
    *, created_by, programme: Programme, code: str, name_ka: str, kind: str, **fields: Any
) -> Service:
    require_role(created_by, Role.HEAD_OF_SERVICE)
    unknown = set(fields) - SERVICE_FIELDS
    if unknown:
        raise ValidationError({min(unknown): _("Unknown field.")})
    if "position" not in fields:
        fields["position"] = (
            programme.services.order_by("-position").values_list("position", flat=True).first() or 0
        ) + 1
    if fields.get("amount_rule", Service.AmountRule.NONE) == Service.AmountRule.NONE:
        fields["amount"] = None
    service = Service(programme=programme, code=code, name_ka=name_ka, kind=kind, **fields)
    _check_service(service)
    service.save()
    return service


@transaction.atomic
def service_update(*, service: Service, updated_by, **fields: Any) -> Service:
    require_role(updated_by, Role.HEAD_OF_SERVICE)
    for name, value in fields.items():
        if name not in SERVICE_FIELDS:
            raise ValidationError({name: _("This field cannot be changed.")})
        setattr(service, name, value)
    if service.amount_rule == Service.AmountRule.NONE:
        service.amount = None
    _check_service(service)
    service.save()
    return service


@transaction.atomic
def budget_line_set(
    *, set_by, service: Service, planned: Decimal, year: int | None = None, funding_source: str = ""
) -> BudgetLine:
    """Create or change the planned amount of a service's budget line for a year."""
    require_role(set_by, Role.HEAD_OF_SERVICE)
    year = year or service.programme.year
    if year != service.programme.year:
        raise ValidationError(
            {
                "year": _("A service's budget line is for its programme's year (%(year)s).")
                % {"year": service.programme.year}
            }
        )
    if planned is None or Decimal(planned) < 0:
        raise ValidationError({"planned": _("The planned amount must be zero or more.")})
    line = BudgetLine.objects.filter(service=service, year=year).first() or BudgetLine(
        service=service, year=year
    )
    line.planned = Decimal(planned)
    line.funding_source = funding_source
    _full_clean(line, exclude=["service"])
    line.save()
    return line
