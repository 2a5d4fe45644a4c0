"""Builders for the feedback tests: a tiny catalogue and users per test, or the full seed (programmes and
feedback demo of Ambrolauri) committed once per module and wiped afterwards so other suites see a clean
municipality."""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.apps import apps as django_apps
from django.core.cache import cache
from django.db import connection, transaction
from django_tenants.utils import schema_context

from feedback.models import Form, Invitation
from feedback.standard_forms import install
from programmes.models import BenefitApplication, Person, Programme, Service
from tenants.models import Municipality

_numbers = itertools.count(1)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def wipe_municipality_data(
    schema: str, app_labels: tuple[str, ...] = ("programmes", "feedback", "disclosure")
) -> None:
    """Empty the programmes and feedback tables of a schema (and the figures released from them) and put
    the standard forms back."""
    # the figures released from these tables go with them (a later module would read them as released)
    labels = (*app_labels, "disclosure") if "disclosure" not in app_labels else app_labels
    tables = [m._meta.db_table for app in labels for m in django_apps.get_app_config(app).get_models()]
    with schema_context(schema), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "TRUNCATE " + ", ".join(f'"{schema}"."{t}"' for t in tables) + " RESTART IDENTITY CASCADE"
            )
        install(django_apps)


def in_own_connection(fn, *args, **kwargs):
    """Run ``fn`` on a connection of its own (a thread: Django's connections are per thread), so what it
    writes is committed at once and not rolled back with the test's transaction. Browser tests need this:
    the server they drive commits, and a wipe done in the test's transaction is undone at its end (that
    is how the first journey's online answer came back in the second journey's report)."""
    import threading

    from django.db import connection as thread_connection

    outcome: dict = {}

    def run():
        try:
            with thread_connection.cursor() as cursor:
                cursor.execute("SET lock_timeout = '20s'")  # never hang on a lock the test holds
            outcome["value"] = fn(*args, **kwargs)
        except BaseException as exc:  # re-raised in the test's thread
            outcome["error"] = exc
        finally:
            thread_connection.close()

    worker = threading.Thread(target=run)
    worker.start()
    worker.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """Ambrolauri with the full demo (programmes + feedback), committed for the module."""
    import feedback.demo
    import programmes.demo

    with django_db_blocker.unblock():
        municipality = Municipality.objects.get(slug="ambrolauri")
        with schema_context(municipality.schema_name), transaction.atomic():
            programmes.demo.build(municipality)
            feedback.demo.build(municipality)
        yield municipality
        wipe_municipality_data(municipality.schema_name)


@pytest.fixture
def catalogue(in_ambrolauri) -> dict[str, Service]:
    programme = Programme.objects.create(year=2025, code="fb_test", name_ka="სატესტო პროგრამა")
    return {
        code: Service.objects.create(
            programme=programme, code=code, name_ka=name, name_en=code, kind="one_time_cash", position=i
        )
        for i, (code, name) in enumerate(
            [("newborn_aid", "ახალშობილთა დახმარება"), ("veterans_aid", "ვეტერანთა დახმარება")]
        )
    }


@pytest.fixture
def paper_form(in_ambrolauri) -> Form:
    return Form.objects.get(code="annex-1")


@pytest.fixture
def email_form(in_ambrolauri) -> Form:
    return Form.objects.get(code="annex-2")


@pytest.fixture
def make_application(catalogue, frontdesk):
    def make(email: str = "citizen@example.ge", service: str = "newborn_aid", **kwargs) -> BenefitApplication:
        n = next(_numbers)
        person = Person.objects.create(
            first_name="ნინო", last_name="ტესტი", personal_number=f"99{n:09d}", sex="female", email=email
        )
        return BenefitApplication.objects.create(
            number=f"FB-{n}",
            applicant=person,
            service=catalogue[service],
            channel="email",
            received_on=kwargs.pop("received_on", __import__("datetime").date(2025, 6, 10)),
            status="service_ended",
            **kwargs,
        )

    return make


def valid_answers(**overrides) -> dict:
    answers = {
        "documents_easy": "yes",
        "satisfaction": 5,
        "staff_professional": 4,
        "comment": "კმაყოფილი ვარ",
    }
    answers.update(overrides)
    return answers


def committed_ended_application(*, number: str, personal_number: str, email: str) -> BenefitApplication:
    """An application whose service ended, committed in Ambrolauri (for tests on real connections)."""
    with schema_context("ambrolauri"), transaction.atomic():
        programme, _ = Programme.objects.get_or_create(
            year=2025, code="race", defaults={"name_ka": "პროგრამა"}
        )
        service, _ = Service.objects.get_or_create(
            programme=programme, code="race_aid", defaults={"name_ka": "დახმარება", "kind": "service"}
        )
        person = Person.objects.create(
            first_name="ა", last_name="ბ", personal_number=personal_number, sex="male", email=email
        )
        return BenefitApplication.objects.create(
            number=number,
            applicant=person,
            service=service,
            channel="email",
            received_on=datetime.date(2025, 6, 1),
            status="service_ended",
        )


@pytest.fixture
def committed_invitation(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        application = committed_ended_application(
            number="RACE-1", personal_number="55500000001", email="race@example.ge"
        )
        with schema_context("ambrolauri"):
            invitation = Invitation.objects.create(
                application=application,
                email="race@example.ge",
                form=Form.objects.get(code="annex-2"),
                queued_on=datetime.date(2025, 6, 2),
            )
        yield invitation.pk
        connection.close()
        wipe_municipality_data("ambrolauri")
