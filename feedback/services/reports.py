"""Analyse, discuss, inform: reports (draft, approved, published), working meetings and decisions."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from municipal_platform.roles import Role, require_role
from programmes.models import Service

from ..models import (
    Decision,
    Report,
    WorkingMeeting,
)
from ..selectors import feedback_summary
from .common import today

# --- reports ------------------------------------------------------------------------------------------


def report_create(
    *, user, title: str, period_from: datetime.date, period_to: datetime.date, findings: str = ""
) -> Report:
    require_role(user, Role.FEEDBACK_OFFICER)
    if period_to <= period_from:
        raise ValidationError({"period_to": _("The period must end after it starts.")})
    return Report.objects.create(
        title=title,
        period_from=period_from,
        period_to=period_to,
        findings=findings,
        created_by=user,
        created_on=today(),
        figures=feedback_summary(date_from=period_from, date_to=period_to),
    )


@transaction.atomic
def report_update(*, user, report: Report, title: str, findings: str) -> Report:
    require_role(user, Role.FEEDBACK_OFFICER)
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status != Report.Status.DRAFT:
        raise ValidationError({"status": _("Only a draft can be changed.")})
    report.title, report.findings = title, findings
    report.figures = feedback_summary(date_from=report.period_from, date_to=report.period_to)
    report.save(update_fields=["title", "findings", "figures"])
    return report


@transaction.atomic
def report_approve(*, user, report: Report) -> Report:
    """The head of service approves a draft; its figures are computed now and kept as approved."""
    require_role(user, Role.HEAD_OF_SERVICE)
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status != Report.Status.DRAFT:
        raise ValidationError({"status": _("Only a draft can be approved.")})
    report.figures = feedback_summary(date_from=report.period_from, date_to=report.period_to)
    report.status = Report.Status.APPROVED
    report.approved_by = user
    report.approved_on = today()
    report.save(update_fields=["figures", "status", "approved_by", "approved_on"])
    return report


@transaction.atomic
def report_publish(*, user, report: Report, on: datetime.date | None = None) -> Report:
    require_role(user, Role.HEAD_OF_SERVICE)
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status != Report.Status.APPROVED:
        raise ValidationError({"status": _("Only an approved report can be published.")})
    report.status = Report.Status.PUBLISHED
    report.published_on = on or today()
    report.save(update_fields=["status", "published_on"])
    return report


# --- working meetings and decisions -------------------------------------------------------------------


def meeting_record(
    *,
    user,
    held_on: datetime.date,
    participants: str,
    agenda: str,
    minutes: str = "",
    report: Report | None = None,
) -> WorkingMeeting:
    require_role(user, Role.FEEDBACK_OFFICER)
    return WorkingMeeting.objects.create(
        held_on=held_on,
        participants=participants,
        agenda=agenda,
        minutes=minutes,
        report=report,
        recorded_by=user,
    )


def decision_add(
    *,
    user,
    meeting: WorkingMeeting,
    change: str,
    responsible: str,
    service: Service | None = None,
    budget_line=None,
    due_on: datetime.date | None = None,
) -> Decision:
    require_role(user, Role.FEEDBACK_OFFICER)
    if not change.strip():
        raise ValidationError({"change": _("Say what changes.")})
    return Decision.objects.create(
        meeting=meeting,
        change=change.strip(),
        responsible=responsible,
        service=service,
        budget_line=budget_line,
        due_on=due_on,
        decided_on=meeting.held_on,
    )


_NEXT = {
    Decision.Status.PROPOSED: {Decision.Status.ADOPTED},
    Decision.Status.ADOPTED: {Decision.Status.IMPLEMENTED},
    Decision.Status.IMPLEMENTED: set(),
}


def decision_set_status(
    *, user, decision: Decision, status: str, on: datetime.date | None = None
) -> Decision:
    require_role(user, Role.FEEDBACK_OFFICER)
    if status not in _NEXT[decision.status]:
        raise ValidationError({"status": _("A decision goes proposed, adopted, implemented, in that order.")})
    decision.status = status
    decision.decided_on = on or today()
    decision.save(update_fields=["status", "decided_on"])
    return decision


def quarter_before(on: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The calendar quarter that ended before ``on`` (start, exclusive end)."""
    start_month = 3 * ((on.month - 1) // 3) + 1
    end = datetime.date(on.year, start_month, 1)
    start = (
        datetime.date(end.year - 1, 10, 1)
        if start_month == 1
        else datetime.date(end.year, start_month - 3, 1)
    )
    return start, end


@transaction.atomic
def report_draft_for_quarter(*, on: datetime.date) -> Report | None:
    """The scheduled quarterly draft (the guideline analyses every three months): a draft for the quarter
    that ended before ``on``, prepared in the name of the first feedback officer. Idempotent."""
    from django.contrib.auth import get_user_model

    start, end = quarter_before(on)
    if Report.objects.filter(period_from=start, period_to=end).exists():
        return None
    author = (
        get_user_model()
        .objects.filter(groups__name=Role.FEEDBACK_OFFICER, is_active=True)
        .order_by("id")
        .first()
        or get_user_model()
        .objects.filter(groups__name=Role.HEAD_OF_SERVICE, is_active=True)
        .order_by("id")
        .first()
    )
    if author is None:
        return None
    quarter = (start.month - 1) // 3 + 1
    title = _("Feedback report, %(year)d Q%(quarter)d") % {"year": start.year, "quarter": quarter}
    return report_create(user=author, title=title, period_from=start, period_to=end)
