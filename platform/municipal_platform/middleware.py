"""Host -> municipality routing with a per-process cache of the lookup.

Stock TenantMainMiddleware queries the domain table on every request; on a 2-core machine that
alone cut a trivial view from ~3,900 to ~1,100 requests/s (DESIGN.md). The cache is keyed by host,
holds the tenant for TENANT_CACHE_SECONDS and is cleared in this process whenever a Municipality or
Domain is saved or deleted; other processes see a change within the TTL.
"""

from __future__ import annotations

import threading
import time

from django.conf import settings
from django.contrib.auth import logout
from django.core.exceptions import DisallowedHost
from django.db import connection
from django.db.models.signals import post_delete, post_save
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django_tenants.middleware.main import TenantMainMiddleware

_lock = threading.Lock()
_hosts: dict[str, tuple[float, object]] = {}


def clear_tenant_cache(**_kwargs) -> None:
    with _lock:
        _hosts.clear()


def _cached_tenant(hostname: str):
    cached = _hosts.get(hostname)
    if cached is not None and cached[0] > time.monotonic():
        return cached[1]
    return None


class CachedTenantMiddleware(TenantMainMiddleware):
    def get_tenant(self, domain_model, hostname):
        tenant = _cached_tenant(hostname)
        if tenant is not None:
            return tenant
        tenant = super().get_tenant(domain_model, hostname)
        with _lock:
            _hosts[hostname] = (time.monotonic() + settings.TENANT_CACHE_SECONDS, tenant)
        return tenant

    def process_request(self, request):
        tenant = self._same_schema_as_last_request(request)
        if tenant is None:
            response = super().process_request(request)
            if response is not None:
                return response
            tenant = request.tenant
        return self._refuse_suspended(request, tenant)

    def _same_schema_as_last_request(self, request):
        """A cached tenant whose schema this connection already uses: keep its search_path.

        The stock middleware switches to public and back on every request, which costs a
        `SET search_path` each time. When the connection is already in the right schema (it is
        reset whenever it closes, rolls back or changes schema), nothing needs to change.
        """
        try:
            hostname = self.hostname_from_request(request)
        except DisallowedHost:
            return None  # the stock path answers it
        tenant = _cached_tenant(hostname)
        if (
            tenant is None
            or connection.schema_name != tenant.schema_name
            or not connection.include_public_schema
        ):
            return None
        connection.tenant = tenant
        tenant.domain_url = hostname
        request.tenant = tenant
        self.setup_url_routing(request)
        return tenant

    def _refuse_suspended(self, request, tenant):
        if not tenant.is_active:
            # A suspended municipality answers nothing but this page (and no data).
            return render(request, "platform/suspended.html", {"tenant": tenant}, status=503)
        return None


def connect_cache_invalidation() -> None:
    from tenants.models import Domain, Municipality

    for model in (Municipality, Domain):
        post_save.connect(
            clear_tenant_cache, sender=model, dispatch_uid=f"tenant-cache-{model.__name__}-save"
        )
        post_delete.connect(
            clear_tenant_cache, sender=model, dispatch_uid=f"tenant-cache-{model.__name__}-delete"
        )


class GeorgianFirstLocaleMiddleware(LocaleMiddleware):
    """Georgian unless the visitor chose another language with the switch (the language cookie).

    The browser's Accept-Language is ignored on purpose: a municipal site in Georgia speaks
    Georgian first, whatever language a shared office computer was installed in.
    """

    def process_request(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        super().process_request(request)


class NoStoreMiddleware:
    """`Cache-Control: no-store` on what the platform answers, so that no browser or proxy keeps a copy.

    Staff pages and API answers carry personal data: they are never stored, whatever the view said. Any
    other answer (a citizen's page) is not stored either unless its view chose a cache policy itself.
    Static files never get here (WhiteNoise answers them first, with their own long cache).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if request.path.startswith("/api/") or (user is not None and user.is_authenticated):
            response["Cache-Control"] = "no-store, private"
        elif not response.has_header("Cache-Control"):
            patch_cache_control(response, no_store=True)
        return response


class IdleSessionTimeoutMiddleware:
    """Logs out a signed-in user whose last request is more than SESSION_IDLE_TIMEOUT seconds old.

    The time of the last request is kept in the session, written at most once a minute (not a session
    write on every request); the request that comes too late is answered as for someone signed out.
    """

    KEY = "_last_request_at"
    WRITE_EVERY_SECONDS = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last = request.session.get(self.KEY)
            if last is not None and now - last > settings.SESSION_IDLE_TIMEOUT:
                logout(request)
            elif last is None or now - last >= self.WRITE_EVERY_SECONDS:
                request.session[self.KEY] = now
        return self.get_response(request)
