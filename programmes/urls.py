"""Staff pages of the programmes register (mounted at /programmes/ on a municipality's host)."""

from django.urls import path

from . import views

app_name = "programmes"
urlpatterns = [
    path("", views.application_list, name="applications"),
    path("applications/export.<str:fmt>", views.application_export, name="applications_export"),
    path("applications/new/", views.application_create, name="application_create"),
    path("applications/waiting/", views.decision_queue, name="decision_queue"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
    path("applications/<int:pk>/correct/", views.application_correct, name="application_correct"),
    path("applications/<int:pk>/review/", views.application_review, name="application_review"),
    path("persons/<int:pk>/", views.person_edit, name="person_edit"),
    path("persons/<int:pk>/data/", views.person_data, name="person_data"),
    path("persons/<int:pk>/data.<str:fmt>", views.person_data_download, name="person_data_download"),
    path("persons/<int:pk>/erase/", views.person_erase, name="person_erase"),
    path("consents/<int:pk>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("applications/<int:pk>/decide/", views.application_decide, name="application_decide"),
    path("applications/<int:pk>/pay/", views.payment_create, name="application_pay"),
    path("applications/<int:pk>/deliver/", views.application_deliver, name="application_deliver"),
    path("applications/<int:pk>/end/", views.application_end, name="application_end"),
    path("catalogue/", views.catalogue, name="catalogue"),
    path("catalogue/programmes/new/", views.programme_edit, name="programme_create"),
    path("catalogue/programmes/<int:pk>/", views.programme_edit, name="programme_edit"),
    path("catalogue/programmes/<int:programme_pk>/services/new/", views.service_edit, name="service_create"),
    path("catalogue/services/<int:pk>/", views.service_edit, name="service_edit"),
    path("catalogue/services/<int:service_pk>/budget/", views.budget_line_edit, name="budget_line_edit"),
    path("budget/", views.budget, name="budget"),
    path("budget/export.<str:fmt>", views.budget_export, name="budget_export"),
    path("summary/", views.summary, name="summary"),
]
