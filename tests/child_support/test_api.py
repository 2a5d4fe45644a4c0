"""The REST API under /api/v1/child-support/: a user sees exactly the cases the access rule allows,
404 (never 403) for a case that is not theirs, one audit row per read of a case's details, and every
bad input a 400 naming the field with nothing written."""

from __future__ import annotations

import datetime

import pytest

from child_support.models import (
    Assessment,
    Case,
    CaseAuditEntry,
    CaseEvent,
    CommissionMeeting,
    Plan,
    Provision,
    Referral,
    Review,
)
from tests.child_support.conftest import child_spec
from tests.conftest import client_for
from tests.queries import assert_get_query_count

API = "/api/v1/child-support"
DOMAINS = ("housing", "food", "health", "development", "education", "safety", "income", "care")
JSON = {"content_type": "application/json"}


def reads(case=None, **filters) -> list[tuple[str, str]]:
    rows = CaseAuditEntry.objects.filter(kind="read", **({"case_id": case.pk} if case else {}), **filters)
    return list(rows.order_by("id").values_list("user__username", "what"))


def counts() -> dict[str, int]:
    """Rows of every table a write of the API touches (to show a refused one wrote nothing)."""
    return {
        model.__name__: model.objects.count()
        for model in (Case, CaseEvent, CaseAuditEntry, Assessment, Review, Plan, Provision, Referral)
    }


def open_meeting(*cases, member="commission", status=CommissionMeeting.Status.OPEN) -> CommissionMeeting:
    from municipal_platform.accounts.models import User

    meeting = CommissionMeeting.objects.create(
        held_on=datetime.date(2025, 5, 5), title="სხდომა", status=status
    )
    meeting.members.add(User.objects.get(username=member))
    meeting.cases.add(*cases)
    return meeting


# --- who sees which case --------------------------------------------------------------------------------


