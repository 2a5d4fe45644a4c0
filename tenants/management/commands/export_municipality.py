from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from tenants import services
from tenants.models import Municipality


class Command(BaseCommand):
    help = (
        "Write a municipality's whole data (every table of its schema, its files, a manifest of counts and "
        "checksums) to one .tar.gz archive: to move it, or to hand it over when it leaves the platform. "
        "Prints the archive's path when --output is not given; nothing else."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the municipality's slug")
        parser.add_argument(
            "--output", type=Path, help="archive path (default: EXPORT_DIR/<slug>-<time>.tar.gz)"
        )

    def handle(self, *args, **opts):
        municipality = Municipality.objects.filter(slug=opts["slug"]).first()
        if municipality is None or municipality.is_association:
            known = ", ".join(
                Municipality.objects.exclude(schema_name="public")
                .order_by("slug")
                .values_list("slug", flat=True)
            )
            raise CommandError(f"There is no municipality “{opts['slug']}”. Known: {known or 'none'}.")
        output = opts["output"]
        if output is not None and output.exists():
            raise CommandError(f"{output} already exists: name a new file.")
        try:
            path = services.municipality_archive_export(municipality=municipality, path=output)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        if output is None:
            self.stdout.write(str(path))
