"""Importing a Google Forms CSV export: the parser reads the file (`feedback.csv_import`), this checks its
rows against the municipality's data and writes them, all or nothing and idempotently."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from municipal_platform.clock import today as clock_today
from municipal_platform.errors import service_error_dict
from municipal_platform.roles import Role, require_role
from programmes.models import Service

from .. import csv_import, csv_mapping  # module imports: csv_import itself imports from this package
from ..models import Form, FormVersion, ImportMapping, ImportUpload, Response, Sex
from .files import import_file_keep
from .responses import response_clean, response_submit


def _service_names() -> dict[str, str]:
    """Lower-cased code, Georgian and English names -> service code."""
    table: dict[str, str] = {}
    for code, ka, en in Service.objects.values_list("code", "name_ka", "name_en"):
        for key in (code, ka, en):
            if key:
                table[key.strip().lower()] = code
    return table


def _parse_and_check(
    version: FormVersion,
    form: Form,
    mapping: dict,
    text: str,
    date_order: str | None,
    today: datetime.date | None = None,
) -> tuple[csv_import.ParsedFile, list[tuple[int, str]]]:
    """The parsed file and every problem of its rows (the parser's and the form's own checks)."""
    parsed = csv_import.parse_csv(
        form_code=form.code,
        questions={q.code: q.kind for q in version.questions.all()},
        service_names=_service_names(),
        mapping=mapping,
        text=text,
        today=today or clock_today(),
        date_order=date_order,
    )
    mapped = set(mapping.get("columns", {}).values())
    unmapped = [q for q in version.questions.all() if q.required and q.code not in mapped]
    if unmapped:
        # one message for the file rather than one a row
        raise csv_import.ImportRejected(
            [
                _('Mapping: question "%(c)s" must be answered, but no column of the file is mapped to it.')
                % {"c": q.code}
                for q in unmapped
            ]
        )
    problems = list(parsed.problems)
    for row in parsed.rows:
        try:
            response_clean(version=version, data=row.data)
        except ValidationError as exc:
            problems.extend(
                (row.line, csv_import.row_problem(row, field, " ".join(messages)))
                for field, messages in service_error_dict(exc).items()
            )
    return parsed, problems


def responses_import_csv(
    *,
    actor,
    form: Form,
    mapping: dict,
    text: str,
    today: datetime.date | None = None,
    date_order: str | None = None,
    file_name: str = "",
) -> csv_import.ImportResult:
    """Import the file's rows as responses to ``form``'s current version. Raises csv_import.ImportRejected
    listing every problem by row and column (csv_import.DateOrderNeeded when the file's dates fit both
    day-first and month-first and neither ``date_order`` nor the mapping chooses), and then writes
    nothing; rows imported before (same key) are skipped. The file imported is kept as the import's
    evidence (`ImportFile`, ``file_name`` as uploaded)."""
    require_role(actor, Role.FEEDBACK_OFFICER)
    version = form.versions.get(is_current=True)
    parsed, problems = _parse_and_check(version, form, mapping, text, date_order, today)
    if problems:
        # by row, each row's own problems in the order they were found (the sort is stable)
        raise csv_import.ImportRejected([message for _line, message in sorted(problems, key=lambda p: p[0])])

    with transaction.atomic():
        keys = [row.key for row in parsed.rows] + [row.legacy_key for row in parsed.rows]
        existing = set(Response.objects.filter(import_key__in=keys).values_list("import_key", flat=True))
        added = 0
        for row in parsed.rows:
            if row.key in existing or row.legacy_key in existing:
                continue
            response_submit(
                version=version, channel=row.channel, data=row.data, submitted_on=row.day, import_key=row.key
            )
            existing.add(row.key)
            added += 1
        import_file_keep(
            actor=actor, form=form, file_name=file_name, text=text, rows=len(parsed.rows), added=added
        )
    return csv_import.ImportResult(added=added, skipped=len(parsed.rows) - added, rows=len(parsed.rows))


# --- the mapping builder -------------------------------------------------------------------------------

UPLOAD_KEPT_FOR = datetime.timedelta(days=1)


@transaction.atomic
def import_upload_create(*, actor, form: Form, file_name: str, data: bytes) -> ImportUpload:
    """Keep an uploaded CSV on the server for the mapping builder's next steps. Raises
    csv_import.ImportRejected when the file is not UTF-8 text or has no usable header row. Uploads older
    than UPLOAD_KEPT_FOR are deleted (they hold the file's personal data, e.g. e-mail columns)."""
    require_role(actor, Role.FEEDBACK_OFFICER)
    text = csv_import.decode_csv(data)
    headers = csv_mapping.read_headers(text)
    ImportUpload.objects.filter(created_at__lt=timezone.now() - UPLOAD_KEPT_FOR).delete()
    return ImportUpload.objects.create(
        uploaded_by=actor, form=form, file_name=file_name[:200], headers=headers, text=text
    )


@transaction.atomic
def import_mapping_save(*, actor, form: Form, name: str, mapping: dict) -> ImportMapping:
    """Save ``mapping`` by ``name`` for ``form`` (replacing the one of that name), for the next file."""
    require_role(actor, Role.FEEDBACK_OFFICER)
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the mapping a name.")})
    if len(name) > 100:
        raise ValidationError({"name": _("At most 100 characters.")})
    try:
        csv_import.check_mapping_types(mapping)
    except csv_import.ImportRejected as exc:
        raise ValidationError({"mapping": exc.problems}) from None
    saved, _created = ImportMapping.objects.update_or_create(
        form=form, name=name, defaults={"mapping": mapping, "updated_by": actor}
    )
    return saved


@dataclass
class PreviewRow:
    """A row of the file as it will be stored: its day, service, sex, age band and answers as labels."""

    line: int
    day: datetime.date
    service: str
    sex: str
    age_band: str
    answers: list[tuple[str, str]]


def responses_import_preview(
    *, actor, form: Form, mapping: dict, text: str, date_order: str | None = None, limit: int = 5
) -> tuple[list[PreviewRow], list[str]]:
    """The first ``limit`` rows as they would be stored, and every problem importing would refuse the file
    for (empty when it would import). Writes nothing."""
    require_role(actor, Role.FEEDBACK_OFFICER)
    version = form.versions.get(is_current=True)
    try:
        parsed, problems = _parse_and_check(version, form, mapping, text, date_order)
    except csv_import.ImportRejected as exc:
        return [], exc.problems
    preview: list[PreviewRow] = []
    for row in parsed.rows[:limit]:
        try:
            fields, answers = response_clean(version=version, data=row.data)
        except ValidationError:
            continue
        shown = []
        for question, answer in answers:
            labels = {c["code"]: c.get("ka") or c["code"] for c in question.choices}
            if "choices" in answer:
                value = ", ".join(labels.get(code, code) for code in answer["choices"])
            else:
                value = str(answer.get("number", answer.get("text", "")))
            shown.append((question.code, value))
        service = fields.get("service")
        preview.append(
            PreviewRow(
                line=row.line,
                day=row.day,
                service=service.name_ka if service else "",
                sex=str(Sex(fields["sex"]).label) if fields.get("sex") else "",
                age_band=fields.get("age_band") or "",
                answers=shown,
            )
        )
    return preview, [message for _line, message in sorted(problems, key=lambda p: p[0])]


def responses_import_upload(
    *, actor, upload: ImportUpload, mapping: dict, date_order: str | None = None
) -> csv_import.ImportResult:
    """Import an uploaded file with the builder's mapping (as `responses_import_csv`), then delete it."""
    with transaction.atomic():
        result = responses_import_csv(
            actor=actor,
            form=upload.form,
            mapping=mapping,
            text=upload.text,
            date_order=date_order,
            file_name=upload.file_name,
        )
        upload.delete()
    return result
