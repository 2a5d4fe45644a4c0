from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from tenants import services


class Command(BaseCommand):
    help = (
        "Provision a municipality: schema cloned from the template, roles, and a head of service user. "
        "With --head-email (and no --head-password) the head is invited by e-mail to set a password; "
        "with neither, a password is generated and printed once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--slug", required=True, help="address part: <slug>.<BASE_DOMAIN>")
        parser.add_argument("--name-ka", required=True)
        parser.add_argument("--name-en", required=True)
        parser.add_argument("--region", default="")
        parser.add_argument(
            "--trial", action="store_true", help="a trial municipality (may be deleted later)"
        )
        parser.add_argument("--head-username", default="head")
        parser.add_argument("--head-first-name", default="")
        parser.add_argument("--head-last-name", default="")
        parser.add_argument(
            "--head-email", default="", help="without --head-password: send an invitation here"
        )
        parser.add_argument("--head-password", default=None, help="generated and printed when omitted")

    def handle(self, *args, **opts):
        invite = bool(opts["head_email"]) and opts["head_password"] is None
        try:
            result = services.municipality_create(
                slug=opts["slug"],
                name_ka=opts["name_ka"],
                name_en=opts["name_en"],
                region=opts["region"],
                is_trial=opts["trial"],
                head_username=opts["head_username"],
                head_first_name=opts["head_first_name"],
                head_last_name=opts["head_last_name"],
                head_email=opts["head_email"],
                head_password=opts["head_password"],
                invite_head=invite,
            )
        except ValidationError as exc:
            lines = [f"{field}: {' '.join(msgs)}" for field, msgs in exc.message_dict.items()]
            raise CommandError("\n".join(lines)) from exc
        m = result.municipality
        self.stdout.write(self.style.SUCCESS(f"Created {m.slug} ({m.name_en}) at {m.get_primary_domain()}"))
        if result.head_invited:
            self.stdout.write(f"head of service: {result.head_username}, invited at {result.head.email}")
        elif result.head_password:
            self.stdout.write(f"head of service: {result.head_username} / {result.head_password}")
        else:
            self.stdout.write(f"head of service: {result.head_username} (with the password given)")
