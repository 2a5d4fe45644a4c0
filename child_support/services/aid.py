"""In-kind aid handed to a family: one provision a delivery, capped per family per calendar year.

Errors name the field the page and the API show them next to: ``case``, ``category``, ``budget_line``,
``delivered_on``, ``handed_over_by``, ``received_by``, ``items`` and ``total`` (the cap).
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from municipal_platform import clock
from programmes.models import BudgetLine, Household

from .. import selectors_aid, visibility
from ..models import Case, CaseAuditEntry, CaseEvent, Provision, ProvisionItem

__all__ = ["provision_record"]

CENT = Decimal("0.01")


def money(value: Decimal) -> str:
    """2000 -> "2,000.00": how the messages write GEL amounts (the same in every language)."""
    return f"{value:,.2f}"


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value).replace(",", "."))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _clean_items(items: list[dict] | None) -> list[dict]:
    """The items as they are stored: name, quantity, unit value and their total, or a message naming the
    row (counted from 1, as the page shows them) and what is wrong with it."""
    if not items:
        raise ValidationError(
            {"items": _("Add at least one item: what was handed over, how many, at what value.")}
        )
    cleaned = []
    for row, item in enumerate(items, start=1):
        name = " ".join(str(item.get("name") or "").split())
        quantity = _decimal(item.get("quantity"))
        unit_value = _decimal(item.get("unit_value"))
        if not name:
            raise ValidationError({"items": _("Item %(row)s: say what was handed over.") % {"row": row}})
        if quantity is None or quantity <= 0:
            raise ValidationError(
                {"items": _("Item %(row)s: the quantity must be a number above zero.") % {"row": row}}
            )
        if unit_value is None or unit_value <= 0:
            raise ValidationError(
                {"items": _("Item %(row)s: the unit value must be an amount above zero.") % {"row": row}}
            )
        if quantity != quantity.quantize(CENT) or unit_value != unit_value.quantize(CENT):
            raise ValidationError({"items": _("Item %(row)s: use at most two decimals.") % {"row": row}})
        total = (quantity * unit_value).quantize(CENT)
        if len(name) > 200 or total >= Decimal("1e8"):
            raise ValidationError({"items": _("Item %(row)s is too long or too large.") % {"row": row}})
        cleaned.append({"name": name, "quantity": quantity, "unit_value": unit_value, "total": total})
    return cleaned


def _check_cap(*, case: Case, line: BudgetLine, delivered_on: datetime.date, total: Decimal) -> None:
    """The family's provisions of the year plus this one stay within the cap. The household row is locked
    first, so a second worker recording for the same family waits here until this transaction ends and
    then counts this provision too: two at once cannot pass the cap together."""
    Household.objects.select_for_update().filter(pk=case.household_id).values_list("pk").get()
    year = delivered_on.year
    aid = selectors_aid.family_aid(household_id=case.household_id, year=year, line=line)
    if aid.given + total > aid.cap:
        raise ValidationError(
            {
                "total": _(
                    "Over the family's %(cap)s GEL cap for %(year)s: %(given)s GEL already given, "
                    "%(remaining)s GEL remains."
                )
                % {
                    "cap": money(aid.cap),
                    "year": year,
                    "given": money(aid.given),
                    "remaining": money(aid.remaining),
                }
            }
        )


@transaction.atomic
def provision_record(
    *,
    actor,
    case_id: int,
    category: str,
    budget_line_id: int | None,
    delivered_on: datetime.date | None,
    handed_over_by: str,
    received_by: str,
    items: list[dict],
) -> Provision:
    """Record aid handed to the family of case ``case_id``: the items, their value, the budget line it
    spends and who handed it over to whom. Allowed before a plan (urgent aid), never on a closed case;
    refused when the family's aid of the year would pass its cap (the message says what remains)."""
    case = visibility.case_for_change(actor, case_id)
    if not case.is_open:
        raise ValidationError({"case": _("The case is closed: reopen it before recording aid.")})
    if category not in Provision.Category.values:
        raise ValidationError({"category": _("Choose what kind of aid was handed over.")})
    if delivered_on is None:
        raise ValidationError({"delivered_on": _("Give the date the aid was handed over.")})
    if delivered_on > clock.today():
        raise ValidationError({"delivered_on": _("The date cannot be in the future.")})
    if delivered_on < case.opened_on:
        raise ValidationError(
            {
                "delivered_on": _("The case was opened on %(opened)s: aid cannot be recorded before that.")
                % {"opened": case.opened_on.isoformat()}
            }
        )
    line = (
        BudgetLine.objects.select_related("service__programme").filter(pk=budget_line_id).first()
        if budget_line_id
        else None
    )
    if line is None:
        raise ValidationError({"budget_line": _("Choose the budget line the aid is paid from.")})
    if line.year != delivered_on.year:
        raise ValidationError(
            {
                "budget_line": _(
                    "This budget line is for %(line_year)s, but the aid was handed over in %(year)s: "
                    "choose the %(year)s line."
                )
                % {"line_year": line.year, "year": delivered_on.year}
            }
        )
    handed_over_by = " ".join((handed_over_by or "").split())
    received_by = " ".join((received_by or "").split())
    if not handed_over_by:
        raise ValidationError({"handed_over_by": _("Say who handed the aid over.")})
    if not received_by:
        raise ValidationError({"received_by": _("Say who received the aid.")})
    if len(handed_over_by) > 200 or len(received_by) > 200:
        field = "handed_over_by" if len(handed_over_by) > 200 else "received_by"
        raise ValidationError({field: _("At most 200 characters.")})
    cleaned = _clean_items(items)
    total = sum((item["total"] for item in cleaned), Decimal("0"))
    if total >= Decimal("1e10"):
        raise ValidationError({"total": _("The total is too large.")})
    _check_cap(case=case, line=line, delivered_on=delivered_on, total=total)

    provision = Provision.objects.create(
        case=case,
        household_id=case.household_id,
        category=category,
        budget_line=line,
        delivered_on=delivered_on,
        handed_over_by=handed_over_by,
        received_by=received_by,
        total=total,
        recorded_by=actor,
    )
    ProvisionItem.objects.bulk_create(ProvisionItem(provision=provision, **item) for item in cleaned)
    CaseEvent.objects.create(
        case=case,
        actor=actor,
        action=CaseEvent.Action.PROVISION,
        changes={
            "provision": provision.pk,
            "category": category,
            "budget_line": str(line),
            "delivered_on": delivered_on.isoformat(),
            "total": str(total),
            "items": [
                f"{item['name']} × {item['quantity']} × {item['unit_value']} = {item['total']}"
                for item in cleaned
            ],
        },
    )
    visibility.audit(actor, case.pk, kind=CaseAuditEntry.Kind.CHANGE, what="provision_record")
    return provision
