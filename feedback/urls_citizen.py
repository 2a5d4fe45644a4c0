from django.urls import path

from . import views

app_name = "citizen"
urlpatterns = [
    path("f/optout/<str:token>/", views.opt_out, name="opt_out"),
    path("f/<slug:code>/", views.public_form, name="form"),
    path("f/<slug:code>/thanks/", views.thanks, name="thanks"),
    path("f/<slug:code>/t/<str:token>/", views.invited_form, name="invited_form"),
    path("reports/", views.report_index, name="report_index"),
    path("reports/<int:report_id>/", views.public_report, name="report"),
    path("reports/<int:report_id>/pdf/", views.public_report_pdf, name="report_pdf"),
]
