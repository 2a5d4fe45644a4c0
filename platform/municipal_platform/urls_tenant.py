"""URLs of a municipality's host (<slug>.<BASE_DOMAIN>)."""

from django.urls import path
from django.views.generic import RedirectView

from .urls_common import common_patterns

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="dashboard", permanent=False), name="home"),
    *common_patterns("municipal_platform.urls_tenant"),
]
