from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from tenants.services import municipality_create


class Command(BaseCommand):
    help = "Provision a municipality: schema cloned from the template, roles, and a head of service user."

    def add_arguments(self, parser):
        parser.add_argument("--slug", required=True, help="address part: <slug>.<BASE_DOMAIN>")
        parser.add_argument("--name-ka", required=True)
        parser.add_argument("--name-en", required=True)
        parser.add_argument("--region", default="")
        parser.add_argument("--head-username", default="head")
        parser.add_argument("--head-email", default="")
        parser.add_argument("--head-password", default=None, help="generated and printed when omitted")

    def handle(self, *args, **opts):
        try:
            result = municipality_create(
                slug=opts["slug"],
                name_ka=opts["name_ka"],
                name_en=opts["name_en"],
                region=opts["region"],
                head_username=opts["head_username"],
                head_email=opts["head_email"],
                head_password=opts["head_password"],
            )
        except ValidationError as exc:
            lines = [f"{field}: {' '.join(msgs)}" for field, msgs in exc.message_dict.items()]
            raise CommandError("\n".join(lines)) from exc
        m = result.municipality
        self.stdout.write(self.style.SUCCESS(f"Created {m.slug} ({m.name_en}) at {m.get_primary_domain()}"))
        self.stdout.write(f"head of service: {result.head_username} / {result.head_password}")
