from django.urls import path

from .api import MunicipalityListCreateApi

urlpatterns = [
    path("municipalities/", MunicipalityListCreateApi.as_view(), name="api-municipalities"),
]
