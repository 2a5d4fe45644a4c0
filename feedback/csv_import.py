"""Import of a Google Forms CSV export through a column mapping. All or nothing, and idempotent.

The mapping (JSON)::

    {
      "columns": {"<CSV header>": "<question code>", ...},
      "service": "<header>", "sex": "<header>", "age_band": "<header>",
      "channel": "<header>", "timestamp": "<header>",      # all optional
      "ignore": ["<header>", ...],                          # optional
      "values": {"<header>": {"<text in the file>": "<value>"}}   # optional value translations
    }

Every header must be mapped or ignored; every row is validated like a submitted form. If anything is
wrong nothing is imported and the problems are listed by row and column. Each row gets a key, so
importing the same file again adds nothing: an HMAC keyed by the SECRET_KEY over the form code, the
cells the mapping uses (ignored columns are not), the day only (not the time) and the row's occurrence
in the file, so the stored key cannot be brute-forced back into an ignored column or the exact time.
A file is at most MAX_FILE_BYTES and MAX_ROWS rows.
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from municipal_platform.roles import Role, require_role
from programmes.models import Service

from . import services
from .forms_input import error_dict
from .models import Channel, Form, Question, Response

SEX_WORDS = {
    "ქალი": "female",
    "მდედრობითი": "female",
    "female": "female",
    "woman": "female",
    "f": "female",
    "კაცი": "male",
    "მამაკაცი": "male",
    "მამრობითი": "male",
    "male": "male",
    "man": "male",
    "m": "male",
}
YES_NO_WORDS = {"კი": "yes", "დიახ": "yes", "yes": "yes", "არა": "no", "no": "no"}
NOT_SURE_WORDS = {"", "არ ვიცი", "not sure", "ვერ ვიხსენებ", "-"}
TIMESTAMP_FORMATS = [
    "%m/%d/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M:%S",
    "%Y/%m/%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y",
]
SPECIAL = ("service", "sex", "age_band", "channel", "timestamp")
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_MAPPING_BYTES = 100 * 1024
MAX_ROWS = 20_000


def too_large(size: int, *, limit: int | None = None) -> str | None:
    """The message for a file over the limit (the CSV's by default), None when it fits."""
    limit = limit or MAX_FILE_BYTES
    if size <= limit:
        return None
    return _("The file is too large: at most %(mb)s MB can be imported at once; split it into parts.") % {
        "mb": f"{limit / (1024 * 1024):g}"
    }


class ImportRejected(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems[:5]))
        self.problems = problems


@dataclass
class ImportResult:
    added: int
    skipped: int
    rows: int


def _parse_day(text: str) -> datetime.date | None:
    for fmt in TIMESTAMP_FORMATS:
        try:
            return datetime.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


def _service_lookup() -> dict[str, str]:
    """Lower-cased code, Georgian and English names -> service code."""
    table: dict[str, str] = {}
    for code, ka, en in Service.objects.values_list("code", "name_ka", "name_en"):
        for key in (code, ka, en):
            if key:
                table[key.strip().lower()] = code
    return table


def _check_mapping_types(mapping) -> None:
    """The mapping is a user's JSON file: refuse any value of the wrong type before it is used."""
    if not isinstance(mapping, dict) or not isinstance(mapping.get("columns", {}), dict):
        raise ImportRejected([_('The mapping must be a JSON object with a "columns" object.')])
    problems = []
    if not all(isinstance(v, str) for v in mapping.get("columns", {}).values()):
        problems.append(_('Mapping: each entry of "columns" must name a question code as text.'))
    for key in SPECIAL:
        if mapping.get(key) is not None and not isinstance(mapping[key], str):
            problems.append(_('Mapping: "%(k)s" must be a column header as text.') % {"k": key})
    ignore = mapping.get("ignore", [])
    if not isinstance(ignore, list) or not all(isinstance(h, str) for h in ignore):
        problems.append(_('Mapping: "ignore" must be a list of column headers.'))
    values = mapping.get("values", {})
    if not isinstance(values, dict) or not all(
        isinstance(table, dict) and all(isinstance(v, str) for v in table.values())
        for table in values.values()
    ):
        problems.append(_('Mapping: "values" must map a header to an object of text to value.'))
    if problems:
        raise ImportRejected(problems)


