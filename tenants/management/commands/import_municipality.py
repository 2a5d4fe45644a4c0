from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from tenants import services


class Command(BaseCommand):
    help = (
        "Create a municipality from an archive of export_municipality, under a new slug: its schema, "
        "rows and files, checked table by table against the archive's counts and checksums. Refuses a "
        "taken slug, a damaged archive or one made by another version, writing nothing. Quiet on success."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument("--slug", required=True, help="the new municipality's slug (address part)")
        parser.add_argument("--name-ka", default="", help="default: the archive's")
        parser.add_argument("--name-en", default="", help="default: the archive's")

    def handle(self, *args, **opts):
        try:
            services.municipality_archive_import(
                archive=opts["archive"], slug=opts["slug"], name_ka=opts["name_ka"], name_en=opts["name_en"]
            )
        except ValidationError as exc:
            lines = [f"{field}: {' '.join(msgs)}" for field, msgs in exc.message_dict.items()]
            raise CommandError("\n".join(lines)) from exc
