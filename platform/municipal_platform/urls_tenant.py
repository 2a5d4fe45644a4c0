"""URLs of a municipality's host (<slug>.<BASE_DOMAIN>)."""

from django.urls import include, path

from .accounts.views import municipality_home
from .urls_common import common_patterns, not_found

urlpatterns = [
    path("", municipality_home, name="home"),
    *common_patterns("municipal_platform.urls_tenant"),
    path("programmes/", include("programmes.urls")),
    path("api/v1/programmes/", include("programmes.urls_api")),
    path("feedback/", include("feedback.urls")),
    path("cases/", include("child_support.urls")),
    path("api/v1/feedback/", include("feedback.urls_api")),
    path("api/v1/child-support/", include("child_support.urls_api")),
    # citizens' pages (no login): /f/<form-code>/, /reports/<id>/
    path("", include("feedback.urls_citizen")),
]

handler404 = not_found
