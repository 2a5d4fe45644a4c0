"""What the programmes pages share: who may open them, and small helpers."""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404

from municipal_platform.roles import MUNICIPALITY_ROLES, Role

# Who may open which page. Council members see aggregates only (budget, summary, catalogue).
# Commission members see only cases put before the commission (DESIGN.md); benefit applications are
# never put before it, so they have no place in the register, its exports or an application's page.
REGISTER_READERS = (Role.FRONT_DESK, Role.HEAD_OF_SERVICE)
BUDGET_READERS = (Role.HEAD_OF_SERVICE, Role.COMMISSION_MEMBER, Role.COUNCIL_MEMBER)
ALL_MUNICIPAL = tuple(MUNICIPALITY_ROLES)


def found(selector, **kwargs):
    """What the selector returns, or a 404 page when the object does not exist."""
    try:
        return selector(**kwargs)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc


def int_or_none(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
