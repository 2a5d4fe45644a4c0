"""Template helpers of the case pages: the head's count of unread notices for the section's menu."""

from __future__ import annotations

from django import template

from municipal_platform.roles import Role, user_roles

from .. import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    """How many notices wait unread for the head of service (0 for anyone else, without a query)."""
    user = getattr(context.get("request"), "user", None)
    if Role.HEAD_OF_SERVICE not in user_roles(user):
        return 0
    return selectors.unread_notifications_count(user)


@register.filter
def change_lines(changes) -> list[str]:
    """A history row's stored changes as lines: "status: intake → assessment", "reason: moved away"."""
    if not isinstance(changes, dict):
        return []
    lines = []
    for key, value in changes.items():
        if isinstance(value, list | tuple) and len(value) == 2:
            old, new = value
            lines.append(f"{key}: {'—' if old in (None, '') else old} → {'—' if new in (None, '') else new}")
        else:
            lines.append(f"{key}: {value}")
    return lines
