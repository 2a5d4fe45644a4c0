"""REST API of child and family cases, mounted at /api/v1/child-support/."""

from django.urls import path

from . import api
from .api.reports import YearlyReportView

app_name = "child_support_api"
urlpatterns = [
    path("cases/", api.CaseListApi.as_view(), name="cases"),
    path("cases/<int:pk>/", api.CaseDetailApi.as_view(), name="case"),
    path("cases/<int:pk>/assessments/", api.AssessmentListApi.as_view(), name="case_assessments"),
    path("cases/<int:pk>/reviews/", api.ReviewListApi.as_view(), name="case_reviews"),
    path("cases/<int:pk>/plans/", api.PlanListApi.as_view(), name="case_plans"),
    path("cases/<int:pk>/provisions/", api.ProvisionListApi.as_view(), name="case_provisions"),
    path("cases/<int:pk>/referrals/", api.ReferralListApi.as_view(), name="case_referrals"),
    path("cases/<int:pk>/close/", api.CaseCloseApi.as_view(), name="case_close"),
    path("cases/<int:pk>/reopen/", api.CaseReopenApi.as_view(), name="case_reopen"),
    path("cases/<int:pk>/transfer/", api.CaseTransferApi.as_view(), name="case_transfer"),
    # a plan version, a plan's action and a referral are named by their own id (the case follows from it)
    path("plans/<int:pk>/approve/", api.PlanApproveApi.as_view(), name="plan_approve"),
    path("plan-actions/<int:pk>/done/", api.PlanActionDoneApi.as_view(), name="plan_action_done"),
    path("referrals/<int:pk>/status/", api.ReferralStatusApi.as_view(), name="referral_status"),
    path("reports/yearly/", YearlyReportView.as_view(), name="report_yearly"),
]
