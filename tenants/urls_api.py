from django.urls import path

from . import api

urlpatterns = [
    path("municipalities/", api.MunicipalityListCreateApi.as_view(), name="api_municipalities"),
    path("municipalities/<slug:slug>/", api.MunicipalityDetailApi.as_view(), name="api_municipality"),
    path(
        "municipalities/<slug:slug>/suspend/",
        api.MunicipalitySuspendApi.as_view(),
        name="api_municipality_suspend",
    ),
    path(
        "municipalities/<slug:slug>/resume/",
        api.MunicipalityResumeApi.as_view(),
        name="api_municipality_resume",
    ),
    path(
        "municipalities/<slug:slug>/delete/",
        api.MunicipalityDeleteApi.as_view(),
        name="api_municipality_delete",
    ),
]
