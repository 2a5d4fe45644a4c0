"""Reading the trigger audit: what a watched record looked like before and after each write.

Who wrote is the application's history (HistoryEvent rows); a trigger row names a user only when the
write ran inside ``pghistory.context(user=..., url=...)``. pghistory's request middleware is not used:
its statement rewriting fails on psycopg ``sql.Composed`` queries (the exports use them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import models

from .models import WATCHED

_META = {"pgh_id", "pgh_created_at", "pgh_label", "pgh_obj", "pgh_context"}


@dataclass
class AuditEntry:
    at: datetime
    action: str  # insert, update, delete
    old: dict[str, Any] = field(default_factory=dict)
    new: dict[str, Any] = field(default_factory=dict)
    # who and through which path, where the write ran inside pghistory.context(user=..., url=...)
    # (None otherwise: no request middleware sets it yet, see the module's docstring)
    user_id: int | None = None
    url: str | None = None

    @property
    def changed(self) -> dict[str, tuple[Any, Any]]:
        """field -> (old, new) for the fields an update changed."""
        return {k: (self.old.get(k), v) for k, v in self.new.items() if self.old.get(k) != v}


def _values(event: models.Model) -> dict[str, Any]:
    return {
        f.attname: getattr(event, f.attname)
        for f in event._meta.concrete_fields
        if f.name not in _META and f.attname not in {"pgh_obj_id", "pgh_context_id"}
    }


def audit_trail(*, model: type[models.Model], pk: Any) -> list[AuditEntry]:
    """Every recorded write of one watched record, oldest first, whatever made it (the triggers' rows)."""
    event_model = WATCHED[model]
    entries: list[AuditEntry] = []
    before: dict[str, Any] | None = None
    events = event_model.objects.filter(pgh_obj_id=pk).select_related("pgh_context").order_by("pgh_id")  # type: ignore[attr-defined]
    for event in events:
        label, values = event.pgh_label, _values(event)
        context = event.pgh_context.metadata if event.pgh_context_id else {}
        user_id, url = context.get("user"), context.get("url")
        if label == "before_update":
            before = values
            continue
        if label == "update":
            entry = AuditEntry(event.pgh_created_at, "update", old=before or {}, new=values)
            before = None
        elif label == "insert":
            entry = AuditEntry(event.pgh_created_at, "insert", new=values)
        else:
            entry = AuditEntry(event.pgh_created_at, "delete", old=values)
        entry.user_id, entry.url = user_id, url
        entries.append(entry)
    return entries
