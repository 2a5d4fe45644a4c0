"""REST API of child and family cases (/api/v1/child-support/). Thin: validate, ask the access rule
(`child_support.visibility`) for the case, call a service or a selector, shape the output. Errors from
services come back as 400 with the offending field named; a case the user may not reach is 404."""

from .aid import ProvisionListApi, ReferralListApi, ReferralStatusApi
from .cases import CaseCloseApi, CaseDetailApi, CaseListApi, CaseReopenApi, CaseTransferApi
from .work import AssessmentListApi, PlanActionDoneApi, PlanApproveApi, PlanListApi, ReviewListApi

__all__ = [
    "AssessmentListApi",
    "CaseCloseApi",
    "CaseDetailApi",
    "CaseListApi",
    "CaseReopenApi",
    "CaseTransferApi",
    "PlanActionDoneApi",
    "PlanApproveApi",
    "PlanListApi",
    "ProvisionListApi",
    "ReferralListApi",
    "ReferralStatusApi",
    "ReviewListApi",
]
