"""Analyse, discuss, inform: reports (draft, approved, published), working meetings and decisions."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from municipal_platform.clock import today
from municipal_platform.disclosure import exact_period_or_error, release_period_or_error, reporting_calendar
from municipal_platform.model_update import model_update
from municipal_platform.periods import Period, period_or_error
from municipal_platform.roles import Role, require_role
from programmes.models import Service

from ..models import (
    Decision,
    Report,
    WorkingMeeting,
)
from ..selectors import feedback_summary, release_report_figures, settings_get
from .common import not_in_future

# --- reports ------------------------------------------------------------------------------------------


@transaction.atomic
def report_create(
    *, actor, title: str, period_from: datetime.date, period_to: datetime.date, findings: str = ""
) -> Report:
    """A draft report of the period from ``period_from`` to ``period_to``, both days included."""
    require_role(actor, Role.FEEDBACK_OFFICER)
    period = period_or_error(period_from, period_to, from_field="period_from", to_field="period_to")
    exact_period_or_error(period, field="period_to")
    return Report.objects.create(
        title=title,
        period_from=period.first_day,
        period_to=period.end,  # stored half-open: the day after the last
        findings=findings,
        created_by=actor,
        created_on=today(),
        figures=feedback_summary(period=period),
    )


@transaction.atomic
def report_update(*, actor, report: Report, title: str, findings: str) -> Report:
    """Change a draft's title and findings; its figures are recomputed."""
    require_role(actor, Role.FEEDBACK_OFFICER)
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status != Report.Status.DRAFT:
        raise ValidationError({"status": _("Only a draft can be changed.")})
    model_update(
        instance=report,
        fields=["title", "findings", "figures"],
        data={"title": title, "findings": findings, "figures": feedback_summary(period=report.period)},
    )
    return report


@transaction.atomic
def report_approve(*, actor, report: Report) -> Report:
    """The head of service approves a draft; its figures are computed now and kept as approved."""
    require_role(actor, Role.HEAD_OF_SERVICE)
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status != Report.Status.DRAFT:
        raise ValidationError({"status": _("Only a draft can be approved.")})
    report.figures = feedback_summary(period=report.period)
    report.status = Report.Status.APPROVED
    report.approved_by = actor
    report.approved_on = today()
    report.save(update_fields=["figures", "status", "approved_by", "approved_on"])
    return report


@transaction.atomic
def report_publish(*, actor, report: Report, on: datetime.date | None = None) -> Report:
    require_role(actor, Role.HEAD_OF_SERVICE)
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status != Report.Status.APPROVED:
        raise ValidationError({"status": _("Only an approved report can be published.")})
    # what is published is released to everyone: one of the calendar's periods or years only
    release_period_or_error(report.period, field="period_from")
    same_period = Report.objects.filter(
        status=Report.Status.PUBLISHED, period_from=report.period_from, period_to=report.period_to
    )
    if report.corrects_id is not None:
        same_period = same_period.exclude(pk=report.corrects_id)  # a corrected version replaces it
    if same_period.exists():
        # two sets of figures of one period (approved at different times) would differ by a few responses
        raise ValidationError({"period_from": _("A report for this period is already published.")})
    report.status = Report.Status.PUBLISHED
    report.published_on = on or today()
    report.save(update_fields=["status", "published_on"])
    if reporting_calendar().is_period(report.period):
        # what citizens read from now on, checked against what was released for the period before
        release_report_figures(report, settings_get().suppression_threshold)
    if report.corrects_id:
        Report.objects.filter(pk=report.corrects_id, status=Report.Status.PUBLISHED).update(
            status=Report.Status.WITHDRAWN,
            withdrawn_on=report.published_on,
            withdrawal_reason=report.correction_note,
        )
    return report


@transaction.atomic
def report_withdraw(*, actor, report: Report, reason: str) -> Report:
    """Take a published report off the public page; the reason is shown there in its place and staff
    still read the report."""
    require_role(actor, Role.HEAD_OF_SERVICE)
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status != Report.Status.PUBLISHED:
        raise ValidationError({"status": _("Only a published report can be withdrawn.")})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the withdrawal: citizens read it.")})
    report.status = Report.Status.WITHDRAWN
    report.withdrawn_on = today()
    report.withdrawal_reason = reason
    report.save(update_fields=["status", "withdrawn_on", "withdrawal_reason"])
    return report


