"""Staff pages of child and family cases, by domain. Each view validates input, calls one service or
selector, and renders; every read of a case goes through visibility.case_read (404 and an audit row)."""

from .aid import provision_new, referral_new, referral_status
from .cases import case_close, case_detail, case_list, case_new, case_reopen, case_transfer
from .meetings import meeting_detail, meeting_list, meeting_new
from .oversight import case_audit, notification_read, notifications, user_audit
from .work import assessment_new, plan_action_done, plan_approve, plan_new, review_new

__all__ = [
    "assessment_new",
    "case_audit",
    "case_close",
    "case_detail",
    "case_list",
    "case_new",
    "case_reopen",
    "case_transfer",
    "meeting_detail",
    "meeting_list",
    "meeting_new",
    "notification_read",
    "notifications",
    "plan_action_done",
    "plan_approve",
    "plan_new",
    "provision_new",
    "referral_new",
    "referral_status",
    "review_new",
    "user_audit",
]
