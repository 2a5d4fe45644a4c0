"""Helpers every programmes service uses: validation shortcuts, the history record, row locks."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from municipal_platform import clock

from ..models import ApplicationEvent, BenefitApplication

Status = BenefitApplication.Status


def _not_in_future(field: str, value: datetime.date | None) -> None:
    if value is not None and value > clock.today():
        raise ValidationError({field: _("The date cannot be in the future.")})


def _full_clean(obj, exclude: list[str] | None = None) -> None:
    obj.full_clean(exclude=exclude)


def _plain(value: Any) -> Any:
    """A JSON-safe form of a value for the history."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, (Decimal, datetime.date)):
        return str(value)
    if hasattr(value, "pk"):
        return str(value)
    return str(value)


def _record(application: BenefitApplication, actor, action: str, changes: dict[str, Any]) -> ApplicationEvent:
    return ApplicationEvent.objects.create(
        application=application,
        actor=actor,
        action=action,
        changes={
            k: _plain(v) if not isinstance(v, list) else [_plain(x) for x in v] for k, v in changes.items()
        },
    )


def _locked(application: BenefitApplication) -> BenefitApplication:
    """Re-read the application under a row lock so two decisions cannot race."""
    return BenefitApplication.objects.select_for_update().select_related("service").get(pk=application.pk)
