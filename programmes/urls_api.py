"""REST API of the programmes register, mounted at /api/v1/programmes/."""

from django.urls import path

from . import api

app_name = "programmes_api"
urlpatterns = [
    path("programmes/", api.ProgrammeListApi.as_view(), name="programmes"),
    path("services/", api.ServiceListApi.as_view(), name="services"),
    path("services/<int:pk>/", api.ServiceDetailApi.as_view(), name="service"),
    path("budget/", api.BudgetApi.as_view(), name="budget"),
    path("applications/", api.ApplicationListApi.as_view(), name="applications"),
    path("applications/<int:pk>/", api.ApplicationDetailApi.as_view(), name="application"),
    path("applications/<int:pk>/review/", api.ApplicationReviewApi.as_view(), name="application_review"),
    path("applications/<int:pk>/decide/", api.ApplicationDecideApi.as_view(), name="application_decide"),
    path("applications/<int:pk>/payments/", api.ApplicationPaymentApi.as_view(), name="application_payments"),
    path("applications/<int:pk>/deliver/", api.ApplicationDeliverApi.as_view(), name="application_deliver"),
    path(
        "applications/<int:pk>/end-service/",
        api.ApplicationEndServiceApi.as_view(),
        name="application_end_service",
    ),
    path("persons/<int:pk>/", api.PersonDetailApi.as_view(), name="person"),
    path("persons/<int:pk>/consents/", api.ConsentListApi.as_view(), name="person_consents"),
    path("persons/<int:pk>/data/", api.PersonDataApi.as_view(), name="person_data"),
    path("persons/<int:pk>/data/pdf/", api.PersonDataPdfApi.as_view(), name="person_data_pdf"),
    path("persons/<int:pk>/erase/", api.PersonEraseApi.as_view(), name="person_erase"),
    path("consents/<int:pk>/withdraw/", api.ConsentWithdrawApi.as_view(), name="consent_withdraw"),
    path("summary/", api.SummaryApi.as_view(), name="summary"),
]
