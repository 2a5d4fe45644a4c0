"""Importing a Google Forms CSV export: the parser reads the file (`feedback.csv_import`), this checks its
rows against the municipality's data and writes them, all or nothing and idempotently."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from municipal_platform.clock import today as clock_today
from municipal_platform.errors import service_error_dict
from municipal_platform.roles import Role, require_role
from programmes.models import Service

from .. import csv_import  # a module import: csv_import itself imports from this package
from ..models import Form, Response
from .responses import response_clean, response_submit


def _service_names() -> dict[str, str]:
    """Lower-cased code, Georgian and English names -> service code."""
    table: dict[str, str] = {}
    for code, ka, en in Service.objects.values_list("code", "name_ka", "name_en"):
        for key in (code, ka, en):
            if key:
                table[key.strip().lower()] = code
    return table


def responses_import_csv(
    *,
    actor,
    form: Form,
    mapping: dict,
    text: str,
    today: datetime.date | None = None,
    date_order: str | None = None,
) -> csv_import.ImportResult:
    """Import the file's rows as responses to ``form``'s current version. Raises csv_import.ImportRejected
    listing every problem by row and column (csv_import.DateOrderNeeded when the file's dates fit both
    day-first and month-first and neither ``date_order`` nor the mapping chooses), and then writes
    nothing; rows imported before (same key) are skipped."""
    require_role(actor, Role.FEEDBACK_OFFICER)
    version = form.versions.get(is_current=True)
    parsed = csv_import.parse_csv(
        form_code=form.code,
        questions={q.code: q.kind for q in version.questions.all()},
        service_names=_service_names(),
        mapping=mapping,
        text=text,
        today=today or clock_today(),
        date_order=date_order,
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
    if problems:
        # by row, each row's own problems in the order they were found (the sort is stable)
        raise csv_import.ImportRejected([message for _line, message in sorted(problems, key=lambda p: p[0])])

    with transaction.atomic():
        existing = set(
            Response.objects.filter(import_key__in=[row.key for row in parsed.rows]).values_list(
                "import_key", flat=True
            )
        )
        added = 0
        for row in parsed.rows:
            if row.key in existing:
                continue
            response_submit(
                version=version, channel=row.channel, data=row.data, submitted_on=row.day, import_key=row.key
            )
            existing.add(row.key)
            added += 1
    return csv_import.ImportResult(added=added, skipped=len(parsed.rows) - added, rows=len(parsed.rows))
