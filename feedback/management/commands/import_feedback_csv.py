"""Import a Google Forms CSV export into a municipality's form (all or nothing, idempotent)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import schema_context

from feedback import services
from feedback.csv_import import (
    DATE_ORDERS,
    MAX_MAPPING_BYTES,
    ImportRejected,
    decode_csv,
    load_mapping,
    too_large,
)
from feedback.models import Form
from municipal_platform.accounts.models import User
from municipal_platform.roles import Role
from tenants.models import Municipality


class Command(BaseCommand):
    help = "Import a Google Forms CSV export with a column mapping (see feedback/csv_import.py)."

    def add_arguments(self, parser):
        parser.add_argument("--tenant", required=True)
        parser.add_argument("--form", required=True, help="form code, e.g. annex-1")
        parser.add_argument("--mapping", required=True, help="JSON mapping file")
        parser.add_argument(
            "--as-user", default=None, help="username recorded as importing (default: a feedback officer)"
        )
        parser.add_argument(
            "--date-order",
            choices=DATE_ORDERS,
            default=None,
            help="how to read dates like 03/09/2025 when every date of the file fits both (else the mapping's)",
        )
        parser.add_argument("file")

    def handle(self, *args, tenant, form, mapping, as_user, file, date_order=None, **opts):
        municipality = Municipality.objects.filter(slug=tenant).exclude(schema_name="public").first()
        if municipality is None:
            raise CommandError(f"no municipality {tenant!r}")
        for path, limit in ((mapping, MAX_MAPPING_BYTES), (file, None)):
            try:
                message = too_large(Path(path).stat().st_size, limit=limit)
            except OSError as exc:
                raise CommandError(str(exc)) from None
            if message:
                raise CommandError(f"{path}: {message}")
        try:
            mapping_data = load_mapping(Path(mapping).read_bytes())
            text = decode_csv(Path(file).read_bytes())
        except OSError as exc:
            raise CommandError(str(exc)) from None
        except ImportRejected as exc:
            for problem in exc.problems:
                self.stderr.write(problem)
            raise CommandError(f"nothing imported: {len(exc.problems)} problem(s)") from None
        with schema_context(municipality.schema_name):
            form_obj = Form.objects.filter(code=form).first()
            if form_obj is None:
                raise CommandError(f"no form {form!r} in {tenant}")
            users = (
                User.objects.filter(username=as_user)
                if as_user
                else User.objects.filter(
                    groups__name__in=[Role.FEEDBACK_OFFICER, Role.HEAD_OF_SERVICE]
                ).order_by("id")
            )
            user = users.first()
            if user is None:
                raise CommandError("no user to record the import as (give --as-user)")
            try:
                result = services.responses_import_csv(
                    actor=user,
                    form=form_obj,
                    mapping=mapping_data,
                    text=text,
                    date_order=date_order,
                    file_name=Path(file).name,
                )
            except ImportRejected as exc:
                for problem in exc.problems:
                    self.stderr.write(problem)
                raise CommandError(f"nothing imported: {len(exc.problems)} problem(s)") from None
        self.stdout.write(f"imported {result.added}, already present {result.skipped}, rows {result.rows}")