@transaction.atomic
def report_correction_create(*, actor, report: Report, note: str) -> Report:
    """A draft corrected version of a published (or withdrawn) report: same title, period and findings,
    saying what changed. Approved and published as any report; publishing it withdraws the earlier one,
    with the note as the reason."""
    require_role(actor, Role.FEEDBACK_OFFICER)
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status not in (Report.Status.PUBLISHED, Report.Status.WITHDRAWN):
        raise ValidationError({"status": _("Only a published or withdrawn report can be corrected.")})
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Say what the corrected version changes.")})
    return Report.objects.create(
        title=report.title,
        period_from=report.period_from,
        period_to=report.period_to,
        findings=report.findings,
        figures=feedback_summary(period=report.period),
        created_by=actor,
        created_on=today(),
        corrects=report,
        correction_note=note,
    )


# --- working meetings and decisions -------------------------------------------------------------------


@transaction.atomic
def meeting_record(
    *,
    actor,
    held_on: datetime.date,
    participants: str,
    agenda: str,
    minutes: str = "",
    report: Report | None = None,
) -> WorkingMeeting:
    require_role(actor, Role.FEEDBACK_OFFICER)
    not_in_future("held_on", held_on)
    return WorkingMeeting.objects.create(
        held_on=held_on,
        participants=participants,
        agenda=agenda,
        minutes=minutes,
        report=report,
        recorded_by=actor,
    )


@transaction.atomic
def decision_add(
    *,
    actor,
    meeting: WorkingMeeting,
    change: str,
    responsible: str,
    service: Service | None = None,
    budget_line=None,
    due_on: datetime.date | None = None,
) -> Decision:
    require_role(actor, Role.FEEDBACK_OFFICER)
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


_NEXT: dict[str, set[str]] = {
    Decision.Status.PROPOSED: {Decision.Status.ADOPTED},
    Decision.Status.ADOPTED: {Decision.Status.IMPLEMENTED},
    Decision.Status.IMPLEMENTED: set(),
}


@transaction.atomic
def decision_set_status(
    *, actor, decision: Decision, status: str, on: datetime.date | None = None
) -> Decision:
    require_role(actor, Role.FEEDBACK_OFFICER)
    if status not in _NEXT[decision.status]:
        raise ValidationError({"status": _("A decision goes proposed, adopted, implemented, in that order.")})
    decision.status = status
    decision.decided_on = on or today()
    decision.save(update_fields=["status", "decided_on"])
    return decision


def period_before(on: datetime.date) -> Period | None:
    """The municipality's reporting period (its calendar, see municipal_platform/disclosure.py) that ended
    before ``on``; None before its first period has ended."""
    calendar = reporting_calendar()
    index = calendar.index_of(on) - 1
    return calendar.period(index) if index >= 0 else None


def period_starts_on(on: datetime.date) -> bool:
    """Whether ``on`` is the first day of one of the municipality's reporting periods."""
    calendar = reporting_calendar()
    return calendar.index_of(on) >= 0 and calendar.period(calendar.index_of(on)).first_day == on


@transaction.atomic
def report_draft_for_period(*, on: datetime.date) -> Report | None:
    """The scheduled draft (the guideline analyses every reporting period, three months by default): a
    draft for the period of the municipality's calendar that ended before ``on``, so that it can be
    published once approved, prepared in the name of the first feedback officer. Idempotent."""
    from django.contrib.auth import get_user_model

    period = period_before(on)
    if period is None or Report.objects.filter(period_from=period.first_day, period_to=period.end).exists():
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
    title = _("Feedback report, %(first)s – %(last)s") % {
        "first": period.first_day.isoformat(),
        "last": period.last_day.isoformat(),
    }
    return report_create(actor=author, title=title, period_from=period.first_day, period_to=period.last_day)
