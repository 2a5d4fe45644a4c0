"""For the citizens' start page of a municipality: the services open today (name, who may apply, what to
bring). A tag, so the start page's view (in accounts) needs no knowledge of programmes."""

from __future__ import annotations

from django import template

from municipal_platform import clock, schemas

from .. import selectors

register = template.Library()


@register.simple_tag
def services_open_today() -> list:
    if schemas.in_public_schema():  # the association's portal has no programmes
        return []
    return list(selectors.services_open_on(clock.today()))