def import_csv(
    *, user, form: Form, mapping: dict, text: str, today: datetime.date | None = None
) -> ImportResult:
    require_role(user, Role.FEEDBACK_OFFICER)
    problems: list[str] = []
    message = too_large(len(text.encode("utf-8")))
    if message:
        raise ImportRejected([message])
    _check_mapping_types(mapping)
    version = form.versions.get(is_current=True)
    questions = {q.code: q for q in version.questions.all()}
    columns: dict[str, str] = mapping.get("columns", {})
    special = {key: mapping.get(key) for key in SPECIAL if mapping.get(key)}
    ignore = set(mapping.get("ignore", []))
    value_maps: dict[str, dict[str, str]] = mapping.get("values", {})

    for header, code in columns.items():
        if code not in questions:
            problems.append(
                _('Mapping: column "%(h)s" points to unknown question "%(c)s".') % {"h": header, "c": code}
            )
    reader = csv.DictReader(io.StringIO(text))
    headers = reader.fieldnames or []
    if not headers:
        raise ImportRejected([_("The file is empty or has no header row.")])
    known = set(columns) | set(special.values()) | ignore
    for header in headers:
        if header not in known:
            problems.append(
                _('Unknown column "%(h)s": map it to a question or list it under "ignore".') % {"h": header}
            )
    for key, header in special.items():
        if header not in headers:
            problems.append(
                _('Mapping: the %(k)s column "%(h)s" is not in the file.') % {"k": key, "h": header}
            )
    if problems:
        raise ImportRejected(problems)

    services_by_name = _service_lookup()
    prepared: list[tuple[int, dict, datetime.date, str, str]] = []
    seen: dict[str, int] = {}
    used_headers = sorted(set(columns) | {h for k, h in special.items() if k != "timestamp"})
    for line, row in enumerate(reader, start=2):
        if line - 1 > MAX_ROWS:
            raise ImportRejected(
                [_("The file has more than %(n)d rows: split it into parts.") % {"n": MAX_ROWS}]
            )

        def cell(header: str, row=row) -> str:
            raw = (row.get(header) or "").strip()
            return value_maps.get(header, {}).get(raw, raw)

        data: dict = {"answers": {}}
        if "service" in special:
            raw = cell(special["service"])
            if raw.lower() in NOT_SURE_WORDS:
                data["service"] = services.NOT_SURE
            elif raw.lower() in services_by_name:
                data["service"] = services_by_name[raw.lower()]
            else:
                problems.append(
                    _('Row %(n)d, column "%(h)s": unknown service "%(v)s".')
                    % {"n": line, "h": special["service"], "v": raw}
                )
        if "sex" in special:
            raw = cell(special["sex"])
            if raw:
                data["sex"] = SEX_WORDS.get(raw.lower(), raw)
        if "age_band" in special:
            data["age_band"] = cell(special["age_band"])
        channel = Channel.IMPORT
        if "channel" in special:
            raw = cell(special["channel"]).lower()
            if raw:
                if raw not in Channel.values:
                    problems.append(
                        _('Row %(n)d, column "%(h)s": unknown channel "%(v)s".')
                        % {"n": line, "h": special["channel"], "v": raw}
                    )
                channel = raw
        day = today or services.today()
        if "timestamp" in special:
            parsed = _parse_day(cell(special["timestamp"]))
            if parsed is None:
                problems.append(
                    _('Row %(n)d, column "%(h)s": not a date "%(v)s".')
                    % {"n": line, "h": special["timestamp"], "v": cell(special["timestamp"])}
                )
            else:
                day = parsed
        for header, code in columns.items():
            raw = cell(header)
            kind = questions[code].kind
            if kind == Question.Kind.MULTIPLE:
                value = [v.strip() for v in raw.split(",") if v.strip()] if raw else []
            elif kind == Question.Kind.YES_NO:
                value = YES_NO_WORDS.get(raw.lower(), raw)
            else:
                value = raw
            data["answers"][code] = value
        try:
            services.response_clean(version=version, data=data)
        except ValidationError as exc:
            reverse_columns = {f"answers.{code}": header for header, code in columns.items()}
            reverse_columns.update({k: v for k, v in special.items()})
            for field, message in error_dict(exc).items():
                problems.append(
                    _('Row %(n)d, column "%(h)s": %(m)s')
                    % {"n": line, "h": reverse_columns.get(field, field), "m": message}
                )
            continue
        content = "\x1f".join(
            [form.code, day.isoformat()] + [f"{h}\x1d{row.get(h) or ''}" for h in used_headers]
        )
        occurrence = seen.get(content, 0)
        seen[content] = occurrence + 1
        key = services.keyed_hash("csv-import", f"{content}\x1e{occurrence}")
        prepared.append((line, data, day, channel, key))
    if problems:
        raise ImportRejected(problems)

    with transaction.atomic():
        existing = set(
            Response.objects.filter(Q(import_key__in=[p[4] for p in prepared])).values_list(
                "import_key", flat=True
            )
        )
        added = 0
        for _line, data, day, channel, key in prepared:
            if key in existing:
                continue
            services.response_submit(
                version=version, channel=channel, data=data, submitted_on=day, import_key=key
            )
            existing.add(key)
            added += 1
    return ImportResult(added=added, skipped=len(prepared) - added, rows=len(prepared))
