"""The case pages: who opens them, in Georgian and English, another worker's 404, the services' messages
on the forms, a whole case's journey through the pages with one audit row per read, and the query
counts of the list and the case page."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from child_support import services
from child_support.models import (
    Assessment,
    AssessmentNeed,
    Case,
    CaseAuditEntry,
    CaseChild,
    CommissionMeeting,
    Notification,
    Plan,
    PlanAction,
    Provision,
    Referral,
    Review,
)
from tests.child_support.conftest import OPENED_ON, personal_number
from tests.conftest import client_for
from tests.queries import assert_get_query_count

DAY = datetime.date(2025, 2, 1)


def page(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


def reads(case: Case) -> int:
    return CaseAuditEntry.objects.filter(case_id=case.pk, kind=CaseAuditEntry.Kind.READ).count()


def english(client):
    client.cookies["django_language"] = "en"
    return client


# --- who opens what ------------------------------------------------------------------------------------


def test_the_worker_lists_their_own_cases_in_georgian_and_english(ambrolauri, case_factory, other_worker):
    mine = case_factory()
    theirs = case_factory(worker=other_worker)
    client = client_for(ambrolauri, "worker")
    georgian = page(client, "/cases/")
    assert mine.number in georgian and theirs.number not in georgian
    assert '<html lang="ka"' in georgian  # Georgian by default (its msgids are translated by the lead)
    text = page(english(client), "/cases/")
    assert (
        '<html lang="en"' in text and "My cases" in text and mine.number in text and theirs.number not in text
    )


def test_the_head_lists_every_case_and_filters_by_worker(ambrolauri, case_factory, other_worker):
    mine = case_factory()
    theirs = case_factory(worker=other_worker)
    client = english(client_for(ambrolauri, "head"))
    text = page(client, "/cases/")
    assert mine.number in text and theirs.number in text
    text = page(client, f"/cases/?worker={other_worker.pk}")
    assert theirs.number in text and mine.number not in text


def test_overdue_cases_come_first_and_are_marked(ambrolauri, case_factory, users):
    calm = case_factory()
    late = case_factory()
    review = Review.objects.create(
        case=late,
        assessment=Assessment.objects.create(
            case=late, assessed_on=DAY, assessed_by=users["worker"], findings="x", risk_level="low"
        ),
        held_on=DAY,
        conclusion="x",
        recorded_by=users["worker"],
    )
    plan = Plan.objects.create(
        case=late,
        review=review,
        version=1,
        term="short",
        goals="x",
        next_review_on=datetime.date(2025, 6, 1),
        status=Plan.Status.APPROVED,
        written_by=users["worker"],
        approved_by=users["head"],
        approved_on=DAY,
    )
    PlanAction.objects.create(plan=plan, what="x", responsible="x", due_on=datetime.date(2025, 3, 1))
    text = page(english(client_for(ambrolauri, "worker")), "/cases/")
    assert text.index(late.number) < text.index(calm.number)
    assert "review overdue" in text and "1 action overdue" in text


@pytest.mark.parametrize("username", ["council", "frontdesk", "officer", "commission"])
def test_other_roles_do_not_open_the_case_list(ambrolauri, username):
    assert client_for(ambrolauri, username).get("/cases/").status_code == 403


def test_the_case_page_is_its_worker_s_and_the_head_s_only(ambrolauri, case_factory, other_worker):
    case = case_factory(children=[{"first_name": "ანანო", "birth_date": datetime.date(2019, 1, 1)}])
    url = f"/cases/{case.pk}/"
    for username in ("worker", "head"):
        for language in ("ka", "en"):
            client = client_for(ambrolauri, username)
            client.cookies["django_language"] = language
            text = page(client, url)
            assert case.number in text and "ანანო" in text and f'<html lang="{language}"' in text
    assert "Children" in page(english(client_for(ambrolauri, "worker")), url)
    # another social worker, a commission member with no open meeting, the council: the case does not exist
    assert client_for(ambrolauri, "worker2").get(url).status_code == 404
    assert client_for(ambrolauri, "commission").get(url).status_code == 404
    assert client_for(ambrolauri, "council").get(url).status_code == 403
    for form in ("assessments/new/", "plans/new/", "aid/new/", "referrals/new/", "close/"):
        assert client_for(ambrolauri, "worker2").get(url + form).status_code == 404


def test_a_commission_member_reads_an_agenda_case_only_while_the_meeting_sits(
    ambrolauri, case_factory, users
):
    case = case_factory()
    meeting = CommissionMeeting.objects.create(held_on=DAY, title="სხდომა")
    meeting.members.add(users["commission"])
    meeting.cases.add(case)
    client = english(client_for(ambrolauri, "commission"))
    assert client.get(f"/cases/{case.pk}/").status_code == 404
    assert f"/cases/{case.pk}/" not in page(client, f"/cases/meetings/{meeting.pk}/")
    meeting.status = CommissionMeeting.Status.OPEN
    meeting.save()
    assert f"/cases/{case.pk}/" in page(client, f"/cases/meetings/{meeting.pk}/")
    text = page(client, f"/cases/{case.pk}/")
    assert "You read this case; you do not change it." in text
    assert f"/cases/{case.pk}/assessments/new/" not in text
    # reading is not changing
    assert client.get(f"/cases/{case.pk}/assessments/new/").status_code == 403
    assert client.post(f"/cases/{meeting.pk}/", {}).status_code == 405


def test_the_head_sees_audit_trails_and_the_inbox(ambrolauri, case_factory, users):
    case = case_factory()
    referral = Referral.objects.create(
        case=case,
        kind="police",
        target="პოლიცია",
        referred_on=DAY,
        is_violence=True,
        created_by=users["worker"],
    )
    notice = Notification.objects.create(
        user=users["head"], kind="violence_referral", case=case, referral=referral
    )
    head = english(client_for(ambrolauri, "head"))
    page(client_for(ambrolauri, "worker"), f"/cases/{case.pk}/")
    text = page(head, f"/cases/{case.pk}/audit/")
    assert "page:case_detail" in text and users["worker"].get_full_name() in text and case.number in text
    assert "page:case_detail" in page(head, f"/cases/users/{users['worker'].pk}/audit/")
    text = page(head, "/cases/notifications/")
    assert case.number in text and 'id="unread-count">1<' in text
    assert head.post(f"/cases/notifications/{notice.pk}/read/").status_code == 302
    notice.refresh_from_db()
    assert notice.read_at is not None
    assert 'id="unread-count"' not in page(head, "/cases/notifications/")
    for username in ("worker", "commission", "council"):
        assert client_for(ambrolauri, username).get("/cases/notifications/").status_code == 403
        assert client_for(ambrolauri, username).get(f"/cases/{case.pk}/audit/").status_code == 403


# --- the forms show the services' messages -------------------------------------------------------------


def child_row(prefix: str, index: int, **values) -> dict:
    row = {
        "first_name": "გიორგი",
        "last_name": "ბერიძე",
        "personal_number": personal_number(),
        "birth_date": "2018-04-04",
        "sex": "male",
        "disability": "none",
        "orphan": "no",
        "schooling": "school",
        "institution": "",
        **values,
    }
    return {f"{prefix}-{index}-{key}": value for key, value in row.items()}


def formset(prefix: str, rows: list[dict], total: int = 3) -> dict:
    data = {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": "0"}
    for row in rows:
        data.update(row)
    return data


def open_case_data(**overrides) -> dict:
    data = {
        "household_of": "",
        "settlement": "ამბროლაური",
        "address": "კოსტავას 3",
        "source": "school",
        "source_detail": "",
        "opened_on": "2025-02-01",
        **formset("children", [child_row("children", 0)]),
    }
    data.update(overrides)
    return data


def test_a_child_of_18_is_refused_next_to_the_children_and_nothing_is_written(ambrolauri, in_ambrolauri):
    client = english(client_for(ambrolauri, "worker"))
    data = open_case_data(**child_row("children", 0, first_name="ლევანი", birth_date="2005-01-01"))
    response = client.post("/cases/new/", data)
    assert response.status_code == 422
    assert "ლევანი" in response.context["sections"]["children"][0]
    assert "18" in response.content.decode()
    assert not Case.objects.exists()


def test_the_open_form_names_its_own_missing_fields(ambrolauri, in_ambrolauri):
    client = english(client_for(ambrolauri, "worker"))
    response = client.post("/cases/new/", open_case_data(source="", settlement=""))
    assert response.status_code == 422
    assert set(response.context["form"].errors) == {"source", "settlement"}
    assert not Case.objects.exists()


def test_a_plan_without_goals_shows_the_service_s_message(ambrolauri, case_factory, users):
    case = case_factory(status=Case.Status.REVIEW)
    assessment = Assessment.objects.create(
        case=case, assessed_on=DAY, assessed_by=users["worker"], findings="x", risk_level="low"
    )
    review = Review.objects.create(
        case=case, assessment=assessment, held_on=DAY, conclusion="x", recorded_by=users["worker"]
    )
    client = english(client_for(ambrolauri, "worker"))
    data = {
        "review": review.pk,
        "term": "short",
        "goals": "",
        "next_review_on": "2025-08-01",
        **formset(
            "actions",
            [{"actions-0-what": "x", "actions-0-responsible": "y", "actions-0-due_on": "2025-03-01"}],
        ),
    }
    response = client.post(f"/cases/{case.pk}/plans/new/", data)
    assert response.status_code == 422
    assert response.context["form"].errors["goals"] == ["A plan needs at least one goal."]
    assert not Plan.objects.exists()


def test_aid_over_the_family_cap_is_refused_with_what_remains(ambrolauri, case_factory, aid_line):
    case = case_factory()
    client = english(client_for(ambrolauri, "worker"))
    data = {
        "category": "appliances",
        "budget_line": aid_line.pk,
        "delivered_on": "2025-03-01",
        "handed_over_by": "მარიამ",
        "received_by": "დედა",
        **formset(
            "items", [{"items-0-name": "მაცივარი", "items-0-quantity": "1", "items-0-unit_value": "2500"}]
        ),
    }
    response = client.post(f"/cases/{case.pk}/aid/new/", data)
    assert response.status_code == 422
    assert "2,000.00" in " ".join(response.context["sections"]["total"])
    assert not Provision.objects.exists()


# --- a case's journey through the pages -----------------------------------------------------------------


def test_a_case_goes_through_the_pages_with_one_audit_row_per_read(
    ambrolauri, in_ambrolauri, users, aid_line
):
    worker = english(client_for(ambrolauri, "worker"))
    head = english(client_for(ambrolauri, "head"))
    data = open_case_data(**child_row("children", 0, first_name="თამარი", birth_date="2017-06-06"))
    response = worker.post("/cases/new/", data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    case = Case.objects.get()
    assert response["Location"] == f"/cases/{case.pk}/"
    url = response["Location"]
    case_reads = 0

    def read(client):
        nonlocal case_reads
        case_reads += 1
        return page(client, url)

    assert "თამარი" in read(worker)
    needs = {
        f"severity_{d}": "1" if d in ("food", "income", "care") else "0"
        for d in ("housing", "food", "health", "development", "education", "safety", "income", "care")
    }
    response = worker.post(
        f"{url}assessments/new/",
        {"kind": "assessment", "assessed_on": "2025-02-02", "findings": "სიღარიბე", **needs},
    )
    case_reads += 1  # the form page reads the case
    assert response.status_code == 302
    assert "Medium" in read(worker)
    assessment = Assessment.objects.get()
    members = [
        {"members-0-user": users["worker"].pk, "members-0-role": "სოციალური მუშაკი"},
        {"members-1-name": "ნინო", "members-1-role": "ფსიქოლოგი"},
    ]
    response = worker.post(
        f"{url}reviews/new/",
        {
            "assessment": assessment.pk,
            "held_on": "2025-02-03",
            "conclusion": "გეგმა",
            **formset("members", members, 4),
        },
    )
    case_reads += 1
    assert response.status_code == 302
    review = Review.objects.get()
    assert review.members.count() == 2
    plan_data = {
        "review": review.pk,
        "term": "short",
        "goals": "სკოლა",
        "next_review_on": "2025-08-01",
        **formset(
            "actions",
            [
                {
                    "actions-0-what": "ჩანთა",
                    "actions-0-responsible": "მუშაკი",
                    "actions-0-due_on": "2025-03-01",
                }
            ],
        ),
    }
    assert worker.post(f"{url}plans/new/", plan_data).status_code == 302
    case_reads += 1
    plan = Plan.objects.get()
    text = read(worker)
    assert "Waiting for approval" in text and f"plans/{plan.pk}/approve/" not in text
    assert head.post(f"{url}plans/{plan.pk}/approve/").status_code == 302
    text = read(head)
    assert "Approved, active" in text and "approved by" in text
    # a revision starts from the current version
    assert "სკოლა" in page(worker, f"{url}plans/new/")
    case_reads += 1
    action = PlanAction.objects.get()
    assert worker.post(f"{url}actions/{action.pk}/done/").status_code == 302
    action.refresh_from_db()
    assert action.done_on is not None
    aid = {
        "category": "stationery",
        "budget_line": aid_line.pk,
        "delivered_on": "2025-03-02",
        "handed_over_by": "მარიამ",
        "received_by": "დედა",
        **formset(
            "items", [{"items-0-name": "რვეული", "items-0-quantity": "10", "items-0-unit_value": "2.50"}]
        ),
    }
    assert worker.post(f"{url}aid/new/", aid).status_code == 302
    case_reads += 1
    assert Provision.objects.get().total == Decimal("25.00")
    closing = {"reason": "goals_met", "closed_on": "2025-04-01", "note": ""}
    assert worker.post(f"{url}close/", closing).status_code == 302
    case_reads += 1
    text = read(worker)
    assert "Closed" in text and "Reopen the case" in text
    assert "The family received 25.00 GEL in 2025 (all its cases); 1975.00 GEL remain" in text
    assert reads(case) == case_reads
    # the trail shows them, newest first, for the head
    assert "page:case_detail" in page(head, f"{url}audit/")


def test_a_violence_referral_warns_before_and_restricts_after(ambrolauri, case_factory):
    case = case_factory()
    client = english(client_for(ambrolauri, "worker"))
    text = page(client, f"/cases/{case.pk}/referrals/new/")
    assert "cannot be undone" in text and "restricted for good" in text
    child = CaseChild.objects.get(case=case)
    response = client.post(
        f"/cases/{case.pk}/referrals/new/",
        {
            "kind": "police",
            "direction": "outgoing",
            "child": child.pk,
            "target": "პოლიცია",
            "referred_on": "2025-02-02",
            "is_violence": "on",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.restricted
    assert "Restricted" in page(client, f"/cases/{case.pk}/")


def test_an_outside_referral_without_consent_is_refused_for_a_worker(ambrolauri, case_factory):
    case = case_factory()
    client = english(client_for(ambrolauri, "worker"))
    response = client.post(
        f"/cases/{case.pk}/referrals/new/",
        {"kind": "health", "direction": "outgoing", "target": "პოლიკლინიკა", "referred_on": "2025-02-02"},
    )
    assert response.status_code == 422
    assert "consent" in response.context["form"].errors
    assert not Referral.objects.exists()


def test_the_head_plans_a_meeting_and_opens_it(ambrolauri, case_factory, users):
    case = case_factory()
    head = english(client_for(ambrolauri, "head"))
    response = head.post(
        "/cases/meetings/new/",
        {"held_on": "2025-03-03", "title": "კომისია", "members": [users["commission"].pk]},
    )
    assert response.status_code == 302
    meeting = CommissionMeeting.objects.get()
    assert head.post(response["Location"], {"do": "agenda", "cases": [case.pk]}).status_code == 302
    assert head.post(response["Location"], {"do": "open"}).status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == "open" and list(meeting.cases.all()) == [case]
    commission = english(client_for(ambrolauri, "commission"))
    assert "კომისია" in page(commission, "/cases/meetings/")
    assert f'href="/cases/{case.pk}/"' in page(commission, f"/cases/meetings/{meeting.pk}/")


# --- query counts ---------------------------------------------------------------------------------------


def test_the_case_list_costs_the_same_whatever_the_number_of_cases(ambrolauri, case_factory):
    case_factory()
    client = client_for(ambrolauri, "worker")
    assert_get_query_count(client, "/cases/", LIST_QUERIES)
    for _ in range(4):
        case_factory(children=[{"first_name": "ა", "birth_date": datetime.date(2019, 1, 1)}] * 1)
    assert_get_query_count(client, "/cases/", LIST_QUERIES)


def test_the_heads_list_comes_a_page_at_a_time_most_urgent_first(ambrolauri, case_factory, monkeypatch):
    """A head of service reads every open case of the municipality: thousands in a big one."""
    from child_support.views import cases as case_views

    monkeypatch.setattr(case_views, "CASES_PER_PAGE", 3)
    for _ in range(4):
        case_factory()
    client = client_for(ambrolauri, "head")
    client.cookies["django_language"] = "en"
    first = client.get("/cases/")
    assert (
        first.content.decode().count('href="/cases/') - first.content.decode().count('href="/cases/new/') >= 3
    )
    assert "Page 1 of 2" in first.content.decode()
    second = client.get("/cases/?page=2")
    assert [c.pk for c in second.context["cases"]] != [c.pk for c in first.context["cases"]]
    assert len(second.context["cases"]) == 1 and "Page 2 of 2" in second.content.decode()
    assert client.get("/cases/?page=999").context["cases"].number == 2  # past the end: the last page


def fill(case, users, line, times: int) -> None:
    """``times`` rows of every kind the case page shows, through the services."""
    day = datetime.date(2025, 2, 1)
    worker, head = users["worker"], users["head"]
    for _ in range(times):
        assessment = services.assessment_record(
            actor=worker,
            case_id=case.pk,
            kind="assessment",
            assessed_on=day,
            findings="x",
            needs={domain: {"severity": 1, "note": ""} for domain in AssessmentNeed.Domain.values},
        )
        review = services.review_record(
            actor=worker,
            case_id=case.pk,
            assessment_id=assessment.pk,
            held_on=day,
            conclusion="x",
            members=[{"user": None, "name": f"წევრი {m}", "role": "x"} for m in range(times + 1)],
        )
        services.plan_write(
            actor=worker,
            case_id=case.pk,
            review_id=review.pk,
            term="short",
            goals="x",
            next_review_on=datetime.date(2025, 8, 1),
            actions=[{"what": "x", "responsible": "y", "due_on": datetime.date(2025, 3, 1)}] * times,
        )
        services.provision_record(
            actor=worker,
            case_id=case.pk,
            category="food",
            budget_line_id=line.pk,
            delivered_on=datetime.date(2025, 3, 1),
            handed_over_by="x",
            received_by="y",
            items=[{"name": "პური", "quantity": Decimal(2), "unit_value": Decimal(3)}] * times,
        )
        services.referral_create(
            actor=head, case_id=case.pk, kind="health", target="x", referred_on=day, override_reason="x"
        )


def test_the_case_page_costs_the_same_whatever_it_holds(ambrolauri, case_factory, users, aid_line):
    small = case_factory()
    big = case_factory(children=[{"first_name": n, "birth_date": datetime.date(2018, 1, 1)} for n in "აბგ"])
    # one row of every kind against several (a kind with no rows skips its prefetch's query)
    fill(small, users, aid_line, 1)
    fill(big, users, aid_line, 3)
    client = client_for(ambrolauri, "worker")
    assert_get_query_count(client, f"/cases/{small.pk}/", DETAIL_QUERIES)
    assert_get_query_count(client, f"/cases/{big.pk}/", DETAIL_QUERIES)


LIST_QUERIES = 6  # with the page's count of cases
# this year's and last aid's year: the family's aid and cap of each; one insert of the sealed texts' reads
DETAIL_QUERIES = 23
_ = OPENED_ON


def test_every_form_page_opens_for_the_case_s_worker_in_both_languages(ambrolauri, case_factory, users):
    case = case_factory()
    closed = case_factory(status=Case.Status.CLOSED)
    forms = [f"/cases/{case.pk}/{p}" for p in ("assessments/new/", "reviews/new/", "plans/new/", "aid/new/")]
    forms += [f"/cases/{case.pk}/referrals/new/", f"/cases/{case.pk}/close/", f"/cases/{closed.pk}/reopen/"]
    for language in ("ka", "en"):
        worker = client_for(ambrolauri, "worker")
        worker.cookies["django_language"] = language
        for url in [*forms, "/cases/new/"]:
            assert f'<html lang="{language}"' in page(worker, url)
        head = client_for(ambrolauri, "head")
        head.cookies["django_language"] = language
        for url in (f"/cases/{case.pk}/transfer/", "/cases/meetings/new/", "/cases/meetings/"):
            assert f'<html lang="{language}"' in page(head, url)
    assert client_for(ambrolauri, "worker").get(f"/cases/{case.pk}/transfer/").status_code == 403


def test_another_worker_s_posts_find_no_case_and_change_nothing(
    ambrolauri, case_factory, users, other_worker
):
    case = case_factory()
    client = client_for(ambrolauri, "worker2")
    closing = {"reason": "goals_met", "closed_on": "2025-04-01", "note": ""}
    assert client.post(f"/cases/{case.pk}/close/", closing).status_code == 404
    assessment = {"kind": "screening", "assessed_on": "2025-02-02", "findings": "x", "severity_food": "1"}
    assert client.post(f"/cases/{case.pk}/assessments/new/", assessment).status_code == 404
    case.refresh_from_db()
    assert case.status == Case.Status.ASSESSMENT and not Assessment.objects.exists()


def test_a_case_opens_for_a_household_already_in_the_register(ambrolauri, case_factory):
    earlier = case_factory(status=Case.Status.CLOSED)
    mother = earlier.household.members.create(
        first_name="ნანა", last_name="ბერიძე", personal_number=personal_number(), sex="female"
    )
    client = client_for(ambrolauri, "worker")
    response = client.post("/cases/new/", open_case_data(household_of=mother.personal_number, settlement=""))
    assert response.status_code == 302
    assert Case.objects.exclude(pk=earlier.pk).get().household == earlier.household
    response = client.post("/cases/new/", open_case_data(household_of="01234567890", settlement=""))
    assert response.status_code == 422 and "household_of" in response.context["form"].errors


def test_the_head_assigns_a_new_case_to_a_worker(ambrolauri, in_ambrolauri, users, other_worker):
    client = client_for(ambrolauri, "head")
    response = client.post("/cases/new/", open_case_data(assigned_worker=other_worker.pk))
    assert response.status_code == 302
    assert Case.objects.get().assigned_worker == other_worker


def test_an_outside_referral_rests_on_the_guardian_s_consent_or_the_head_s_override(ambrolauri, case_factory):
    from programmes.models import Consent

    case = case_factory()
    mother = case.household.members.create(
        first_name="ნანა", last_name="ბერიძე", personal_number=personal_number(), sex="female"
    )
    consent = Consent.objects.create(person=mother, purpose=Consent.Purpose.REFERRAL, given_on=DAY)
    referral = {
        "kind": "health",
        "direction": "outgoing",
        "target": "პოლიკლინიკა",
        "referred_on": "2025-02-02",
    }
    worker = english(client_for(ambrolauri, "worker"))
    text = page(worker, f"/cases/{case.pk}/referrals/new/")
    assert "ნანა ბერიძე" in text and "override_reason" not in text
    assert (
        worker.post(f"/cases/{case.pk}/referrals/new/", {**referral, "consent": consent.pk}).status_code
        == 302
    )
    head = english(client_for(ambrolauri, "head"))
    assert 'name="override_reason"' in page(head, f"/cases/{case.pk}/referrals/new/")
    response = head.post(
        f"/cases/{case.pk}/referrals/new/", {**referral, "override_reason": "მეურვე არ ჩანს"}
    )
    assert response.status_code == 302
    with_consent, overridden = Referral.objects.order_by("pk")
    assert with_consent.consent == consent and overridden.override_by.username == "head"


def test_the_history_reads_choices_and_yes_or_no_as_the_reader_knows_them():
    from django.utils import translation

    from child_support.templatetags.child_support_pages import change_lines

    with translation.override("en"):
        closed = change_lines(
            {"reason": "goals_met", "restricted": True, "status": ["plan_active", "closed"]}, "closed"
        )
        referred = change_lines({"kind": "police", "reason": "ძალადობის ნიშნები"}, "violence")
    assert closed == [
        "reason for closing: The plan's goals are met",
        "restricted (violence): yes",
        "status: Plan active → Closed",
    ]
    assert referred == ["kind: Police", "reason for the referral: ძალადობის ნიშნები"]


def test_the_audit_trail_names_pages_endpoints_and_changes_in_the_readers_language():
    from django.utils import translation

    from child_support.templatetags.child_support_pages import audit_what

    with translation.override("en"):
        assert audit_what("page:case_detail") == "page: the case page"
        assert audit_what("api:referrals") == "API: referrals"
        assert audit_what("plan_approve") == "Plan approved"
        assert audit_what("something_new") == "something_new"
    with translation.override("ka"):
        assert audit_what("page:case_detail") != "page: the case page"
