"""Writes to the catalogue: programmes, services and their budget lines (head of service only)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from municipal_platform.model_update import model_update
from municipal_platform.roles import Role, require_role
from municipal_platform.text import check_plain_text

from ..models import SERVICE_FIELDS, BudgetLine, Programme, Service
from ._common import _full_clean

# Catalogue texts of several lines (line breaks and tabs allowed; other control characters never are).
_MULTILINE = ("resolution", "eligibility", "documents")


@transaction.atomic
def programme_create(
    *, actor, year: int, code: str, name_ka: str, name_en: str = "", resolution: str = ""
) -> Programme:
    require_role(actor, Role.HEAD_OF_SERVICE)
    check_plain_text(
        {"code": code, "name_ka": name_ka, "name_en": name_en, "resolution": resolution}, multiline=_MULTILINE
    )
    programme = Programme(year=year, code=code, name_ka=name_ka, name_en=name_en, resolution=resolution)
    _full_clean(programme)
    programme.save()
    return programme


PROGRAMME_FIELDS = ("year", "code", "name_ka", "name_en", "resolution")


@transaction.atomic
def programme_update(*, programme: Programme, actor, **fields: Any) -> Programme:
    require_role(actor, Role.HEAD_OF_SERVICE)
    for name in fields:
        if name not in PROGRAMME_FIELDS:
            raise ValidationError({name: _("This field cannot be changed.")})
    check_plain_text(fields, multiline=_MULTILINE)
    # Compared with the stored row, not with the instance given (a bound ModelForm has already changed it).
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    model_update(instance=programme, fields=list(PROGRAMME_FIELDS), data=fields)
    return programme


def _check_service_rules(*, amount_rule: str, amount, active_from, active_to) -> None:
    if amount_rule != Service.AmountRule.NONE and not amount:
        raise ValidationError({"amount": _("Give the fixed amount or the cap of this service.")})
    if active_from and active_to and active_to < active_from:
        raise ValidationError({"active_to": _("The end date is before the start date.")})


@transaction.atomic
def service_create(
    *, actor, programme: Programme, code: str, name_ka: str, kind: str, **fields: Any
) -> Service:
    require_role(actor, Role.HEAD_OF_SERVICE)
    unknown = set(fields) - set(SERVICE_FIELDS)
    if unknown:
        raise ValidationError({min(unknown): _("Unknown field.")})
    check_plain_text({"code": code, "name_ka": name_ka, **fields}, multiline=_MULTILINE)
    if "position" not in fields:
        fields["position"] = (
            programme.services.order_by("-position").values_list("position", flat=True).first() or 0
        ) + 1
    if fields.get("amount_rule", Service.AmountRule.NONE) == Service.AmountRule.NONE:
        fields["amount"] = None
    service = Service(programme=programme, code=code, name_ka=name_ka, kind=kind, **fields)
    _check_service_rules(
        amount_rule=service.amount_rule,
        amount=service.amount,
        active_from=service.active_from,
        active_to=service.active_to,
    )
    _full_clean(service)
    service.save()
    return service


@transaction.atomic
def service_update(*, service: Service, actor, **fields: Any) -> Service:
    require_role(actor, Role.HEAD_OF_SERVICE)
    for name in fields:
        if name not in SERVICE_FIELDS:
            raise ValidationError({name: _("This field cannot be changed.")})
    check_plain_text(fields, multiline=_MULTILINE)
    # Compared with the stored row, not with the instance given (a bound ModelForm has already changed it).
    service = Service.objects.select_for_update().select_related("programme").get(pk=service.pk)
    data = {name: fields.get(name, getattr(service, name)) for name in SERVICE_FIELDS}
    if data["amount_rule"] == Service.AmountRule.NONE:
        data["amount"] = None
    _check_service_rules(
        amount_rule=data["amount_rule"],
        amount=data["amount"],
        active_from=data["active_from"],
        active_to=data["active_to"],
    )
    model_update(instance=service, fields=list(SERVICE_FIELDS), data=data)
    return service


@transaction.atomic
def budget_line_set(
    *, actor, service: Service, planned: Decimal, year: int | None = None, funding_source: str = ""
) -> BudgetLine:
    """Create or change the planned amount of a service's budget line for a year."""
    require_role(actor, Role.HEAD_OF_SERVICE)
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
