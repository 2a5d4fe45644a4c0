"""The one compare-and-save loop every update service uses (after HackSoft's ``model_update``)."""

from __future__ import annotations

from typing import Any

from django.db import models


def model_update(
    *,
    instance: models.Model,
    fields: list[str],
    data: dict[str, Any],
    clean: bool = True,
    clean_exclude: list[str] | None = None,
) -> dict[str, tuple[Any, Any]]:
    """Set each of ``fields`` found in ``data`` that differs from the instance, validate (``full_clean``
    unless ``clean`` is False) and save only the changed columns.

    Returns {field: (old, new)} of what changed, empty when nothing did (and nothing was saved), so the
    caller can write its history row.
    """
    changes: dict[str, tuple[Any, Any]] = {}
    for field in fields:
        if field not in data:
            continue
        old, new = getattr(instance, field), data[field]
        if old != new:
            setattr(instance, field, new)
            changes[field] = (old, new)
    if changes:
        if clean:
            instance.full_clean(exclude=clean_exclude)
        instance.save(update_fields=list(changes))
    return changes
