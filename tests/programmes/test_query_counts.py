"""Every programmes page, export and API endpoint (and the dashboard) runs an exact number of queries,
the same for one row as for many (no N+1).

A count that changes is a signal: more queries means something now runs per row; fewer means someone
made a page cheaper, so pin the new figure. The failure lists every statement run.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from programmes import services
from programmes.models import Consent
from tests.conftest import client_for
from tests.queries import assert_get_query_count

DAY = datetime.date(2025, 7, 1)

# (who opens it, path, exact number of queries)
PAGES = [
    # the dashboard every role lands on
    ("head", "/dashboard/", 4),
    ("frontdesk", "/dashboard/", 4),
    ("council", "/dashboard/", 4),
    # the register and an application's pages
    ("head", "/programmes/", 7),
    ("frontdesk", "/programmes/", 7),
    ("head", "/programmes/?status=paid&per_page=50", 7),
    ("head", "/programmes/?q=ჩიხლაძე", 7),
    ("head", "/programmes/applications/export.csv", 5),
    ("head", "/programmes/applications/export.xlsx", 5),
    ("frontdesk", "/programmes/applications/new/", 5),
    ("head", "/programmes/applications/{received}/", 10),
    ("frontdesk", "/programmes/applications/{received}/", 10),
    ("head", "/programmes/applications/{paid}/", 10),
    ("frontdesk", "/programmes/applications/{received}/correct/", 6),
    ("frontdesk", "/programmes/persons/{person}/?application={received}", 5),
    ("head", "/programmes/applications/{received}/decide/", 5),
    ("head", "/programmes/applications/{paid}/pay/", 5),
    ("head", "/programmes/applications/{to_deliver}/deliver/", 5),
    ("head", "/programmes/applications/{paid}/end/", 5),
    # catalogue, budget, summary
    ("head", "/programmes/catalogue/", 7),
    ("council", "/programmes/catalogue/", 7),
    ("head", "/programmes/catalogue/programmes/new/", 4),
    ("head", "/programmes/catalogue/programmes/{programme}/", 5),
    ("head", "/programmes/catalogue/programmes/{programme}/services/new/", 5),
    ("head", "/programmes/catalogue/services/{service}/", 5),
    ("head", "/programmes/catalogue/services/{service}/budget/", 6),
    ("head", "/programmes/budget/?year=2025", 9),
    # council members: + the committed and paid counts, the calendar and one summary per released period
    ("council", "/programmes/budget/?year=2025", 14),
    ("head", "/programmes/budget/export.csv?year=2025", 9),
    ("head", "/programmes/budget/export.xlsx?year=2025", 9),
    ("head", "/programmes/summary/", 5),
    ("council", "/programmes/summary/?received_from=2025-06-01&received_to=2025-08-31", 7),
    # API
    ("head", "/api/v1/programmes/programmes/", 6),
    ("head", "/api/v1/programmes/services/", 5),
    ("head", "/api/v1/programmes/services/{service}/", 5),
    ("head", "/api/v1/programmes/budget/?year=2025", 8),
    ("head", "/api/v1/programmes/applications/", 6),
    ("head", "/api/v1/programmes/applications/?status=paid&page_size=50", 6),
    ("head", "/api/v1/programmes/applications/{paid}/", 10),
    ("frontdesk", "/api/v1/programmes/persons/{person}/", 6),
    ("frontdesk", "/api/v1/programmes/persons/{person}/consents/", 6),
    ("head", "/api/v1/programmes/summary/", 5),
    ("council", "/api/v1/programmes/summary/?received_from=2025-06-01&received_to=2025-08-31", 7),
]


class Rows:
    """One row on every programmes list (a service with its budget line, an application just received,
    one approved and paid, one approved for a service without money, a person with a consent), and
    `add_more()` to make it many."""

    def __init__(self, *, head, frontdesk, programme, newborn, fire, meals, make_person, make_application):
        self.head, self.frontdesk, self.programme = head, frontdesk, programme
        self.newborn, self.fire = newborn, fire
        self.make_person, self.make_application = make_person, make_application
        self.person = make_person(last_name="ჩიხლაძე")
        services.consent_give(
            actor=frontdesk, person=self.person, purpose=Consent.Purpose.SOCIAL_STATUS_DATA, given_on=DAY
        )
        self.received = make_application(newborn, person=self.person)
        self.paid = self._approved_and_paid()
        self.to_deliver = make_application(meals)
        services.application_decide(
            application=self.to_deliver, actor=head, approved=True, amount=None, decided_on=DAY
        )

    def _approved_and_paid(self):
        application = self.make_application(self.fire, person=self.make_person(last_name="ჩიხლაძე"))
        services.application_decide(
            application=application, actor=self.head, approved=True, amount=Decimal(1000), decided_on=DAY
        )
        services.payment_record(application=application, actor=self.head, amount=Decimal(400), paid_on=DAY)
        return application

    def paths(self, path: str) -> str:
        return path.format(
            received=self.received.pk,
            paid=self.paid.pk,
            to_deliver=self.to_deliver.pk,
            person=self.person.pk,
            programme=self.programme.pk,
            service=self.fire.pk,
        )

    def add_more(self) -> None:
        for code in ("more_a", "more_b"):
            service = services.service_create(
                actor=self.head, programme=self.programme, code=code, name_ka=code, kind="service"
            )
            services.budget_line_set(actor=self.head, service=service, planned=Decimal(1000))
            self.make_application(service)
        for _ in range(2):
            self.make_application(self.newborn, person=self.make_person(last_name="ჩიხლაძე"))
            self._approved_and_paid()
        for purpose in (Consent.Purpose.CONTACT_BY_EMAIL, Consent.Purpose.OTHER):
            services.consent_give(actor=self.frontdesk, person=self.person, purpose=purpose, given_on=DAY)
        for phone in ("599000001", "599000002"):
            services.person_update(person=self.person, actor=self.frontdesk, phone=phone)
        self.make_application(self.fire, person=self.person)
        services.application_update(application=self.received, actor=self.frontdesk, channel="email")
        services.payment_record(application=self.paid, actor=self.head, amount=Decimal(100), paid_on=DAY)


@pytest.fixture
def rows(head, frontdesk, programme, newborn, fire, meals, make_person, make_application) -> Rows:
    return Rows(
        head=head,
        frontdesk=frontdesk,
        programme=programme,
        newborn=newborn,
        fire=fire,
        meals=meals,
        make_person=make_person,
        make_application=make_application,
    )


@pytest.mark.parametrize(("username", "path", "queries"), PAGES, ids=[f"{u}:{p}" for u, p, _ in PAGES])
def test_each_page_costs_a_fixed_number_of_queries_for_one_row_and_for_many(
    ambrolauri, rows, username, path, queries
):
    client = client_for(ambrolauri, username)
    url = rows.paths(path)
    assert_get_query_count(client, url, queries)
    rows.add_more()
    assert_get_query_count(client, url, queries)
