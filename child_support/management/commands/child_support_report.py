"""Print a municipality's yearly child and family support results: with --json exactly the object of
GET /api/v1/child-support/reports/yearly/?year=YYYY as a member of staff reads it (exact figures: the
command is the operator's), otherwise a readable table."""

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import schema_context

from child_support.reports import year_or_error, yearly_report
from tenants.models import Municipality


class Command(BaseCommand):
    help = "Yearly results of child and family support of a municipality (exact figures)."

    def add_arguments(self, parser):
        parser.add_argument("--tenant", required=True, help="municipality slug")
        parser.add_argument("--year", required=True, help="the calendar year, YYYY")
        parser.add_argument("--json", action="store_true", help="print the API's JSON object")

    def handle(self, *args, tenant, year, json: bool = False, **opts):
        try:
            year_number = year_or_error(year, field="--year")
        except ValidationError as exc:
            raise CommandError(f"--year {year!r}: {' '.join(exc.message_dict['--year'])}") from None
        municipality = Municipality.objects.filter(slug=tenant).exclude(schema_name="public").first()
        if municipality is None:
            raise CommandError(f"--tenant: no municipality {tenant!r}")
        with schema_context(municipality.schema_name):
            report = yearly_report(year=year_number, exact=True)
        if json:
            self.stdout.write(_dumps(report))
        else:
            self.stdout.write(_table(report, municipality.name_en or municipality.slug))


def _dumps(report) -> str:
    return json.dumps(report, ensure_ascii=False, indent=2)


def _table(report: dict, name: str) -> str:
    rows: list[tuple[str, object]] = [
        ("Families given household appliances", report["families_with_appliances"]),
        ("Families given stationery", report["families_with_stationery"]),
        ("Children with autism therapy funded", report["children_autism_funded"]),
        ("Families with early-development travel paid", report["early_development_families"]),
        ("Inclusive centre enrolments", report["inclusive_centre_enrolments"]),
        ("In-kind aid, GEL", report["aid_total_gel"]),
    ]
    lines = [f"Child and family support, {name}, {report['year']}", ""]
    width = max(len(label) for label, _value in rows)
    lines += [f"  {label:<{width}}  {value:>12}" for label, value in rows]
    lines += ["", "In-kind aid by category        families  provisions          GEL"]
    for code, cell in report["aid_by_category"].items():
        lines.append(f"  {code:<28}{cell['families']:>10}{cell['provisions']:>12}{cell['total_gel']:>13}")
    lines += ["", "Budget lines                        planned         spent     remaining"]
    for line in report["aid_by_budget_line"]:
        lines.append(
            f"  {line['service_code']:<28}{line['planned']:>13}{line['spent']:>14}{line['remaining']:>14}"
        )
    lines += ["", f"Cases opened up to 31 December, by status today (total {report['cases_total']})"]
    lines += [f"  {status:<28}{n:>10}" for status, n in report["cases_by_status"].items()]
    served = report["children_served"]
    lines += ["", f"Children served (total {served['total']}), age on 31 December"]
    lines += [f"  {sex:<28}{n:>10}" for sex, n in served["by_sex"].items()]
    lines += [f"  aged {band:<23}{n:>10}" for band, n in served["by_age_band"].items()]
    return "\n".join(lines)
