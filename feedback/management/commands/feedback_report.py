"""Print a municipality's feedback summary for a period: the same JSON as GET /api/v1/feedback/reports/summary/."""

import datetime
import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import schema_context

from feedback.selectors import feedback_summary
from municipal_platform.disclosure import exact_period_or_error
from municipal_platform.periods import period_or_error
from tenants.models import Municipality


class Command(BaseCommand):
    help = "Feedback summary of a municipality as JSON, from --from to --to (both days included)."

    def add_arguments(self, parser):
        parser.add_argument("--tenant", required=True, help="municipality slug")
        parser.add_argument("--from", dest="date_from", required=True, help="first day, YYYY-MM-DD")
        parser.add_argument("--to", dest="date_to", required=True, help="last day (included), YYYY-MM-DD")
        parser.add_argument(
            "--json", action="store_true", help="print JSON (the only format; kept for clarity)"
        )

    def handle(self, *args, tenant, date_from, date_to, **opts):
        try:
            first, last = datetime.date.fromisoformat(date_from), datetime.date.fromisoformat(date_to)
        except ValueError as exc:
            raise CommandError(f"dates must be YYYY-MM-DD: {exc}") from None
        try:
            period = period_or_error(first, last, from_field="--from", to_field="--to")
            # an exact reader, as on the pages: never fewer days than a month
            exact_period_or_error(period, field="--to")
        except ValidationError as exc:
            raise CommandError(f"--to: {' '.join(exc.message_dict['--to'])}") from None
        municipality = Municipality.objects.filter(slug=tenant).exclude(schema_name="public").first()
        if municipality is None:
            raise CommandError(f"no municipality {tenant!r}")
        with schema_context(municipality.schema_name):
            summary = feedback_summary(period=period)
        self.stdout.write(json.dumps(summary, ensure_ascii=False, indent=2))
