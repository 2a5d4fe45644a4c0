"""URLs of the association portal and platform administration (BASE_DOMAIN)."""

from django.urls import include, path

from tenants.views import portal_home

from .urls_common import common_patterns

urlpatterns = [
    path("", portal_home, name="home"),
    path("api/v1/", include("tenants.urls_api")),
    path("platform/municipalities/", include("tenants.urls")),
    *common_patterns("municipal_platform.urls_public"),
]
