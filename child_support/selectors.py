"""Reads of child and family cases for the pages, the API and the daily digest: the worker's list, the
case page's queryset, the audit trail, the commission's meetings and the head of service's inbox.

Who may read a case is `visibility`'s rule; these only shape what the rule lets through, each in a fixed
number of queries whatever the number of rows.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import (
    BooleanField,
    CharField,
    Count,
    DateField,
    ExpressionWrapper,
    F,
    IntegerField,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Concat, Least, LPad
from django.http import Http404

from municipal_platform import clock
from municipal_platform.roles import Role, require_role, user_roles

from . import visibility
from .models import (
    Assessment,
    AssessmentNeed,
    Case,
    CaseAuditEntry,
    CaseChild,
    CaseEvent,
    CommissionMeeting,
    Notification,
    Plan,
    PlanAction,
    Provision,
    Referral,
    Review,
)

# --- the worker's list ----------------------------------------------------------------------------------


def _open_actions(today: datetime.date) -> QuerySet[PlanAction]:
    """The undone actions of each case's approved plan (correlated on the outer case)."""
    return PlanAction.objects.filter(
        plan__case=OuterRef("pk"), plan__status=Plan.Status.APPROVED, done_on__isnull=True
    )


def with_deadlines(cases: QuerySet[Case], *, today: datetime.date | None = None) -> QuerySet[Case]:
    """``cases`` annotated with what is due: ``next_review_on`` (of the approved plan), ``review_overdue``,
    ``overdue_actions`` (undone actions of the approved plan due before today), ``next_action_on``,
    ``next_due_on`` (the earlier of the two), ``is_overdue``, ``children_count`` and ``risk`` (of the
    latest assessment). All in the one query of the list."""
    today = today or clock.today()
    approved = Plan.objects.filter(case=OuterRef("pk"), status=Plan.Status.APPROVED)
    overdue = (
        _open_actions(today)
        .filter(due_on__lt=today)
        .order_by()
        .values("plan__case")
        .annotate(n=Count("pk"))
        .values("n")
    )
    next_action = (
        _open_actions(today).order_by().values("plan__case").annotate(first=Min("due_on")).values("first")
    )
    children = CaseChild.objects.filter(case=OuterRef("pk")).order_by().values("case").annotate(n=Count("pk"))
    latest = Assessment.objects.filter(case=OuterRef("pk")).order_by("-assessed_on", "-id")
    return (
        cases.annotate(
            next_review_on=Subquery(approved.values("next_review_on")[:1], output_field=DateField()),
            overdue_actions=Coalesce(Subquery(overdue, output_field=IntegerField()), Value(0)),
            next_action_on=Subquery(next_action, output_field=DateField()),
            children_count=Coalesce(Subquery(children.values("n"), output_field=IntegerField()), Value(0)),
            risk=Subquery(latest.values("risk_level")[:1]),
        )
        .annotate(
            review_overdue=Coalesce(
                ExpressionWrapper(Q(next_review_on__lt=today), output_field=BooleanField()), Value(False)
            ),
            next_due_on=Least("next_review_on", "next_action_on"),
        )
        .annotate(
            is_overdue=ExpressionWrapper(
                Q(review_overdue=True) | Q(overdue_actions__gt=0), output_field=BooleanField()
            )
        )
    )


def worker_cases(
    user,
    *,
    today: datetime.date | None = None,
    status: str | None = None,
    mine: bool = False,
    worker_id: int | None = None,
) -> QuerySet[Case]:
    """The open cases ``user`` works (the head of service: every case, or their own with ``mine``, or one
    worker's with ``worker_id``), overdue reviews and actions first, then by the next date due.

    ``status`` narrows to one status (closed included, for the head's filter)."""
    cases = Case.objects.all() if visibility.is_head(user) else visibility.cases_changeable_by(user)
    if mine or not visibility.is_head(user):
        cases = cases.filter(assigned_worker=user)
    elif worker_id is not None:
        cases = cases.filter(assigned_worker_id=worker_id)
    cases = cases.filter(status=status) if status else cases.filter(status__in=Case.OPEN_STATUSES)
    return with_deadlines(cases.select_related("household", "assigned_worker"), today=today).order_by(
        F("is_overdue").desc(),
        F("next_due_on").asc(nulls_last=True),
        "opened_on",
        "id",
    )


