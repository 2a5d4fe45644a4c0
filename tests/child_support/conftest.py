"""Builders shared by the child-support tests: cases made with the ORM (a household, its children, a case
assigned to Ambrolauri's demo `worker`), a budget line for in-kind aid, a second social worker, and
committed data for the tests that use real connections.

Kept stable: other test modules import these fixtures; add, do not change what they return.
"""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from django.db import connection, transaction
from django.db.models import Max
from django_tenants.utils import schema_context

from child_support.models import Case, CaseChild
from municipal_platform.accounts.models import User
from municipal_platform.accounts.services import user_create
from municipal_platform.roles import Role
from programmes.models import BudgetLine, Household, Person, Programme, Service

_numbers = itertools.count(1)

# The year the fixtures' cases and budget lines are in (a past year, so no date is in the future).
YEAR = 2025
OPENED_ON = datetime.date(YEAR, 1, 15)


def personal_number() -> str:
    """A personal number no other builder uses (the cases tests use 5..., these 7...)."""
    return f"7{next(_numbers):010d}"


def child_spec(
    first_name: str = "ნიკა", birth_date: datetime.date = datetime.date(2020, 5, 1), **extra
) -> dict:
    """A child for `case_factory`: a Person's fields (first_name, last_name, birth_date, sex) and the
    CaseChild's (disability, autism_diagnosis, orphan, schooling, institution)."""
    return {"first_name": first_name, "birth_date": birth_date, **extra}


def budget_line_make(
    *,
    year: int = YEAR,
    code: str = "family_in_kind_aid",
    kind: str = Service.Kind.IN_KIND,
    amount_rule: str = Service.AmountRule.CAP,
    amount: Decimal | None = Decimal("2000"),
    planned: Decimal = Decimal("100000"),
) -> BudgetLine:
    """The budget line of service ``code`` in ``year`` (programme "child_support" of that year), made or
    found, in the current schema."""
    programme, _ = Programme.objects.get_or_create(
        year=year, code="child_support", defaults={"name_ka": "ბავშვთა და ოჯახის მხარდაჭერა"}
    )
    service, _ = Service.objects.get_or_create(
        programme=programme,
        code=code,
        defaults={
            "name_ka": code,
            "name_en": code,
            "kind": kind,
            "amount_rule": amount_rule,
            "amount": amount,
        },
    )
    line, _ = BudgetLine.objects.get_or_create(service=service, year=year, defaults={"planned": planned})
    return line


def case_make(
    *,
    worker: User | None = None,
    created_by: User | None = None,
    children: list[dict] | None = None,
    opened_on: datetime.date = OPENED_ON,
    household: Household | None = None,
    status: str = Case.Status.ASSESSMENT,
    restricted: bool = False,
) -> Case:
    """A case in the current schema, written with the ORM (no service, no audit row): a new household
    (or ``household``), its children as Persons of the register and CaseChildren, assigned to ``worker``
    (the demo `worker` by default)."""
    worker = worker or User.objects.get(username="worker")
    if household is None:
        household = Household.objects.create(settlement="ამბროლაური", address="რუსთაველის 5")
    sequence = (Case.objects.filter(year=opened_on.year).aggregate(n=Max("sequence"))["n"] or 0) + 1
    case = Case.objects.create(
        year=opened_on.year,
        sequence=sequence,
        household=household,
        source=Case.Source.SCHOOL,
        opened_on=opened_on,
        assigned_worker=worker,
        status=status,
        closed_on=opened_on if status == Case.Status.CLOSED else None,
        close_reason=Case.CloseReason.GOALS_MET if status == Case.Status.CLOSED else "",
        restricted=restricted,
        created_by=created_by or worker,
    )
    for spec in children if children is not None else [child_spec()]:
        spec = dict(spec)
        person = Person.objects.create(
            household=household,
            first_name=spec.pop("first_name"),
            last_name=spec.pop("last_name", "ბერიძე"),
            personal_number=spec.pop("personal_number", personal_number()),
            birth_date=spec.pop("birth_date"),
            sex=spec.pop("sex", Person.Sex.MALE),
        )
        CaseChild.objects.create(case=case, person=person, schooling=spec.pop("schooling", "home"), **spec)
    return case


@pytest.fixture
def english():
    """Messages in English (Georgian is the default, and some msgids are translated already)."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def case_factory(users):
    """``case_factory(worker=None, children=None, opened_on=2025-01-15, household=None,
    status="assessment", restricted=False) -> Case`` in Ambrolauri (see `case_make`). By default one child
    born 2020-05-01 (under 7 through 2026), assigned to the demo `worker`."""
    return case_make


@pytest.fixture
def worker(users) -> User:
    return users["worker"]


@pytest.fixture
def other_worker(in_ambrolauri) -> User:
    """A second social worker of Ambrolauri: another worker's case does not exist for them."""
    return user_create(
        username="worker2", password="x", roles=(Role.SOCIAL_WORKER,), email="worker2@example.ge"
    )


@pytest.fixture
def budget_line_factory(in_ambrolauri):
    """``budget_line_factory(year=2025, code="family_in_kind_aid", kind="in_kind", amount_rule="cap",
    amount=2000, planned=100000) -> BudgetLine`` (see `budget_line_make`)."""
    return budget_line_make


@pytest.fixture
def aid_line(in_ambrolauri) -> BudgetLine:
    """The 2025 line of in-kind aid to families: "up to a cap" of 2,000 GEL, 100,000 GEL planned."""
    return budget_line_make()


@pytest.fixture
def autism_line(in_ambrolauri) -> BudgetLine:
    """The 2025 line of autism therapy (a service with no amount rule)."""
    return budget_line_make(
        code="autism_therapy", kind=Service.Kind.SERVICE, amount_rule=Service.AmountRule.NONE, amount=None
    )


# --- committed data, for tests on real connections ---------------------------------------------------


def wipe_child_support(schema: str = "ambrolauri") -> None:
    """Empty the child-support and programmes tables of ``schema`` (committed by a test on real
    connections) and the outbox's and users' rows such a test added. The audit trail's rows go too:
    TRUNCATE is the schema owner's tool the append-only trigger leaves alone."""
    from tests.feedback.conftest import wipe_municipality_data

    tables = [m._meta.db_table for m in django_apps.get_app_config("child_support").get_models()]
    tables += [m._meta.db_table for m in django_apps.get_app_config("outbox").get_models()]
    with schema_context(schema), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "TRUNCATE " + ", ".join(f'"{schema}"."{t}"' for t in tables) + " RESTART IDENTITY CASCADE"
            )
    wipe_municipality_data(schema)
