"""Template filter for the application and person histories: each stored change read as a sentence.

History events keep their changes as JSON: ``{"status": ["received", "under_review"], "on": "2025-03-01"}``.
People read them as "status: Received → Under review; date: 2025-03-01" in the active language.
"""

from __future__ import annotations

import datetime
from typing import Any

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.template.defaultfilters import date as date_filter
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from programmes.models import ApplicationEvent, BenefitApplication, Payment, Person, PersonEvent

register = template.Library()

# Keys the services store that are not fields of the record the history belongs to.
EXTRA_FIELDS: dict[str, models.Field] = {
    "amount": BenefitApplication._meta.get_field("decided_amount"),
    "paid_on": Payment._meta.get_field("paid_on"),
    "reason": BenefitApplication._meta.get_field("decision_reason"),
    "on": models.DateField(gettext_lazy("date")),
    "duplicate_of": models.CharField(gettext_lazy("registered while this application was still open")),
    "duplicate_reason": models.TextField(gettext_lazy("reason for registering again")),
    # a person's data request (programmes/services/personal_data.py)
    "format": models.CharField(gettext_lazy("format")),
    "erasure_reason": models.TextField(gettext_lazy("reason for the erasure")),
    "removed": models.TextField(gettext_lazy("removed")),
    "kept": models.TextField(gettext_lazy("kept")),
    "why_kept": models.TextField(gettext_lazy("why it is kept")),
}
EMPTY = "—"


def _field(model: type[models.Model], key: str) -> models.Field | None:
    try:
        return model._meta.get_field(key)
    except FieldDoesNotExist:
        return EXTRA_FIELDS.get(key)


def _value(field: models.Field | None, value: Any) -> str:
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        try:
            return date_filter(datetime.date.fromisoformat(str(value)), "Y-m-d")
        except ValueError:
            return str(value)
    return str(value)


def describe_changes(model: type[models.Model], changes: dict[str, Any]) -> list[str]:
    """Each change as "<label>: old → new" (an [old, new] pair) or "<label>: value"."""
    lines = []
    for key, value in (changes or {}).items():
        field = _field(model, key)
        label = str(field.verbose_name) if field is not None and field.verbose_name else key
        if isinstance(value, list) and len(value) == 2:
            shown = f"{_value(field, value[0])} → {_value(field, value[1])}"
        elif isinstance(value, list):
            shown = ", ".join(_value(field, v) for v in value) or EMPTY
        else:
            shown = _value(field, value)
        lines.append(f"{label}: {shown}")
    return lines


@register.filter
def change_lines(event: ApplicationEvent | PersonEvent) -> list[str]:
    """The event's changes, one readable line each (see describe_changes)."""
    model = Person if isinstance(event, PersonEvent) else BenefitApplication
    return describe_changes(model, event.changes)