def workers() -> QuerySet[Any]:
    """The users a case may be assigned or transferred to: active social workers and heads of service."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=[Role.SOCIAL_WORKER, Role.HEAD_OF_SERVICE])
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def commission_members() -> QuerySet[Any]:
    """The active users who may sit on the commission."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=Role.COMMISSION_MEMBER)
        .order_by("last_name", "first_name", "username")
    )


# --- one case -------------------------------------------------------------------------------------------


def case_detail_queryset() -> QuerySet[Case]:
    """Cases with everything the case page shows loaded in a fixed number of queries (pass it to
    `visibility.case_read` as ``queryset``)."""
    return Case.objects.select_related("household", "assigned_worker", "created_by").prefetch_related(
        Prefetch("children", CaseChild.objects.select_related("person")),
        Prefetch(
            "assessments",
            Assessment.objects.select_related("assessed_by").prefetch_related(
                Prefetch("needs", AssessmentNeed.objects.order_by("id"))
            ),
        ),
        Prefetch(
            "reviews",
            Review.objects.select_related("assessment", "recorded_by").prefetch_related("members"),
        ),
        Prefetch(
            "plans",
            Plan.objects.select_related("review", "written_by", "approved_by")
            .prefetch_related("actions")
            .order_by("-version"),
        ),
        Prefetch(
            "provisions",
            Provision.objects.select_related("budget_line__service", "recorded_by").prefetch_related("items"),
        ),
        Prefetch(
            "referrals",
            Referral.objects.select_related(
                "child__person", "consent", "override_by", "created_by", "budget_line__service"
            ),
        ),
        Prefetch("events", CaseEvent.objects.select_related("actor").order_by("at", "id")),
    )


# --- the audit trail ------------------------------------------------------------------------------------


def audit_trail(*, actor, case_id: int | None = None, user_id: int | None = None) -> QuerySet[CaseAuditEntry]:
    """The audit trail (newest first) of one case or one user, for the head of service only. Each row
    carries ``case_number`` (the trail outlives a case, so the number may be missing)."""
    require_role(actor, Role.HEAD_OF_SERVICE)
    entries = CaseAuditEntry.objects.select_related("user")
    if case_id is not None:
        entries = entries.filter(case_id=case_id)
    if user_id is not None:
        entries = entries.filter(user_id=user_id)
    number = Case.objects.filter(pk=OuterRef("case_id")).annotate(
        label=Concat(
            Cast("year", output_field=CharField()),
            Value("-"),
            LPad(Cast("sequence", output_field=CharField()), 4, Value("0")),
            output_field=CharField(),
        )
    )
    return entries.annotate(case_number=Subquery(number.values("label")[:1])).order_by("-at", "-id")


# --- the commission ---------------------------------------------------------------------------------------


def meetings_list(user) -> QuerySet[CommissionMeeting]:
    """The head of service's every meeting; a commission member's own; nobody else's. Each with
    ``cases_count`` and ``members_count``."""
    if visibility.is_head(user):
        meetings = CommissionMeeting.objects.all()
    elif Role.COMMISSION_MEMBER in user_roles(user):
        meetings = CommissionMeeting.objects.filter(members=user)
    else:
        return CommissionMeeting.objects.none()
    cases = CommissionMeeting.cases.through.objects.filter(commissionmeeting=OuterRef("pk"))
    members = CommissionMeeting.members.through.objects.filter(commissionmeeting=OuterRef("pk"))
    return meetings.annotate(
        cases_count=Coalesce(_count(cases, "commissionmeeting"), Value(0)),
        members_count=Coalesce(_count(members, "commissionmeeting"), Value(0)),
    ).order_by("-held_on", "-id")


