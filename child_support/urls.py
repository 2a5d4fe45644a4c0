"""Staff pages of child and family cases (mounted at /cases/ on a municipality's host)."""

from django.urls import path

from . import views
from .views.reports import yearly_report

app_name = "child_support"
urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("new/", views.case_new, name="case_new"),
    path("<int:pk>/", views.case_detail, name="case_detail"),
    path("<int:pk>/assessments/new/", views.assessment_new, name="assessment_new"),
    path("<int:pk>/reviews/new/", views.review_new, name="review_new"),
    path("<int:pk>/plans/new/", views.plan_new, name="plan_new"),
    path("<int:pk>/plans/<int:plan_id>/approve/", views.plan_approve, name="plan_approve"),
    path("<int:pk>/actions/<int:action_id>/done/", views.plan_action_done, name="plan_action_done"),
    path("<int:pk>/aid/new/", views.provision_new, name="provision_new"),
    path("<int:pk>/referrals/new/", views.referral_new, name="referral_new"),
    path("<int:pk>/referrals/<int:referral_id>/status/", views.referral_status, name="referral_status"),
    path("<int:pk>/close/", views.case_close, name="case_close"),
    path("<int:pk>/reopen/", views.case_reopen, name="case_reopen"),
    path("<int:pk>/transfer/", views.case_transfer, name="case_transfer"),
    path("<int:pk>/audit/", views.case_audit, name="case_audit"),
    path("users/<int:pk>/audit/", views.user_audit, name="user_audit"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/<int:pk>/read/", views.notification_read, name="notification_read"),
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/new/", views.meeting_new, name="meeting_new"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("reports/yearly/", yearly_report, name="report_yearly"),
]
