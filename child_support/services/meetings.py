"""The commission's meetings (head of service only): members, agenda, in session, closed. While a meeting
sits its members read the cases on its agenda (visibility.py); the housing module puts its allocations
before the same commission. And the daily digest of overdue work, written to the outbox."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.http import Http404
from django.utils.translation import gettext as _

from municipal_platform.roles import Role, require_role, user_roles
from municipal_platform.schemas import current_schema

from ..models import Case, CaseEvent, CommissionMeeting
from ._case_helpers import Status, _record, _text

__all__ = [
    "DIGEST_KIND",
    "digests_enqueue",
    "meeting_close",
    "meeting_create",
    "meeting_open",
    "meeting_set_agenda",
]


def _meeting(meeting_id) -> CommissionMeeting:
    meeting = (
        CommissionMeeting.objects.select_for_update().filter(pk=meeting_id).first()
        if str(meeting_id).isdigit()
        else None
    )
    if meeting is None:
        raise Http404
    return meeting


@transaction.atomic
def meeting_create(*, actor, held_on: datetime.date, title: str, members: list) -> CommissionMeeting:
    """Plan a sitting of the commission with its members (users holding the commission member role)."""
    require_role(actor, Role.HEAD_OF_SERVICE)
    title = _text(title)
    if not title:
        raise ValidationError({"title": _("Give the meeting a title.")})
    if held_on is None:
        raise ValidationError({"held_on": _("Give the date.")})
    if not members:
        raise ValidationError({"members": _("Choose the commission's members who sit.")})
    outsiders = [str(m) for m in members if Role.COMMISSION_MEMBER not in user_roles(m) or not m.is_active]
    if outsiders:
        raise ValidationError(
            {"members": _("Not commission members: %(names)s.") % {"names": ", ".join(outsiders)}}
        )
    meeting = CommissionMeeting.objects.create(held_on=held_on, title=title[:300])
    meeting.members.set(members)
    return meeting


@transaction.atomic
def meeting_set_agenda(*, actor, meeting_id: int, case_ids: list[int]) -> CommissionMeeting:
    """Put cases before the commission (replacing the agenda). A restricted (violence) case never goes
    before it; the cases added and removed are written to their audit trails and histories."""
    require_role(actor, Role.HEAD_OF_SERVICE)
    meeting = _meeting(meeting_id)
    if meeting.status == CommissionMeeting.Status.CLOSED:
        raise ValidationError({"case_ids": _("The meeting is closed: its agenda no longer changes.")})
    wanted = {int(pk) for pk in case_ids or [] if str(pk).isdigit()}
    if len(wanted) != len(set(map(str, case_ids or []))):
        raise ValidationError({"case_ids": _("Choose cases of the municipality.")})
    cases = {c.pk: c for c in Case.objects.select_for_update().filter(pk__in=wanted)}
    if len(cases) != len(wanted):
        raise ValidationError({"case_ids": _("Choose cases of the municipality.")})
    restricted = sorted(c.number for c in cases.values() if c.restricted)
    if restricted:
        raise ValidationError(
            {
                "case_ids": _("Restricted after a violence referral, not for the commission: %(numbers)s.")
                % {"numbers": ", ".join(restricted)}
            }
        )
    closed = sorted(c.number for c in cases.values() if c.status == Status.CLOSED)
    if closed:
        raise ValidationError({"case_ids": _("Closed cases: %(numbers)s.") % {"numbers": ", ".join(closed)}})
    before = set(meeting.cases.values_list("pk", flat=True))
    meeting.cases.set(list(cases.values()))
    label = f"{meeting.title} · {meeting.held_on}"
    for pk in sorted(wanted - before):
        _record(
            cases[pk],
            actor,
            CaseEvent.Action.UPDATED,
            "meeting_set_agenda",
            {"commission_meeting": [None, label]},
        )
    for case in Case.objects.filter(pk__in=before - wanted):
        _record(
            case, actor, CaseEvent.Action.UPDATED, "meeting_set_agenda", {"commission_meeting": [label, None]}
        )
    return meeting


@transaction.atomic
def meeting_open(*, actor, meeting_id: int) -> CommissionMeeting:
    """Open the sitting: from now until it closes, its members read the cases on its agenda."""
    require_role(actor, Role.HEAD_OF_SERVICE)
    meeting = _meeting(meeting_id)
    if meeting.status != CommissionMeeting.Status.PLANNED:
        raise ValidationError({"status": _("Only a planned meeting is opened.")})
    meeting.status = CommissionMeeting.Status.OPEN
    meeting.save(update_fields=["status"])
    return meeting


@transaction.atomic
def meeting_close(*, actor, meeting_id: int) -> CommissionMeeting:
    """Close the sitting: its members no longer read its cases."""
    require_role(actor, Role.HEAD_OF_SERVICE)
    meeting = _meeting(meeting_id)
    if meeting.status != CommissionMeeting.Status.OPEN:
        raise ValidationError({"status": _("Only a meeting in session is closed.")})
    meeting.status = CommissionMeeting.Status.CLOSED
    meeting.save(update_fields=["status"])
    return meeting


# --- the daily digest -------------------------------------------------------------------------------------

DIGEST_KIND = "child_support.digest"


@transaction.atomic
def digests_enqueue(*, day: datetime.date) -> list[int]:
    """Write one outbox message for ``day`` to each active worker with something overdue on their open
    cases, unless they already have that day's. Returns the users written to now.

    Idempotent: a rerun of the day's task, or two at once (the day's lock orders them), adds nothing."""
    from municipal_platform.outbox.models import OutboxMessage
    from municipal_platform.outbox.services import message_enqueue

    from ..selectors import overdue_by_worker

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(hashtext(%s))", [f"child_digest:{current_schema()}:{day}"]
        )
    due = overdue_by_worker(today=day)
    active = set(get_user_model().objects.filter(pk__in=due, is_active=True).values_list("pk", flat=True))
    done = set(
        OutboxMessage.objects.filter(kind=DIGEST_KIND, params__day=day.isoformat()).values_list(
            "params__user_id", flat=True
        )
    )
    written = []
    for user_id in sorted(active - done):
        message_enqueue(kind=DIGEST_KIND, user_id=user_id, day=day.isoformat())
        written.append(user_id)
    return written
