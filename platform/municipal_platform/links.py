"""Absolute links the platform sends out of the browser (e-mails, QR codes on paper forms), one way.

The host is the current schema's own: a municipality's primary domain, or BASE_DOMAIN on the
association's side. The scheme follows DJANGO_SECURE and the port PUBLIC_URL_PORT (`make run` sets it;
production serves 80/443 and leaves it unset).
"""

from __future__ import annotations

from django.conf import settings

from .schemas import current_tenant, in_public_schema


def site_base(*, domain: str | None = None) -> str:
    """``scheme://host[:port]`` of the current schema's site (or of ``domain`` when given)."""
    if domain is None:
        domain = settings.BASE_DOMAIN if in_public_schema() else current_tenant().get_primary_domain().domain
    port = settings.PUBLIC_URL_PORT
    return f"{settings.SITE_SCHEME}://{domain}{f':{port}' if port else ''}"


def absolute_url(path: str, *, domain: str | None = None) -> str:
    """The absolute link to ``path`` (which starts with "/") on the current schema's site."""
    return site_base(domain=domain) + path
