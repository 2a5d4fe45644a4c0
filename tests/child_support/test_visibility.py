"""Who reads a case (visibility.py): the head every case, a worker their own, a commission member the
cases on the agenda of a meeting they sit on while it is open (never a restricted one), nobody else
(other workers and council members included: 404). Every read is one audit row; the trail is the head's
to read and the database refuses to change it. The commission's meetings through their services."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.http import Http404
from django.utils import translation

from child_support import selectors, services, visibility
from child_support.models import CaseAuditEntry, CommissionMeeting
from tests.child_support.test_cases_builders import days_ago, open_case, social_worker


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def worker(users):
    return users["worker"]


@pytest.fixture
def commission(users):
    return users["commission"]


def reads(user, case) -> bool:
    """Whether ``user`` reads ``case`` by every door of the rule, which must agree."""
    listed = visibility.cases_visible_to(user).filter(pk=case.pk).exists()
    assert visibility.can_read(user, case) is listed
    try:
        visibility.case_read(user, case.pk, what="test")
    except Http404:
        assert not listed
        return False
    assert listed
    return True


def meeting_with(head, commission, cases, *, open_it=True) -> CommissionMeeting:
    meeting = services.meeting_create(
        actor=head, held_on=days_ago(0), title="Commission", members=[commission]
    )
    services.meeting_set_agenda(actor=head, meeting_id=meeting.pk, case_ids=[c.pk for c in cases])
    if open_it:
        services.meeting_open(actor=head, meeting_id=meeting.pk)
    return meeting


def test_the_head_reads_every_case_and_a_worker_only_their_own(worker, head):
    other = social_worker()
    mine, theirs = open_case(worker), open_case(other)
    assert reads(head, mine) and reads(head, theirs)
    assert reads(worker, mine) and not reads(worker, theirs)
    assert reads(other, theirs) and not reads(other, mine)


@pytest.mark.parametrize("username", ["council", "frontdesk", "officer", "commission"])
def test_other_roles_read_no_case(worker, users, username):
    case = open_case(worker)
    assert not reads(users[username], case)
    assert not visibility.cases_visible_to(users[username]).exists()


def test_an_anonymous_visitor_reads_nothing(worker):
    from django.contrib.auth.models import AnonymousUser

    case = open_case(worker)
    assert not visibility.cases_visible_to(AnonymousUser()).exists()
    assert visibility.can_read(AnonymousUser(), case) is False
    with pytest.raises(Http404):
        visibility.case_read(AnonymousUser(), case.pk, what="test")


def test_a_transferred_case_leaves_its_first_worker(worker, head):
    case = open_case(worker)
    services.case_transfer(actor=head, case_id=case.pk, worker=social_worker(), reason="Leave")
    case.refresh_from_db()
    assert not reads(worker, case)


def test_a_commission_member_reads_an_agenda_case_only_while_the_meeting_is_open(worker, head, commission):
    on_agenda, off_agenda = open_case(worker), open_case(worker)
    meeting = meeting_with(head, commission, [on_agenda], open_it=False)
    assert not reads(commission, on_agenda), "the meeting is only planned"
    services.meeting_open(actor=head, meeting_id=meeting.pk)
    assert reads(commission, on_agenda)
    assert not reads(commission, off_agenda)
    # a member reads, but changes nothing
    with pytest.raises(Http404):
        services.case_update(actor=commission, case_id=on_agenda.pk, source="family")
    services.meeting_close(actor=head, meeting_id=meeting.pk)
    assert not reads(commission, on_agenda)


def test_a_commission_member_who_does_not_sit_on_the_meeting_reads_nothing(worker, head, commission):
    case = open_case(worker)
    meeting_with(head, commission, [case])
    outsider = social_worker("member2", roles=("commission_member",))
    assert not reads(outsider, case)


def test_a_case_restricted_after_a_violence_referral_leaves_the_open_meeting(worker, head, commission):
    case = open_case(worker)
    meeting_with(head, commission, [case])
    assert reads(commission, case)
    case.restricted = True  # what a violence referral does (services/referrals.py)
    case.save(update_fields=["restricted"])
    assert not reads(commission, case)
    assert reads(worker, case) and reads(head, case)


def test_a_restricted_or_closed_case_is_not_put_on_the_agenda(worker, head, commission):
    restricted, closed, fine = open_case(worker), open_case(worker), open_case(worker)
    restricted.restricted = True
    restricted.save(update_fields=["restricted"])
    services.case_close(actor=worker, case_id=closed.pk, reason="no_need", closed_on=days_ago(0))
    meeting = services.meeting_create(actor=head, held_on=days_ago(0), title="C", members=[commission])
    with pytest.raises(ValidationError) as excinfo:
        services.meeting_set_agenda(actor=head, meeting_id=meeting.pk, case_ids=[fine.pk, restricted.pk])
    assert restricted.number in excinfo.value.message_dict["case_ids"][0]
    assert "violence" in excinfo.value.message_dict["case_ids"][0]
    with pytest.raises(ValidationError) as excinfo:
        services.meeting_set_agenda(actor=head, meeting_id=meeting.pk, case_ids=[closed.pk])
    assert closed.number in excinfo.value.message_dict["case_ids"][0]
    assert not meeting.cases.exists()
    assert list(selectors.agenda_candidates()) == [fine]


def test_agenda_changes_are_in_the_cases_history_and_trail(worker, head, commission):
    first, second = open_case(worker), open_case(worker)
    meeting = meeting_with(head, commission, [first])
    services.meeting_set_agenda(actor=head, meeting_id=meeting.pk, case_ids=[second.pk])
    assert first.events.filter(action="updated").count() == 2  # put on, taken off
    assert second.events.get(action="updated").changes["commission_meeting"][0] is None
    assert CaseAuditEntry.objects.filter(case_id=first.pk, what="meeting_set_agenda").count() == 2


def test_meetings_are_the_heads_to_run(worker, head, commission, users):
    with pytest.raises(PermissionDenied):
        services.meeting_create(actor=worker, held_on=days_ago(0), title="C", members=[commission])
    with pytest.raises(ValidationError) as excinfo:
        services.meeting_create(actor=head, held_on=days_ago(0), title="C", members=[users["council"]])
    assert "Not commission members" in excinfo.value.message_dict["members"][0]
    with pytest.raises(ValidationError) as excinfo:
        services.meeting_create(actor=head, held_on=days_ago(0), title=" ", members=[commission])
    assert "title" in excinfo.value.message_dict
    assert not CommissionMeeting.objects.exists()
    meeting = services.meeting_create(actor=head, held_on=days_ago(0), title="C", members=[commission])
    for attempt in (services.meeting_open, services.meeting_close):
        with pytest.raises(PermissionDenied):
            attempt(actor=commission, meeting_id=meeting.pk)
    with pytest.raises(ValidationError):
        services.meeting_close(actor=head, meeting_id=meeting.pk)  # not open yet
    services.meeting_open(actor=head, meeting_id=meeting.pk)
    services.meeting_close(actor=head, meeting_id=meeting.pk)
    with pytest.raises(ValidationError):
        services.meeting_open(actor=head, meeting_id=meeting.pk)  # closed for good
    with pytest.raises(ValidationError):
        services.meeting_set_agenda(actor=head, meeting_id=meeting.pk, case_ids=[open_case(worker).pk])


def test_meetings_list_and_detail_follow_the_rule(worker, head, commission, users):
    case = open_case(worker)
    meeting = meeting_with(head, commission, [case], open_it=False)
    other = services.meeting_create(
        actor=head,
        held_on=days_ago(0),
        title="Other",
        members=[social_worker("m2", roles=("commission_member",))],
    )
    assert {m.pk for m in selectors.meetings_list(head)} == {meeting.pk, other.pk}
    listed = list(selectors.meetings_list(commission))
    assert [(m.pk, m.cases_count, m.members_count) for m in listed] == [(meeting.pk, 1, 1)]
    assert list(selectors.meetings_list(users["council"])) == []
    assert selectors.meeting_detail(commission, meeting.pk).agenda == []  # planned: no case readable
    services.meeting_open(actor=head, meeting_id=meeting.pk)
    assert selectors.meeting_detail(commission, meeting.pk).agenda == [case]
    assert selectors.meeting_detail(head, meeting.pk).agenda == [case]
    with pytest.raises(Http404):
        selectors.meeting_detail(commission, other.pk)
    with pytest.raises(Http404):
        selectors.meeting_detail(users["council"], meeting.pk)


# --- the audit trail -------------------------------------------------------------------------------------


def test_every_read_is_one_audit_row_and_a_refused_read_none(worker, head):
    case = open_case(worker)
    before = CaseAuditEntry.objects.count()
    for _ in range(3):
        visibility.case_read(worker, case.pk, what="page:case_detail")
    visibility.case_read(head, case.pk, what="api:case_detail")
    with pytest.raises(Http404):
        visibility.case_read(social_worker(), case.pk, what="page:case_detail")
    rows = CaseAuditEntry.objects.filter(kind="read").order_by("id")
    assert CaseAuditEntry.objects.count() == before + 4
    assert [(r.user_id, r.case_id, r.what) for r in rows] == [
        (worker.pk, case.pk, "page:case_detail"),
        (worker.pk, case.pk, "page:case_detail"),
        (worker.pk, case.pk, "page:case_detail"),
        (head.pk, case.pk, "api:case_detail"),
    ]


def test_the_head_reads_the_trail_per_case_and_per_user_and_nobody_else_does(worker, head):
    case, other = open_case(worker), open_case(head)
    visibility.case_read(worker, case.pk, what="page:case_detail")
    by_case = list(selectors.audit_trail(actor=head, case_id=case.pk))
    assert [(e.kind, e.what, e.case_number) for e in by_case] == [
        ("read", "page:case_detail", case.number),
        ("change", "case_open", case.number),
    ]
    by_user = list(selectors.audit_trail(actor=head, user_id=head.pk))
    assert [(e.what, e.case_number) for e in by_user] == [("case_open", other.number)]
    with pytest.raises(PermissionDenied):
        selectors.audit_trail(actor=worker, case_id=case.pk)


def test_the_database_refuses_to_change_or_delete_an_audit_row(worker):
    case = open_case(worker)
    entry = CaseAuditEntry.objects.filter(case_id=case.pk).first()
    for attempt in (
        lambda: CaseAuditEntry.objects.filter(pk=entry.pk).update(what="nothing"),
        lambda: CaseAuditEntry.objects.filter(pk=entry.pk).delete(),
    ):
        with pytest.raises(DatabaseError), transaction.atomic():
            attempt()
    entry.refresh_from_db()
    assert entry.what == "case_open"
