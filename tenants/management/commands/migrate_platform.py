from django.core.management import call_command
from django.core.management.base import BaseCommand

from tenants.services import template_schema_ensure


class Command(BaseCommand):
    help = "Migrate the public schema, the municipality template schema and every municipality."

    def handle(self, *args, **opts):
        verbosity = opts["verbosity"]
        call_command("migrate_schemas", shared=True, interactive=False, verbosity=verbosity)
        if template_schema_ensure(verbosity=verbosity):
            self.stdout.write("template schema migrated")
        call_command("migrate_schemas", tenant=True, interactive=False, verbosity=verbosity)
