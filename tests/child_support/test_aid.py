"""In-kind aid: what a provision records, the family's yearly cap and its message, and every bad input
refused with a message naming the field and nothing written."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from child_support import selectors_aid, services
from child_support.models import CaseAuditEntry, CaseEvent, Provision, ProvisionItem
from municipal_platform import clock
from programmes.models import Service

from .conftest import YEAR, budget_line_make

DAY = datetime.date(YEAR, 3, 10)

pytestmark = pytest.mark.usefixtures("english")


def record(actor, case, line, *, items=None, **overrides):
    values = {
        "actor": actor,
        "case_id": case.pk,
        "category": Provision.Category.FOOD,
        "budget_line_id": line.pk,
        "delivered_on": DAY,
        "handed_over_by": "მარიამ ჯაფარიძე",
        "received_by": "ნანა ბერიძე (დედა)",
        "items": items
        if items is not None
        else [{"name": "ბავშვის საკვები", "quantity": 4, "unit_value": "25.50"}],
    }
    values.update(overrides)
    return services.provision_record(**values)


def written():
    """Everything a refused provision must leave untouched."""
    return (
        Provision.objects.count(),
        ProvisionItem.objects.count(),
        CaseEvent.objects.count(),
        CaseAuditEntry.objects.count(),
    )


def test_a_provision_keeps_its_items_their_totals_and_the_delivery(worker, case_factory, aid_line):
    case = case_factory()
    provision = record(
        worker,
        case,
        aid_line,
        category=Provision.Category.APPLIANCES,
        items=[
            {"name": "მაცივარი", "quantity": 1, "unit_value": "900"},
            {"name": "ქვაბი", "quantity": "3", "unit_value": "12.35"},
        ],
    )
    provision.refresh_from_db()
    assert provision.total == Decimal("937.05")
    assert provision.household_id == case.household_id
    assert (provision.handed_over_by, provision.received_by) == ("მარიამ ჯაფარიძე", "ნანა ბერიძე (დედა)")
    assert [(i.name, i.quantity, i.unit_value, i.total) for i in provision.items.all()] == [
        ("მაცივარი", Decimal("1.00"), Decimal("900.00"), Decimal("900.00")),
        ("ქვაბი", Decimal("3.00"), Decimal("12.35"), Decimal("37.05")),
    ]
    event = CaseEvent.objects.get(case=case)
    assert event.action == CaseEvent.Action.PROVISION and event.actor == worker
    assert event.changes["total"] == "937.05" and event.changes["category"] == "appliances"
    assert list(CaseAuditEntry.objects.values_list("user", "case_id", "kind", "what")) == [
        (worker.pk, case.pk, "change", "provision_record")
    ]


def test_aid_may_be_given_before_any_plan(worker, case_factory, aid_line):
    case = case_factory(status="intake")
    assert record(worker, case, aid_line).total == Decimal("102.00")


def test_over_the_cap_is_refused_saying_what_was_given_and_what_remains(worker, case_factory, aid_line):
    case = case_factory()
    record(worker, case, aid_line, items=[{"name": "მაცივარი", "quantity": 1, "unit_value": "1200"}])
    record(worker, case, aid_line, items=[{"name": "ტანსაცმელი", "quantity": 5, "unit_value": "130"}])
    before = written()
    with pytest.raises(ValidationError) as refused:
        record(worker, case, aid_line, items=[{"name": "წიგნები", "quantity": 2, "unit_value": "100"}])
    assert refused.value.message_dict == {
        "total": [
            "Over the family's 2,000.00 GEL cap for 2025: 1,850.00 GEL already given, 150.00 GEL remains."
        ]
    }
    assert written() == before
    # exactly what remains is still given
    record(worker, case, aid_line, items=[{"name": "წიგნები", "quantity": 1, "unit_value": "150"}])
    assert selectors_aid.family_aid(household_id=case.household_id, year=YEAR).remaining == Decimal("0")


def test_the_cap_counts_every_case_and_category_of_the_family_but_not_other_years_or_families(
    worker, head, case_factory, aid_line
):
    first = case_factory()
    second = case_factory(household=first.household, worker=head)  # the same family, another case
    other_family = case_factory()
    record(worker, first, aid_line, items=[{"name": "მაცივარი", "quantity": 1, "unit_value": "1500"}])
    record(worker, other_family, aid_line, items=[{"name": "მაცივარი", "quantity": 1, "unit_value": "1500"}])
    last_year = budget_line_make(year=YEAR - 1)
    old_case = case_factory(household=first.household, opened_on=datetime.date(YEAR - 1, 2, 1))
    record(
        worker,
        old_case,
        last_year,
        delivered_on=datetime.date(YEAR - 1, 12, 31),
        items=[{"name": "ტანსაცმელი", "quantity": 1, "unit_value": "1900"}],
    )
    with pytest.raises(ValidationError) as refused:
        record(
            head,
            second,
            aid_line,
            category=Provision.Category.HYGIENE,
            items=[{"name": "საპონი", "quantity": 1, "unit_value": "500.01"}],
        )
    assert "1,500.00 GEL already given, 500.00 GEL remains" in refused.value.message_dict["total"][0]
    record(head, second, aid_line, items=[{"name": "საპონი", "quantity": 1, "unit_value": "500"}])


def test_the_cap_is_the_service_s_own_cap_or_the_platform_s_default(worker, case_factory, settings):
    small = budget_line_make(code="small_aid", amount=Decimal("300"))
    case = case_factory()
    with pytest.raises(ValidationError) as refused:
        record(worker, case, small, items=[{"name": "საკვები", "quantity": 1, "unit_value": "301"}])
    assert refused.value.message_dict["total"] == [
        "Over the family's 300.00 GEL cap for 2025: 0.00 GEL already given, 300.00 GEL remains."
    ]
    settings.CHILD_SUPPORT_FAMILY_AID_CAP = Decimal("250")
    no_rule = budget_line_make(
        code="other_goods", amount_rule=Service.AmountRule.NONE, amount=None, kind=Service.Kind.IN_KIND
    )
    with pytest.raises(ValidationError) as refused:
        record(worker, case, no_rule, items=[{"name": "საკვები", "quantity": 1, "unit_value": "251"}])
    assert "250.00 GEL cap" in refused.value.message_dict["total"][0]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"items": []}, "items", "Add at least one item"),
        ({"items": [{"name": "", "quantity": 1, "unit_value": 5}]}, "items", "Item 1: say what"),
        (
            {
                "items": [
                    {"name": "a", "quantity": 1, "unit_value": 5},
                    {"name": "b", "quantity": 0, "unit_value": 5},
                ]
            },
            "items",
            "Item 2: the quantity must be a number above zero.",
        ),
        ({"items": [{"name": "a", "quantity": 1, "unit_value": "-5"}]}, "items", "unit value"),
        ({"items": [{"name": "a", "quantity": "x", "unit_value": 5}]}, "items", "quantity"),
        ({"items": [{"name": "a", "quantity": 1, "unit_value": "5.001"}]}, "items", "two decimals"),
        ({"category": "cash"}, "category", "Choose what kind of aid"),
        ({"delivered_on": None}, "delivered_on", "Give the date"),
        ({"delivered_on": "future"}, "delivered_on", "cannot be in the future"),
        ({"delivered_on": datetime.date(YEAR, 1, 14)}, "delivered_on", "The case was opened on 2025-01-15"),
        ({"budget_line_id": None}, "budget_line", "Choose the budget line"),
        ({"budget_line_id": 999999}, "budget_line", "Choose the budget line"),
        ({"handed_over_by": "  "}, "handed_over_by", "Say who handed"),
        ({"received_by": ""}, "received_by", "Say who received"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_written(
    worker, case_factory, aid_line, overrides, field, message
):
    case = case_factory()
    if overrides.get("delivered_on") == "future":
        overrides["delivered_on"] = clock.today() + datetime.timedelta(days=1)
    before = written()
    with pytest.raises(ValidationError) as refused:
        record(worker, case, aid_line, **overrides)
    assert list(refused.value.message_dict) == [field]
    assert message in refused.value.message_dict[field][0]
    assert written() == before


def test_a_budget_line_of_another_year_is_refused(worker, case_factory, aid_line):
    case = case_factory()
    next_year = budget_line_make(year=YEAR + 1)
    with pytest.raises(ValidationError) as refused:
        record(worker, case, next_year)
    assert refused.value.message_dict["budget_line"] == [
        "This budget line is for 2026, but the aid was handed over in 2025: choose the 2025 line."
    ]
    assert not Provision.objects.exists()


def test_a_closed_case_gets_no_aid(worker, case_factory, aid_line):
    case = case_factory(status="closed")
    with pytest.raises(ValidationError) as refused:
        record(worker, case, aid_line)
    assert "reopen it" in refused.value.message_dict["case"][0]
    assert not Provision.objects.exists()


def test_another_worker_and_a_commission_member_find_no_case_to_give_aid_to(
    users, other_worker, case_factory, aid_line
):
    case = case_factory()
    for actor in (other_worker, users["commission"], users["council"], users["frontdesk"]):
        with pytest.raises(Http404):
            record(actor, case, aid_line)
    assert written() == (0, 0, 0, 0)


def test_the_head_of_service_records_aid_on_any_case(head, case_factory, aid_line):
    case = case_factory()
    assert record(head, case, aid_line).recorded_by == head


def test_family_aid_reads_the_year_s_total_against_the_cap(worker, case_factory, aid_line):
    case = case_factory()
    record(worker, case, aid_line, items=[{"name": "a", "quantity": 2, "unit_value": "300"}])
    aid = selectors_aid.family_aid(household_id=case.household_id, year=YEAR)
    assert (aid.given, aid.cap, aid.remaining) == (Decimal("600.00"), Decimal("2000.00"), Decimal("1400.00"))
    assert selectors_aid.family_aid(household_id=case.household_id, year=YEAR - 1).given == Decimal("0")
