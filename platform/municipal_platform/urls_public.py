"""URLs of the association portal and platform administration (BASE_DOMAIN)."""

from django.urls import include, path

from tenants.views import portal_home

from .urls_common import common_patterns, not_found

urlpatterns = [
    path("", portal_home, name="home"),
    path("api/v1/", include("tenants.urls_api")),
    path("platform/municipalities/", include("tenants.urls")),
    *common_patterns("municipal_platform.urls_public"),
]

handler404 = not_found
