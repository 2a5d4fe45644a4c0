from django.urls import path

from . import api

app_name = "feedback_api"
urlpatterns = [
    path("reports/summary/", api.SummaryApi.as_view(), name="summary"),
    path("reports/", api.ReportListApi.as_view(), name="reports"),
    path("forms/<slug:code>/", api.FormDefinitionApi.as_view(), name="form"),
    path("forms/<slug:code>/responses/", api.SubmitApi.as_view(), name="submit"),
]
