"""The demo reproduces Tskaltubo's 2023 (seed 003) through the case services: the command's JSON gives
the seed's figures, every step of a case has open cases, and a second run changes nothing."""

from __future__ import annotations

import io
import json
import time

from django.core.management import call_command
from django_tenants.utils import schema_context

from child_support import demo
from child_support.models import Case, CaseAuditEntry, CaseEvent, Provision, Referral
from programmes import demo as programmes_demo
from programmes.models import Consent, Person


def counts() -> tuple:
    return tuple(
        m.objects.count() for m in (Case, Provision, Referral, CaseEvent, CaseAuditEntry, Person, Consent)
    )


def test_tskaltubo_demo_gives_the_seed_figures_of_2023_and_a_second_run_changes_nothing(tskaltubo):
    with schema_context(tskaltubo.schema_name):
        programmes_demo.build(tskaltubo)
        started = time.monotonic()
        demo.build(tskaltubo)
        print(f"child_support demo built in {time.monotonic() - started:.1f} s")
        first = counts()
        demo.build(tskaltubo)
        assert counts() == first, "a second run changes nothing"

        open_statuses = set(Case.objects.exclude(status=Case.Status.CLOSED).values_list("status", flat=True))
        assert open_statuses == set(Case.OPEN_STATUSES), "open cases in every step"
        assert Referral.objects.filter(is_violence=True).count() == 1
        assert Case.objects.filter(restricted=True).count() == 1

    out = io.StringIO()
    call_command("child_support_report", "--tenant", "tskaltubo", "--year", "2023", "--json", stdout=out)
    report = json.loads(out.getvalue())
    assert report["families_with_appliances"] == 19
    assert report["families_with_stationery"] == 92
    assert report["children_autism_funded"] == 50
    assert report["early_development_families"] == 10
    assert report["inclusive_centre_enrolments"] == 5
    lines = {line["service_code"]: line for line in report["aid_by_budget_line"]}
    assert set(lines) == {
        "family_in_kind_aid",
        "family_housing",
        "autism_therapy",
        "early_development_travel",
        "inclusive_centre",
    }
    for line in lines.values():
        assert float(line["remaining"]) >= 0, f"{line['service_code']} is overspent"
    assert report["aid_total_gel"] == lines["family_in_kind_aid"]["spent"]

    with schema_context(tskaltubo.schema_name):
        # the stationery of the 92 families was handed over in September
        september = Provision.objects.filter(
            category=Provision.Category.STATIONERY, delivered_on__year=2023, delivered_on__month=9
        )
        assert september.values("household").distinct().count() == 92


def test_ambrolauri_gets_no_cases(ambrolauri):
    with schema_context(ambrolauri.schema_name):
        demo.build(ambrolauri)
        assert not Case.objects.exists()