def test_a_worker_lists_only_their_own_cases_without_any_child_s_name_and_no_read_is_written(
    ambrolauri, worker, other_worker, case_factory
):
    own = case_factory(children=[child_spec("ანანო"), child_spec("გიორგი")])
    case_factory(worker=other_worker, children=[child_spec("სალომე")])
    response = client_for(ambrolauri, "worker").get(f"{API}/cases/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    (row,) = body["results"]
    assert (row["id"], row["number"], row["children_count"]) == (own.pk, own.number, 2)
    assert row["assigned_worker"] == worker.pk
    assert "ანანო" not in response.content.decode() and "სალომე" not in response.content.decode()
    assert reads() == []


def test_the_head_lists_every_case_and_filters_by_status_and_year(ambrolauri, other_worker, case_factory):
    first = case_factory()
    second = case_factory(worker=other_worker, status=Case.Status.CLOSED)
    older = case_factory(opened_on=datetime.date(2024, 3, 1))
    head = client_for(ambrolauri, "head")
    numbers = lambda query="": [r["id"] for r in head.get(f"{API}/cases/{query}").json()["results"]]  # noqa: E731
    assert sorted(numbers()) == sorted([first.pk, second.pk, older.pk])
    assert numbers("?status=closed") == [second.pk]
    assert sorted(numbers("?year=2025")) == sorted([first.pk, second.pk])
    response = head.get(f"{API}/cases/?stauts=closed")
    assert response.status_code == 400 and list(response.json()) == ["stauts"]
    assert head.get(f"{API}/cases/?status=lost").status_code == 400


def test_a_commission_member_reads_the_cases_of_an_open_meeting_s_agenda_only(ambrolauri, case_factory):
    on_agenda, off_agenda = case_factory(), case_factory()
    restricted = case_factory(restricted=True)
    meeting = open_meeting(on_agenda, restricted)
    commission = client_for(ambrolauri, "commission")
    assert [r["id"] for r in commission.get(f"{API}/cases/").json()["results"]] == [on_agenda.pk]
    assert commission.get(f"{API}/cases/{on_agenda.pk}/").status_code == 200
    assert commission.get(f"{API}/cases/{off_agenda.pk}/").status_code == 404
    assert commission.get(f"{API}/cases/{restricted.pk}/").status_code == 404
    meeting.status = CommissionMeeting.Status.CLOSED
    meeting.save()
    assert commission.get(f"{API}/cases/").json()["count"] == 0
    assert commission.get(f"{API}/cases/{on_agenda.pk}/").status_code == 404
    assert reads() == [("commission", "api:case_detail")]


@pytest.mark.parametrize("username", ["council", "frontdesk", "officer"])
def test_other_roles_get_no_list_and_no_case(username, ambrolauri, case_factory):
    case = case_factory()
    client = client_for(ambrolauri, username)
    assert client.get(f"{API}/cases/").status_code == 403
    for path in ("", "assessments/", "reviews/", "plans/", "provisions/", "referrals/"):
        assert client.get(f"{API}/cases/{case.pk}/{path}").status_code == 404, path
    assert reads() == []


def test_another_worker_s_case_is_404_everywhere_and_leaves_no_trace(
    ambrolauri, other_worker, case_factory, aid_line
):
    case = case_factory()
    stranger = client_for(ambrolauri, "worker2")
    for path in ("", "assessments/", "reviews/", "plans/", "provisions/", "referrals/"):
        assert stranger.get(f"{API}/cases/{case.pk}/{path}").status_code == 404, path
    before = counts()
    # a valid body changes nothing either: the case is not there for them
    posts = {
        "assessments/": {
            "kind": "screening",
            "assessed_on": "2025-02-01",
            "findings": "x",
            "needs": {"food": {"severity": 1}},
        },
        "close/": {"reason": "goals_met", "closed_on": "2025-03-01"},
        "provisions/": {
            "category": "food",
            "budget_line": aid_line.pk,
            "delivered_on": "2025-02-01",
            "handed_over_by": "ა",
            "received_by": "ბ",
            "items": [{"name": "რძე", "quantity": "1", "unit_value": "10"}],
        },
        "referrals/": {"kind": "rehabilitation", "target": "ცენტრი", "referred_on": "2025-02-01"},
        "transfer/": {"worker": other_worker.pk, "reason": "x"},
    }
    for path, body in posts.items():
        assert stranger.post(f"{API}/cases/{case.pk}/{path}", body, **JSON).status_code == 404, path
    assert counts() == before
    assert stranger.get(f"{API}/cases/").json()["count"] == 0


# --- the detail and the audit of reads ---------------------------------------------------------------------


def test_the_detail_shows_children_assessment_plan_aid_and_referrals_and_each_get_is_one_audit_row(
    ambrolauri, worker, case_factory, aid_line
):
    from child_support import services

    case = case_factory(children=[child_spec("ანანო", personal_number="71234567890")])
    needs = {domain: {"severity": 2 if domain == "food" else 0} for domain in DOMAINS}
    assessment = services.assessment_record(
        actor=worker,
        case_id=case.pk,
        kind="assessment",
        assessed_on=datetime.date(2025, 2, 1),
        findings="f",
        needs=needs,
    )
    services.provision_record(
        actor=worker,
        case_id=case.pk,
        category="food",
        budget_line_id=aid_line.pk,
        delivered_on=datetime.date(2025, 2, 2),
        handed_over_by="ა",
        received_by="ბ",
        items=[{"name": "რძე", "quantity": 3, "unit_value": "10.50"}],
    )
    changes = CaseAuditEntry.objects.filter(kind="change").count()
    client = client_for(ambrolauri, "worker")
    body = client.get(f"{API}/cases/{case.pk}/").json()
    assert [c["first_name"] for c in body["children"]] == ["ანანო"]
    assert body["children"][0]["personal_number"] == "71234567890"
    assert body["latest_assessment"]["id"] == assessment.pk
    assert body["latest_assessment"]["risk_level"] == "medium"
    assert len(body["latest_assessment"]["needs"]) == 8
    assert body["active_plan"] is None
    assert body["aid"] == {
        "total": "31.50",
        "by_category": [{"category": "food", "provisions": 1, "total": "31.50"}],
    }
    assert body["referrals"] == []
    for path in ("assessments/", "reviews/", "plans/", "provisions/", "referrals/"):
        assert client.get(f"{API}/cases/{case.pk}/{path}").status_code == 200
    assert reads(case) == [
        ("worker", "api:case_detail"),
        ("worker", "api:assessments"),
        ("worker", "api:reviews"),
        ("worker", "api:plans"),
        ("worker", "api:provisions"),
        ("worker", "api:referrals"),
    ]
    # reading changed nothing
    assert CaseAuditEntry.objects.filter(kind="change").count() == changes
    client.get(f"{API}/cases/")
    assert len(reads(case)) == 6


def test_the_list_costs_the_same_queries_for_one_case_or_many(ambrolauri, case_factory):
    case_factory(children=[child_spec(), child_spec("ანა")])
    client = client_for(ambrolauri, "head")
    assert_get_query_count(client, f"{API}/cases/", 6)
    for _ in range(4):
        case_factory(children=[child_spec(), child_spec("ანა"), child_spec("ლუკა")])
    assert_get_query_count(client, f"{API}/cases/", 6)


def test_the_detail_costs_the_same_queries_however_much_the_case_holds(
    ambrolauri, worker, head, planned_case
):
    from child_support import services

    plan = services.plan_write(
        actor=worker,
        case_id=planned_case.pk,
        review_id=planned_case.review.pk,
        term="short",
        goals="g",
        next_review_on=datetime.date(2025, 8, 1),
        actions=[{"what": "a", "responsible": "b", "due_on": datetime.date(2025, 3, 1)}],
    )
    services.plan_approve(actor=head, plan_id=plan.pk)
    client = client_for(ambrolauri, "worker")
    url = f"{API}/cases/{planned_case.pk}/"
    assert_get_query_count(client, url, 16)
    needs = {domain: {"severity": 1} for domain in DOMAINS}
    services.assessment_record(
        actor=worker,
        case_id=planned_case.pk,
        kind="assessment",
        assessed_on=datetime.date(2025, 3, 1),
        findings="f",
        needs=needs,
    )
    services.referral_create(
        actor=worker,
        case_id=planned_case.pk,
        kind="rehabilitation",
        target="ბ",
        referred_on=datetime.date(2025, 3, 2),
    )
    services.child_add(
        actor=worker,
        case_id=planned_case.pk,
        child={
            "first_name": "ანა",
            "last_name": "ბ",
            "personal_number": "61001001009",
            "birth_date": datetime.date(2018, 1, 1),
            "sex": "female",
            "schooling": "school",
        },
    )
    assert_get_query_count(client, url, 16)


# --- writes: a case's life through the API ---------------------------------------------------------------


def new_case_body(**overrides) -> dict:
    body = {
        "source": "school",
        "opened_on": "2025-01-20",
        "household_data": {"settlement": "ამბროლაური", "address": "კოსტავას 3"},
        "children": [
            {
                "first_name": "ნიკა",
                "last_name": "ბერიძე",
                "personal_number": "61001001001",
                "birth_date": "2019-04-01",
                "sex": "male",
                "schooling": "kindergarten",
                "autism_diagnosis": True,
            }
        ],
    }
    body.update(overrides)
    return body


def test_a_case_s_whole_life_through_the_api(ambrolauri, worker, other_worker, aid_line):
    client, head = client_for(ambrolauri, "worker"), client_for(ambrolauri, "head")
    response = client.post(f"{API}/cases/", new_case_body(), **JSON)
    assert response.status_code == 201, response.json()
    case_id = response.json()["id"]
    assert response.json()["status"] == "intake" and response.json()["children_count"] == 1
    case = Case.objects.get(pk=case_id)
    assert case.assigned_worker == worker and case.children.get().autism_diagnosis

    needs = {domain: {"severity": 1 if domain in ("food", "income") else 0} for domain in DOMAINS}
    response = client.post(
        f"{API}/cases/{case_id}/assessments/",
        {"assessed_on": "2025-01-25", "findings": "ოჯახს სჭირდება", "needs": needs},
        **JSON,
    )
    assert response.status_code == 201, response.json()
    assessment_id = response.json()["id"]
    members = [
        {"user": worker.pk, "name": "", "role": "სოციალური მუშაკი"},
        {"name": "ნინო", "role": "ფსიქოლოგი"},
    ]
    response = client.post(
        f"{API}/cases/{case_id}/reviews/",
        {"assessment_id": assessment_id, "held_on": "2025-02-01", "conclusion": "გეგმა", "members": members},
        **JSON,
    )
    assert response.status_code == 201, response.json()
    review_id = response.json()["id"]
    assert len(response.json()["members"]) == 2
    response = client.post(
        f"{API}/cases/{case_id}/plans/",
        {
            "review_id": review_id,
            "term": "short",
            "goals": "სკოლისთვის მზადება",
            "next_review_on": "2025-08-01",
            "actions": [{"what": "სასკოლო ნივთები", "responsible": "მარიამი", "due_on": "2025-03-01"}],
        },
        **JSON,
    )
    assert response.status_code == 201, response.json()
    plan_id = response.json()["id"]
    assert response.json()["status"] == "draft"
    # the worker does not approve; the head does
    assert client.post(f"{API}/plans/{plan_id}/approve/").status_code == 403
    response = head.post(f"{API}/plans/{plan_id}/approve/")
    assert response.status_code == 200 and response.json()["status"] == "approved"
    action_id = response.json()["actions"][0]["id"]
    response = client.post(f"{API}/plan-actions/{action_id}/done/", {"done_on": "2025-02-20"}, **JSON)
    assert response.status_code == 200 and response.json()["done_on"] == "2025-02-20"

    response = client.post(
        f"{API}/cases/{case_id}/provisions/",
        {
            "category": "stationery",
            "budget_line": aid_line.pk,
            "delivered_on": "2025-03-01",
            "handed_over_by": "მარიამი",
            "received_by": "დედა",
            "items": [{"name": "რვეული", "quantity": "10", "unit_value": "2.50"}],
        },
        **JSON,
    )
    assert response.status_code == 201, response.json()
    assert response.json()["total"] == "25.00"
    response = client.post(
        f"{API}/cases/{case_id}/referrals/",
        {"kind": "rehabilitation", "target": "რეაბილიტაციის ცენტრი", "referred_on": "2025-03-02"},
        **JSON,
    )
    assert response.status_code == 201, response.json()
    referral_id = response.json()["id"]
    response = client.post(f"{API}/referrals/{referral_id}/status/", {"status": "accepted"}, **JSON)
    assert response.status_code == 200 and response.json()["status"] == "accepted"

    detail = client.get(f"{API}/cases/{case_id}/").json()
    assert detail["status"] == "plan_active"
    assert detail["active_plan"]["id"] == plan_id
    assert detail["aid"]["total"] == "25.00"
    assert [r["status"] for r in detail["referrals"]] == ["accepted"]

    response = client.post(
        f"{API}/cases/{case_id}/close/", {"reason": "goals_met", "closed_on": "2025-06-01"}, **JSON
    )
    assert response.status_code == 200 and response.json()["status"] == "closed"
    response = client.post(f"{API}/cases/{case_id}/reopen/", {"reason": "ახალი საჭიროება"}, **JSON)
    assert response.status_code == 200 and response.json()["status"] == "plan_active"
    assert (
        client.post(
            f"{API}/cases/{case_id}/transfer/", {"worker": other_worker.pk, "reason": "x"}, **JSON
        ).status_code
        == 403
    )
    response = head.post(
        f"{API}/cases/{case_id}/transfer/", {"worker": other_worker.pk, "reason": "შვებულება"}, **JSON
    )
    assert response.status_code == 200 and response.json()["assigned_worker"] == other_worker.pk
    # the case is no longer the first worker's
    assert client.get(f"{API}/cases/{case_id}/").status_code == 404

    assert list(CaseEvent.objects.filter(case_id=case_id).values_list("action", flat=True)) == [
        "opened",
        "assessed",
        "reviewed",
        "plan_written",
        "plan_approved",
        "action_done",
        "provision",
        "referral",
        "referral_status",
        "closed",
        "reopened",
        "transferred",
    ]
    # one audit row per read (the one detail) and per change
    assert reads(case) == [("worker", "api:case_detail")]
    assert CaseAuditEntry.objects.filter(case_id=case_id, kind="change").count() == 12


# --- bad input: 400 naming the field, nothing written -------------------------------------------------------


@pytest.fixture
def planned_case(worker, case_factory, aid_line):
    """A case with an assessment, a review and a draft plan, and an external referral in progress."""
    from child_support import services

    case = case_factory()
    needs = {domain: {"severity": 0} for domain in DOMAINS}
    assessment = services.assessment_record(
        actor=worker,
        case_id=case.pk,
        kind="assessment",
        assessed_on=datetime.date(2025, 2, 1),
        findings="f",
        needs=needs,
    )
    review = services.review_record(
        actor=worker,
        case_id=case.pk,
        assessment_id=assessment.pk,
        held_on=datetime.date(2025, 2, 10),
        conclusion="c",
        members=[{"name": "ა", "role": "ბ"}, {"name": "გ", "role": "დ"}],
    )
    services.referral_create(
        actor=worker,
        case_id=case.pk,
        kind="rehabilitation",
        target="ცენტრი",
        referred_on=datetime.date(2025, 2, 11),
    )
    case.review = review
    case.assessment = assessment
    return case


def bad_inputs(case, aid_line) -> list[tuple[str, dict, str]]:
    """(path under the case, body, the field the answer names)."""
    needs = {domain: {"severity": 0} for domain in DOMAINS}
    return [
        (
            "assessments/",
            {"assessed_on": "2025-02-01", "findings": "f", "needs": {"food": {"severity": 1}}},
            "needs",
        ),
        (
            "assessments/",
            {"assessed_on": "2025-02-01", "findings": "f", "needs": {"weather": {"severity": 1}}},
            "needs",
        ),
        ("assessments/", {"assessed_on": "2024-12-01", "findings": "f", "needs": needs}, "assessed_on"),
        ("assessments/", {"assessed_on": "2099-01-01", "findings": "f", "needs": needs}, "assessed_on"),
        (
            "reviews/",
            {
                "assessment_id": case.assessment.pk,
                "held_on": "2025-01-20",
                "conclusion": "c",
                "members": [{"name": "ა", "role": "ბ"}, {"name": "გ", "role": "დ"}],
            },
            "held_on",
        ),
        (
            "reviews/",
            {
                "assessment_id": case.assessment.pk,
                "held_on": "2025-02-20",
                "conclusion": "c",
                "members": [{"name": "ა", "role": "ბ"}],
            },
            "members",
        ),
        (
            "plans/",
            {
                "review_id": case.review.pk,
                "term": "short",
                "goals": " ",
                "next_review_on": "2025-08-01",
                "actions": [{"what": "a", "responsible": "b", "due_on": "2025-03-01"}],
            },
            "goals",
        ),
        (
            "plans/",
            {
                "review_id": case.review.pk,
                "term": "short",
                "goals": "g",
                "next_review_on": "2025-08-01",
                "actions": [{"what": "a", "responsible": "b", "due_on": "2025-02-01"}],
            },
            "actions",
        ),
        (
            "plans/",
            {
                "review_id": case.review.pk,
                "term": "short",
                "goals": "g",
                "next_review_on": "2025-02-01",
                "actions": [{"what": "a", "responsible": "b", "due_on": "2025-03-01"}],
            },
            "next_review_on",
        ),
        (
            "provisions/",
            {
                "category": "appliances",
                "budget_line": aid_line.pk,
                "delivered_on": "2025-03-01",
                "handed_over_by": "ა",
                "received_by": "ბ",
                "items": [{"name": "მაცივარი", "quantity": "1", "unit_value": "2000.01"}],
            },
            "total",
        ),
        (
            "provisions/",
            {
                "category": "food",
                "budget_line": aid_line.pk,
                "delivered_on": "2025-03-01",
                "handed_over_by": "ა",
                "received_by": "ბ",
                "items": [],
            },
            "items",
        ),
        ("referrals/", {"kind": "rehabilitation", "target": "", "referred_on": "2025-03-01"}, "target"),
        ("referrals/", {"kind": "health", "target": "პოლიკლინიკა", "referred_on": "2025-03-01"}, "consent"),
        ("close/", {"reason": "goals_met", "closed_on": "2025-06-01"}, "note"),
        ("close/", {"reason": "forgotten", "closed_on": "2025-06-01"}, "reason"),
        ("reopen/", {"reason": "again"}, "case"),
    ]


def test_each_bad_input_is_a_400_naming_the_field_and_nothing_is_written(ambrolauri, planned_case, aid_line):
    client = client_for(ambrolauri, "worker")
    before = counts()
    for path, body, field in bad_inputs(planned_case, aid_line):
        response = client.post(f"{API}/cases/{planned_case.pk}/{path}", body, **JSON)
        assert response.status_code == 400, (path, body, response.content)
        assert field in response.json(), (path, field, response.json())
        assert response.json()[field], (path, field)
    assert counts() == before


def test_opening_a_case_with_bad_input_names_the_field_and_writes_nothing(ambrolauri, in_ambrolauri):
    client = client_for(ambrolauri, "worker")
    adult = new_case_body()
    adult["children"][0]["birth_date"] = "2005-01-01"
    cases = [
        (adult, "children"),
        (new_case_body(children=[]), "children"),
        (new_case_body(opened_on="2099-01-01"), "opened_on"),
        (new_case_body(household_data=None), "household"),
        (new_case_body(household=987654), "household"),
        (new_case_body(source="rumour"), "source"),
    ]
    before = counts()
    for body, field in cases:
        response = client.post(f"{API}/cases/", body, **JSON)
        assert response.status_code == 400, (body, response.content)
        assert field in response.json(), (field, response.json())
    assert counts() == before


def test_the_head_only_steps_are_refused_to_the_worker_and_nothing_is_written(
    ambrolauri, planned_case, other_worker
):
    from child_support import services
    from municipal_platform.accounts.models import User

    head = User.objects.get(username="head")
    plan = services.plan_write(
        actor=head,
        case_id=planned_case.pk,
        review_id=planned_case.review.pk,
        term="short",
        goals="g",
        next_review_on=datetime.date(2025, 8, 1),
        actions=[{"what": "a", "responsible": "b", "due_on": datetime.date(2025, 3, 1)}],
    )
    client = client_for(ambrolauri, "worker")
    before = counts()
    assert client.post(f"{API}/plans/{plan.pk}/approve/").status_code == 403
    response = client.post(
        f"{API}/cases/{planned_case.pk}/transfer/", {"worker": other_worker.pk, "reason": "r"}, **JSON
    )
    assert response.status_code == 403
    assert counts() == before
    # a plan or referral of another worker's case, or one that does not exist: 404
    stranger = client_for(ambrolauri, "worker2")
    referral = planned_case.referrals.get()
    assert client_for(ambrolauri, "head").post(f"{API}/plans/{plan.pk + 1000}/approve/").status_code == 404
    assert (
        stranger.post(f"{API}/referrals/{referral.pk}/status/", {"status": "accepted"}, **JSON).status_code
        == 404
    )
    assert counts() == before


# --- the schema ----------------------------------------------------------------------------------------------


def test_the_openapi_schema_documents_the_child_support_api(ambrolauri):
    response = client_for(ambrolauri, "head").get("/api/schema/?format=json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path, methods in {
        "/api/v1/child-support/cases/": ("get", "post"),
        "/api/v1/child-support/cases/{id}/": ("get",),
        "/api/v1/child-support/cases/{id}/assessments/": ("get", "post"),
        "/api/v1/child-support/cases/{id}/reviews/": ("get", "post"),
        "/api/v1/child-support/cases/{id}/plans/": ("get", "post"),
        "/api/v1/child-support/plans/{id}/approve/": ("post",),
        "/api/v1/child-support/plan-actions/{id}/done/": ("post",),
        "/api/v1/child-support/cases/{id}/provisions/": ("get", "post"),
        "/api/v1/child-support/cases/{id}/referrals/": ("get", "post"),
        "/api/v1/child-support/referrals/{id}/status/": ("post",),
        "/api/v1/child-support/cases/{id}/close/": ("post",),
        "/api/v1/child-support/cases/{id}/reopen/": ("post",),
        "/api/v1/child-support/cases/{id}/transfer/": ("post",),
        "/api/v1/child-support/reports/yearly/": ("get",),
    }.items():
        assert path in paths, path
        assert set(methods) <= set(paths[path]), (path, list(paths[path]))
        for method in methods:
            assert "404" in paths[path][method]["responses"] or "{" not in path
    listing = {p["name"] for p in paths["/api/v1/child-support/cases/"]["get"]["parameters"]}
    assert {"status", "year", "page", "page_size"} <= listing


# --- referrals: the consent gate and the violence referral -----------------------------------------------


def test_an_external_referral_passes_with_the_guardian_s_consent_or_the_head_s_override(
    ambrolauri, case_factory
):
    from municipal_platform.accounts.models import User
    from programmes.models import Consent, Person

    case = case_factory()
    guardian = Person.objects.create(
        household=case.household,
        first_name="ნანა",
        last_name="ბერიძე",
        personal_number="61001002001",
        sex="female",
    )
    consent = Consent.objects.create(
        person=guardian, purpose=Consent.Purpose.REFERRAL, given_on=datetime.date(2025, 2, 1)
    )
    worker, head = client_for(ambrolauri, "worker"), client_for(ambrolauri, "head")
    url = f"{API}/cases/{case.pk}/referrals/"
    body = {"kind": "state_agency", "target": "სოციალური მომსახურების სააგენტო", "referred_on": "2025-02-05"}
    before = counts()
    response = worker.post(url, {**body, "override_reason": "მეურვე არ ჩანს"}, **JSON)
    assert response.status_code == 400 and list(response.json()) == ["override_reason"]
    response = worker.post(url, {**body, "referred_on": "2025-01-20", "consent": consent.pk}, **JSON)
    assert response.status_code == 400 and list(response.json()) == ["consent"]
    assert counts() == before

    response = worker.post(url, {**body, "consent": consent.pk}, **JSON)
    assert response.status_code == 201, response.json()
    assert response.json()["consent"] == consent.pk
    response = head.post(url, {**body, "override_reason": "მეურვე არ ჩანს"}, **JSON)
    assert response.status_code == 201, response.json()
    assert response.json()["override_reason"] == "მეურვე არ ჩანს"
    assert response.json()["override_by"] == User.objects.get(username="head").pk


def test_a_violence_referral_through_the_api_restricts_the_case_at_once(ambrolauri, case_factory):
    from municipal_platform.outbox.models import OutboxMessage

    case = case_factory()
    open_meeting(case)
    commission = client_for(ambrolauri, "commission")
    assert commission.get(f"{API}/cases/{case.pk}/").status_code == 200
    response = client_for(ambrolauri, "worker").post(
        f"{API}/cases/{case.pk}/referrals/",
        {"kind": "police", "target": "პოლიცია", "referred_on": "2025-02-05", "is_violence": True},
        **JSON,
    )
    assert response.status_code == 201, response.json()
    assert response.json()["is_violence"] is True
    assert OutboxMessage.objects.filter(kind="child_support.violence").count() == 1
    # from now on only the worker and the head of service read it, even before an open meeting
    assert commission.get(f"{API}/cases/{case.pk}/").status_code == 404
    assert commission.get(f"{API}/cases/").json()["count"] == 0
    assert client_for(ambrolauri, "head").get(f"{API}/cases/{case.pk}/").json()["restricted"] is True
