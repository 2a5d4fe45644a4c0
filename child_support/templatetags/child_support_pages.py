"""Template helpers of the case pages: the head's count of unread notices for the section's menu, and a
history row's changes read as lines."""

from __future__ import annotations

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _

from municipal_platform.roles import Role, user_roles

from .. import selectors
from ..models import Assessment, Case, CaseChild, Plan, Provision, Referral, Review
from ..services._case_helpers import SEALED

EMPTY = "—"

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    """How many notices wait unread for the head of service (0 for anyone else, without a query)."""
    user = getattr(context.get("request"), "user", None)
    if Role.HEAD_OF_SERVICE not in user_roles(user):
        return 0
    return selectors.unread_notifications_count(user)


# keys whose list is a list of things (items, members), not an old and a new value
LIST_KEYS = frozenset({"items", "members", "children", "actions", "cases", "case_ids"})
LABELLED = (Case, CaseChild, Assessment, Review, Plan, Provision, Referral)


def _label(key: str) -> str:
    """The key's field name in the reader's language where a case model has the field."""
    for model in LABELLED:
        try:
            field = model._meta.get_field(key)
        except FieldDoesNotExist:
            continue
        if hasattr(field, "verbose_name"):  # a reverse relation ("children", "items") has none
            return str(field.verbose_name)
    return key.replace("_", " ")


def _shown(value) -> str:
    return EMPTY if value in (None, "") else str(value)


@register.filter
def change_lines(changes) -> list[str]:
    """A history row's stored changes as lines: "status: intake → assessment", "items: a, b"."""
    if not isinstance(changes, dict):
        return []
    lines = []
    for key, value in changes.items():
        if key == SEALED and isinstance(value, list):
            # the texts themselves are sealed in their records (shown above on the case page)
            names = ", ".join(_label(name) for name in value)
            lines.append(
                _("written (special-category, not kept in the history): %(fields)s") % {"fields": names}
            )
            continue
        if isinstance(value, list) and key not in LIST_KEYS and len(value) == 2:
            text = f"{_shown(value[0])} → {_shown(value[1])}"
        elif isinstance(value, list):
            text = ", ".join(_shown(v) for v in value)
        else:
            text = _shown(value)
        lines.append(f"{_label(key)}: {text}")
    return lines
