"""Staff pages of the programmes register (mounted at /programmes/ on a municipality's host)."""

from django.urls import path

from . import views

app_name = "programmes"
urlpatterns = [
    path("", views.application_list, name="applications"),
    path("applications/export.<str:fmt>", views.application_export, name="applications-export"),
    path("applications/new/", views.application_create, name="application-create"),
    path("applications/<int:pk>/", views.application_detail, name="application-detail"),
    path("applications/<int:pk>/correct/", views.application_correct, name="application-correct"),
    path("applications/<int:pk>/review/", views.application_review, name="application-review"),
    path("persons/<int:pk>/", views.person_edit, name="person-edit"),
    path("consents/<int:pk>/withdraw/", views.consent_withdraw, name="consent-withdraw"),
    path("applications/<int:pk>/decide/", views.application_decide, name="application-decide"),
    path("applications/<int:pk>/pay/", views.payment_create, name="application-pay"),
    path("applications/<int:pk>/deliver/", views.application_deliver, name="application-deliver"),
    path("applications/<int:pk>/end/", views.application_end, name="application-end"),
    path("catalogue/", views.catalogue, name="catalogue"),
    path("catalogue/programmes/new/", views.programme_edit, name="programme-create"),
    path("catalogue/programmes/<int:pk>/", views.programme_edit, name="programme-edit"),
    path("catalogue/programmes/<int:programme_pk>/services/new/", views.service_edit, name="service-create"),
    path("catalogue/services/<int:pk>/", views.service_edit, name="service-edit"),
    path("catalogue/services/<int:service_pk>/budget/", views.budget_line_edit, name="budget-line-edit"),
    path("budget/", views.budget, name="budget"),
    path("budget/export.<str:fmt>", views.budget_export, name="budget-export"),
    path("summary/", views.summary, name="summary"),
]