def meeting_detail(user, meeting_id: Any) -> CommissionMeeting:
    """One meeting of `meetings_list` (404 otherwise), with ``members`` and ``agenda``: the cases on its
    agenda the user may read (the head: all; a member: those of a meeting in session, never a restricted
    one; `visibility` decides)."""
    try:
        return (
            meetings_list(user)
            .prefetch_related(
                Prefetch("members", get_user_model().objects.order_by("last_name", "first_name")),
                Prefetch(
                    "cases",
                    visibility.cases_visible_to(user)
                    .select_related("assigned_worker")
                    .order_by("year", "sequence"),
                    to_attr="agenda",
                ),
            )
            .get(pk=meeting_id)
        )
    except (CommissionMeeting.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def agenda_candidates() -> QuerySet[Case]:
    """The cases the head may put before the commission: open and not restricted."""
    return Case.objects.filter(status__in=Case.OPEN_STATUSES, restricted=False).select_related(
        "assigned_worker"
    )


# --- the head of service's inbox --------------------------------------------------------------------------


def notifications_for(user) -> QuerySet[Notification]:
    """The user's in-app notifications, unread first, newest first."""
    return (
        Notification.objects.filter(user=user)
        .select_related("case", "referral")
        .order_by(F("read_at").asc(nulls_first=True), "-created_at", "-id")
    )


def unread_notifications_count(user) -> int:
    if user is None or not user.is_authenticated:
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


# --- the daily digest -------------------------------------------------------------------------------------


DIGEST_FIELDS = (
    "pk",
    "year",
    "sequence",
    "assigned_worker_id",
    "next_review_on",
    "review_overdue",
    "overdue_actions",
)


def overdue_by_worker(
    *, today: datetime.date | None = None, worker_id: int | None = None
) -> dict[int, list[dict[str, Any]]]:
    """{worker id: [{"number", "case_id", "review_on" (overdue review date or None), "actions" (count)}]}
    for every open case with an overdue review or overdue actions (of one worker with ``worker_id``),
    each worker's cases in the order of their list."""
    today = today or clock.today()
    cases = Case.objects.filter(status__in=Case.OPEN_STATUSES)
    if worker_id is not None:
        cases = cases.filter(assigned_worker_id=worker_id)
    # annotations the type checker does not know of, so named through variables
    order, fields = ("assigned_worker_id", "next_due_on", "year", "sequence"), DIGEST_FIELDS
    rows = with_deadlines(cases, today=today).filter(Q(is_overdue=True)).order_by(*order).values(*fields)
    result: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        result.setdefault(row["assigned_worker_id"], []).append(
            {
                "case_id": row["pk"],
                "number": f"{row['year']}-{row['sequence']:04d}",
                "review_on": row["next_review_on"] if row["review_overdue"] else None,
                "actions": row["overdue_actions"],
            }
        )
    return result


def overdue_for(user, *, today: datetime.date | None = None) -> list[dict[str, Any]]:
    """What is overdue on ``user``'s own open cases (the digest's content)."""
    if user is None or not user.is_authenticated:
        return []
    return overdue_by_worker(today=today, worker_id=user.pk).get(user.pk, [])


def _count(queryset: QuerySet[Any], group: str) -> Subquery:
    return Subquery(
        queryset.order_by().values(group).annotate(n=Count("pk")).values("n"), output_field=IntegerField()
    )


__all__ = [
    "agenda_candidates",
    "audit_trail",
    "case_detail_queryset",
    "commission_members",
    "meeting_detail",
    "meetings_list",
    "notifications_for",
    "overdue_by_worker",
    "overdue_for",
    "unread_notifications_count",
    "with_deadlines",
    "worker_cases",
    "workers",
]
