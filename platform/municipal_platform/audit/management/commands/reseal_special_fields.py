from django.core.management.base import BaseCommand

from municipal_platform import crypto
from tenants.models import Municipality


class Command(BaseCommand):
    help = (
        "After a key rotation (a new first entry in FIELD_ENCRYPTION_KEY), re-encrypt every special-category "
        "value still written with an older key, in every municipality; then the old entry may be removed. "
        "Prints how many values changed with -v 2."
    )

    def handle(self, *args, **opts):
        for schema in Municipality.objects.exclude(schema_name="public").values_list(
            "schema_name", flat=True
        ):
            changed = crypto.reseal_schema(schema)
            if opts["verbosity"] > 1:
                self.stdout.write(f"{schema}: {changed}")
