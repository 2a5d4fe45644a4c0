"""Who may open each child-support page (the HTML side), merged into ``child_support.access.RULES``.

The objects are `child_support.access.examples`' (labels "case", "restricted_case", "agenda_case",
"meeting", "user"; see its docstring). The case page is read by the case's worker and the head of
service, and by the commission member for the case on an open meeting's agenda; every other page of a
case changes it, so its worker and the head only (a commission member reads, never changes). The head's
reach is applied by `access.allows`.
"""

from __future__ import annotations

from collections.abc import Mapping

from municipal_platform.access import Rule, who
from municipal_platform.roles import Role

WORKER = who(Role.SOCIAL_WORKER)
HEAD = who(Role.HEAD_OF_SERVICE)
COMMISSION = who(Role.COMMISSION_MEMBER)
CASE_READERS = who(Role.SOCIAL_WORKER, Role.COMMISSION_MEMBER)
REPORT_READERS = who(Role.HEAD_OF_SERVICE, Role.SOCIAL_WORKER, Role.COUNCIL_MEMBER)
PER_CASE = {"case": WORKER, "restricted_case": WORKER, "agenda_case": CASE_READERS}


def _cases() -> Mapping[str, Mapping[str, object]]:
    from .access import cases  # the examples' finders (access.py imports this module)

    return cases()()


def _examples():
    from . import access

    return access


def _plan_draft() -> Mapping[str, Mapping[str, object]]:
    case = _examples()._case("case")
    plan = case.plans.filter(status="draft").order_by("pk").first()
    assert plan is not None, "no example draft plan in this schema"
    return {"case": {"pk": case.pk, "plan_id": plan.pk}}


def _open_action() -> Mapping[str, Mapping[str, object]]:
    case = _examples()._case("case")
    action = (
        case.plans.filter(status="approved")
        .values_list("actions__pk", flat=True)
        .order_by("actions__pk")
        .first()
    )
    assert action is not None, "no example action of an approved plan in this schema"
    return {"case": {"pk": case.pk, "action_id": action}}


def _referral() -> Mapping[str, Mapping[str, object]]:
    case = _examples()._case("case")
    referral = case.referrals.filter(status="in_progress").order_by("pk").first()
    assert referral is not None, "no example referral in progress in this schema"
    return {"case": {"pk": case.pk, "referral_id": referral.pk}}


def _notification() -> Mapping[str, Mapping[str, object]]:
    from .models import Notification

    notice = Notification.objects.filter(user__username="head").order_by("pk").first()
    assert notice is not None, "no example notification of the head in this schema"
    return {"notification": {"pk": notice.pk}}


def _meeting() -> Mapping[str, Mapping[str, object]]:
    from .models import CommissionMeeting

    meeting = CommissionMeeting.objects.filter(members__username="commission").order_by("pk").first()
    assert meeting is not None, "no example meeting of the commission member in this schema"
    return {"meeting": {"pk": meeting.pk}}


def _user() -> Mapping[str, Mapping[str, object]]:
    from municipal_platform.accounts.models import User

    return {"user": {"pk": User.objects.get(username="worker").pk}}


def _case_page(**kwargs) -> Rule:
    return Rule(objects=_cases, **kwargs)


PAGE_RULES = {
    "child_support:case_list": Rule(read=WORKER),
    "child_support:case_new": Rule(read=WORKER, post=WORKER),
    "child_support:case_detail": Rule(read=CASE_READERS, objects=_cases, per_object=PER_CASE),
    "child_support:assessment_new": _case_page(read=WORKER, post=WORKER),
    "child_support:review_new": _case_page(read=WORKER, post=WORKER),
    "child_support:plan_new": _case_page(read=WORKER, post=WORKER),
    "child_support:plan_approve": Rule(post=HEAD, objects=_plan_draft),
    "child_support:plan_action_done": Rule(post=WORKER, objects=_open_action),
    "child_support:provision_new": _case_page(read=WORKER, post=WORKER),
    "child_support:referral_new": _case_page(read=WORKER, post=WORKER),
    "child_support:referral_status": Rule(post=WORKER, objects=_referral),
    "child_support:case_close": _case_page(read=WORKER, post=WORKER),
    "child_support:case_reopen": _case_page(read=WORKER, post=WORKER),
    "child_support:case_transfer": _case_page(read=HEAD, post=HEAD),
    "child_support:case_audit": _case_page(read=HEAD),
    "child_support:user_audit": Rule(read=HEAD, objects=_user),
    "child_support:notifications": Rule(read=HEAD),
    "child_support:notification_read": Rule(post=HEAD, objects=_notification),
    "child_support:meeting_list": Rule(read=who(Role.COMMISSION_MEMBER, Role.HEAD_OF_SERVICE)),
    "child_support:meeting_new": Rule(read=HEAD, post=HEAD),
    "child_support:meeting_detail": Rule(
        read=who(Role.COMMISSION_MEMBER, Role.HEAD_OF_SERVICE), post=HEAD, objects=_meeting
    ),
    # H3's page answers a POST as a GET (like programmes' summary); a council member's read writes the
    # year's release to the disclosure ledger either way
    "child_support:report_yearly": Rule(read=REPORT_READERS, post=REPORT_READERS),
}
