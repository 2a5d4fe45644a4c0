from django.urls import path

from . import views

app_name = "feedback"
urlpatterns = [
    path("", views.home, name="home"),
    path("forms/new/", views.form_edit, name="form_new"),
    path("forms/<slug:code>/", views.form_detail, name="form_detail"),
    path("forms/<slug:code>/edit/", views.form_edit, name="form_edit"),
    path("forms/<slug:code>/pdf/", views.form_pdf, name="form_pdf"),
    path("batches/", views.batch_list, name="batch_list"),
    path("batches/<int:pk>/", views.batch_detail, name="batch_detail"),
    path("batches/<int:pk>/close/", views.batch_close, name="batch_close"),
    path("batches/<int:pk>/scan/", views.batch_scan, name="batch_scan"),
    path("registry/", views.registry, name="registry"),
    path("registry/<int:pk>/correct/", views.registry_correct, name="registry_correct"),
    path("comments/", views.comments, name="comments"),
    path("comments/<int:pk>/tag/", views.comment_tag, name="comment_tag"),
    path("comments/accept-suggestions/", views.comments_accept_suggestions, name="comments_accept"),
    path("themes/", views.themes, name="themes"),
    path("reports/", views.report_list, name="report_list"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/edit/", views.report_edit, name="report_edit"),
    path("reports/<int:pk>/pdf/", views.report_pdf_internal, name="report_pdf"),
    path("reports/<int:pk>/withdraw/", views.report_withdraw, name="report_withdraw"),
    path("reports/<int:pk>/correct/", views.report_correct, name="report_correct"),
    path("reports/<int:pk>/<str:action>/", views.report_transition, name="report_transition"),
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("decisions/<int:pk>/status/", views.decision_status, name="decision_status"),
    path("invitations/", views.invitations, name="invitations"),
    path("settings/", views.settings_page, name="settings"),
    path("import/", views.import_csv, name="import"),
    path("import/files/<int:pk>/", views.import_file_download, name="import_file"),
    path("import/mapping/", views.import_mapping, name="import_mapping"),
    path("import/mapping/<int:pk>/", views.import_mapping_edit, name="import_mapping_edit"),
]
