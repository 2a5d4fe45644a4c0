"""The special-category text of a case (health, disability and violence as the worker writes it) is sealed
at rest: the database, a dump or psql hold ciphertext only, and the history keeps the names of the fields
written, never their text. The worker reads the text on the case page and through the API, and every
record read leaves one SpecialDataRead row."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django_tenants.utils import schema_context

from child_support import services, visibility
from child_support.models import Assessment, Case, CaseEvent, Referral
from municipal_platform import clock, crypto
from municipal_platform.audit.models import SpecialDataRead
from tests.child_support.conftest import case_make
from tests.child_support.test_cases_builders import all_needs, days_ago, open_case
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

FINDINGS = "ბავშვს ეპილეფსიის დიაგნოზი აქვს; დედა ძალადობაზე საუბრობს."
NOTE = "წამლები თვეში 120 ლარი ჯდება."
CONCLUSION = "ფსიქოლოგი ადასტურებს ტრავმის ნიშნებს."
REASON = "ბავშვი ვერ დადის, სჭირდება რეაბილიტაცია."
OUTCOME = "ბავშვმა სიარული ისწავლა."
OVERRIDE = "მეურვე თავად არის ძალადობაში ეჭვმიტანილი."
STATUS_REASON = "კლინიკაში ადგილი აღარ არის."
CLOSE_NOTE = "ოჯახი თავშესაფარში გადავიდა."
TEXTS = [FINDINGS, NOTE, CONCLUSION, REASON, OUTCOME, OVERRIDE, STATUS_REASON, CLOSE_NOTE]


@pytest.fixture
def sealed_case(users) -> dict:
    """A closed case of the demo `worker` with every sealed text written once, through the services."""
    worker, head = users["worker"], users["head"]
    case = open_case(worker)
    assessment = services.assessment_record(
        actor=worker,
        case_id=case.pk,
        kind="assessment",
        assessed_on=days_ago(50),
        findings=FINDINGS,
        needs=all_needs() | {"health": {"severity": 2, "note": NOTE}},
    )
    review = services.review_record(
        actor=worker,
        case_id=case.pk,
        assessment_id=assessment.pk,
        held_on=days_ago(40),
        conclusion=CONCLUSION,
        members=[
            {"user": worker, "name": "", "role": "Social worker"},
            {"name": "ეკა", "role": "Psychologist"},
        ],
    )
    therapy = services.referral_create(
        actor=worker,
        case_id=case.pk,
        kind=Referral.Kind.REHABILITATION,
        target="რეაბილიტაციის ცენტრი",
        referred_on=days_ago(30),
        reason=REASON,
    )
    services.referral_status(actor=worker, referral_id=therapy.pk, status="accepted")
    services.referral_status(actor=worker, referral_id=therapy.pk, status="done", outcome=OUTCOME)
    clinic = services.referral_create(
        actor=head,
        case_id=case.pk,
        kind=Referral.Kind.HEALTH,
        target="ქუთაისის კლინიკა",
        referred_on=days_ago(30),
        override_reason=OVERRIDE,
    )
    services.referral_status(actor=worker, referral_id=clinic.pk, status="rejected", reason=STATUS_REASON)
    services.case_close(
        actor=worker, case_id=case.pk, reason=Case.CloseReason.OTHER, closed_on=clock.today(), note=CLOSE_NOTE
    )
    return {
        "case": case,
        "assessment": assessment,
        "need": assessment.needs.get(domain="health"),
        "review": review,
        "therapy": therapy,
        "clinic": clinic,
    }


def _raw(table: str, column: str, pk: int):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def test_the_database_holds_ciphertext_of_every_sealed_text(sealed_case):
    columns = [
        ("child_support_assessment", "findings", sealed_case["assessment"], FINDINGS),
        ("child_support_assessmentneed", "note", sealed_case["need"], NOTE),
        ("child_support_review", "conclusion", sealed_case["review"], CONCLUSION),
        ("child_support_referral", "reason", sealed_case["therapy"], REASON),
        ("child_support_referral", "outcome", sealed_case["therapy"], OUTCOME),
        ("child_support_referral", "override_reason", sealed_case["clinic"], OVERRIDE),
        ("child_support_referral", "status_reason", sealed_case["clinic"], STATUS_REASON),
        ("child_support_case", "close_note", sealed_case["case"], CLOSE_NOTE),
    ]
    for table, column, record, text in columns:
        stored = _raw(table, column, record.pk)
        assert stored.startswith("enc1:") and text not in stored, (table, column)
    # nothing written is stored as NULL, not as the ciphertext of nothing
    assert _raw("child_support_referral", "outcome", sealed_case["clinic"].pk) is None
    # and no copy elsewhere: the history, the trigger audit of cases and referrals
    with connection.cursor() as cursor:
        for table in ("child_support_caseevent", "audit_caseaudit", "audit_referralaudit"):
            cursor.execute(f"SELECT row_to_json(t)::text FROM {table} t")
            rows = " ".join(row[0] for row in cursor.fetchall())
            assert rows and not [text for text in TEXTS if text in rows], table
    # loading a record shows a mask, never the text
    loaded = Assessment.objects.get(pk=sealed_case["assessment"].pk)
    assert str(loaded.findings) == "••••••"


def test_the_worker_reads_the_texts_on_the_case_page_with_one_read_row_per_record(ambrolauri, sealed_case):
    case = sealed_case["case"]
    html = client_for(ambrolauri, "worker").get(f"/cases/{case.pk}/").content.decode()
    assert "••••••" not in html
    for text in TEXTS:
        assert text in html
    reads = SpecialDataRead.objects.filter(purpose="page:case_detail")
    assert sorted((r.model, r.object_id) for r in reads) == sorted(
        (record._meta.label_lower, str(record.pk))
        for record in (
            case,
            sealed_case["assessment"],
            sealed_case["need"],  # the other seven domains' needs have no note: nothing read
            sealed_case["review"],
            sealed_case["therapy"],
            sealed_case["clinic"],
        )
    )
    assert {r.actor.username for r in reads} == {"worker"}
    assert reads.get(model="child_support.referral", object_id=str(sealed_case["clinic"].pk)).fields == [
        "outcome",
        "override_reason",
        "reason",
        "status_reason",
    ]


def test_the_api_detail_gives_the_worker_the_texts_with_one_read_row_per_record(ambrolauri, sealed_case):
    case = sealed_case["case"]
    body = client_for(ambrolauri, "worker").get(f"/api/v1/child-support/cases/{case.pk}/").json()
    assert body["close_note"] == CLOSE_NOTE
    assert body["latest_assessment"]["findings"] == FINDINGS
    assert {n["domain"]: n["note"] for n in body["latest_assessment"]["needs"]}["health"] == NOTE
    assert {n["domain"]: n["note"] for n in body["latest_assessment"]["needs"]}["food"] == ""
    referrals = {r["id"]: r for r in body["referrals"]}
    therapy, clinic = referrals[sealed_case["therapy"].pk], referrals[sealed_case["clinic"].pk]
    assert (therapy["reason"], therapy["outcome"], therapy["status_reason"]) == (REASON, OUTCOME, "")
    assert (clinic["override_reason"], clinic["status_reason"]) == (OVERRIDE, STATUS_REASON)
    reads = SpecialDataRead.objects.filter(purpose="api:case_detail")
    assert reads.filter(model="child_support.case", object_id=str(case.pk)).count() == 1
    assert reads.filter(model="child_support.referral").count() == 2


def test_the_history_names_the_sealed_fields_written_without_their_text(ambrolauri, sealed_case):
    case = sealed_case["case"]
    events = CaseEvent.objects.filter(case=case)
    assert events.get(action="closed").changes["sealed"] == ["close_note"]
    assert [e.changes.get("sealed") for e in events.filter(action="referral_status").order_by("id")] == [
        None,
        ["outcome"],
        ["status_reason"],
    ]
    assert events.get(action="referral", changes__referral=sealed_case["clinic"].pk).changes["sealed"] == [
        "override_reason"
    ]
    client = client_for(ambrolauri, "worker")
    client.cookies["django_language"] = "en"
    html = client.get(f"/cases/{case.pk}/").content.decode()
    assert "written (special-category, not kept in the history): closing note" in html


def test_a_reason_required_is_the_one_written_now_not_a_sealed_one_loaded(users, sealed_case):
    """Reopened, the case keeps its sealed closing note (the only copy of why it closed); closing it again
    with a referral in progress still asks for a note: the stored one does not count."""
    worker = users["worker"]
    case = sealed_case["case"]
    services.case_reopen(actor=worker, case_id=case.pk, reason="ოჯახი დაბრუნდა")
    services.referral_create(
        actor=worker,
        case_id=case.pk,
        kind=Referral.Kind.REHABILITATION,
        target="ცენტრი",
        referred_on=clock.today(),
    )
    with pytest.raises(ValidationError) as refused:
        services.case_close(actor=worker, case_id=case.pk, reason="goals_met", closed_on=clock.today())
    assert "note" in refused.value.message_dict
    reloaded = Case.objects.get(pk=case.pk)
    visibility.open_texts(worker, [reloaded], purpose="test")
    assert (reloaded.status, reloaded.close_note) == (Case.Status.REVIEW, CLOSE_NOTE)


def test_a_value_copied_into_another_municipality_does_not_open(sealed_case, tskaltubo):
    token = _raw("child_support_case", "close_note", sealed_case["case"].pk)
    with schema_context(tskaltubo.schema_name):
        other = case_make(status=Case.Status.CLOSED)
        with connection.cursor() as cursor:
            cursor.execute("UPDATE child_support_case SET close_note = %s WHERE id = %s", [token, other.pk])
        copied = Case.objects.get(pk=other.pk)
        before = SpecialDataRead.objects.count()
        with pytest.raises(crypto.DecryptionError):
            visibility.open_texts(None, [copied], purpose="test")
        assert SpecialDataRead.objects.count() == before
        assert str(copied.close_note) == "••••••"


def test_the_api_lists_under_a_case_and_its_answers_to_writes_give_the_text(ambrolauri, sealed_case):
    case = sealed_case["case"]
    client = client_for(ambrolauri, "worker")
    api = f"/api/v1/child-support/cases/{case.pk}"
    referrals = {r["id"]: r for r in client.get(f"{api}/referrals/").json()}
    assert referrals[sealed_case["therapy"].pk]["reason"] == REASON
    assert referrals[sealed_case["clinic"].pk]["override_reason"] == OVERRIDE
    assert (
        SpecialDataRead.objects.filter(purpose="api:referrals", model="child_support.referral").count() == 2
    )
    (assessment,) = client.get(f"{api}/assessments/").json()
    notes = {n["domain"]: n["note"] for n in assessment["needs"]}
    assert (assessment["findings"], notes["health"], notes["food"]) == (FINDINGS, NOTE, "")
    (review,) = client.get(f"{api}/reviews/").json()
    assert review["conclusion"] == CONCLUSION

    # the answers to writes: the new assessment's needs, a referral moved on with its earlier reason
    client.post(f"{api}/reopen/", {"reason": "ოჯახი დაბრუნდა"}, content_type="application/json")
    needs = {domain: {"severity": 1} for domain in all_needs()} | {"health": {"severity": 2, "note": NOTE}}
    written = client.post(
        f"{api}/assessments/",
        {"assessed_on": str(clock.today()), "findings": FINDINGS, "needs": needs},
        content_type="application/json",
    )
    assert written.status_code == 201, written.content
    notes = {n["domain"]: n["note"] for n in written.json()["needs"]}
    assert (written.json()["findings"], notes["health"], notes["food"]) == (FINDINGS, NOTE, "")
    referral = client.post(
        f"{api}/referrals/",
        {"kind": "rehabilitation", "target": "ცენტრი", "referred_on": str(clock.today()), "reason": REASON},
        content_type="application/json",
    )
    assert referral.status_code == 201, referral.content
    moved = client.post(
        f"/api/v1/child-support/referrals/{referral.json()['id']}/status/",
        {"status": "rejected", "reason": STATUS_REASON},
        content_type="application/json",
    )
    assert moved.status_code == 200, moved.content
    assert (moved.json()["reason"], moved.json()["status_reason"]) == (REASON, STATUS_REASON)
