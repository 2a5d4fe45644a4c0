import importlib
import importlib.util

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django_tenants.utils import schema_context

from tenants.demo import ASSOCIATION_STAFF, DEMO_PASSWORD, DEMO_TOTP_SECRET, MUNICIPAL_STAFF, build_platform

# Apps whose demo.py adds data inside each municipality, in dependency order.
MUNICIPAL_DEMO_APPS = ["programmes", "feedback", "child_support", "applications_contest.drafts"]


class Command(BaseCommand):
    help = "Build the demo: the association portal, Ambrolauri and Tskaltubo with their data. Idempotent."

    def handle(self, *args, **opts):
        municipalities = build_platform()
        for municipality in municipalities:
            for app in MUNICIPAL_DEMO_APPS:
                if importlib.util.find_spec(f"{app}.demo") is None:
                    continue  # that module has no demo data yet
                module = importlib.import_module(f"{app}.demo")
                with schema_context(municipality.schema_name), transaction.atomic():
                    module.build(municipality)
        port = settings.PUBLIC_URL_PORT or 8000
        base = settings.BASE_DOMAIN
        self.stdout.write(self.style.SUCCESS("Demo ready."))
        self.stdout.write(
            f"  association portal: http://{base}:{port}/  users: {', '.join(ASSOCIATION_STAFF)}"
        )
        for m in municipalities:
            self.stdout.write(
                f"  {m.name_en}: http://{m.slug}.{base}:{port}/  users: head, {', '.join(MUNICIPAL_STAFF)}"
            )
        self.stdout.write(f"  password for every demo user: {DEMO_PASSWORD}")
        self.stdout.write(
            "  two-factor code for head, worker and platformadmin: `python manage.py demo_code`, or add the"
            f" key {DEMO_TOTP_SECRET} to an authenticator app"
        )
