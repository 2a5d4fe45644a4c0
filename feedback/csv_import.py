"""Reading a Google Forms CSV export through a column mapping: a pure parser (no database). It returns the
rows as the services' input, or every problem named by row and column; `services.responses_import_csv`
checks the rows against the municipality's data and writes them, all or nothing, and idempotently.

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
importing the same file again adds nothing: an HMAC keyed by settings.PSEUDONYM_KEY over the form code, the
cells the mapping uses (ignored columns are not), the day only (not the time) and the row's occurrence
in the file, so the stored key cannot be brute-forced back into an ignored column or the exact time.
A file is at most MAX_FILE_BYTES and MAX_ROWS rows.
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .models import Channel, Question
from .services.common import NOT_SURE, keyed_hash

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


@dataclass(frozen=True)
class ParsedRow:
    """One row of the file as the services' input: ``data`` as a submitted form, the day, the channel and
    the key that makes importing it twice add nothing."""

    line: int
    data: dict
    day: datetime.date
    channel: str
    key: str
    columns: dict[str, str]  # service-error field ("answers.<code>", "service"...) -> the file's header


@dataclass
class ParsedFile:
    """The rows of a file whose headers and mapping are right, and the problems of its cells as
    (row number, message), for the service to add its own checks to before refusing or writing."""

    rows: list[ParsedRow]
    problems: list[tuple[int, str]]


def _parse_day(text: str) -> datetime.date | None:
    for fmt in TIMESTAMP_FORMATS:
        try:
            return datetime.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


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


def parse_csv(
    *,
    form_code: str,
    questions: dict[str, str],
    service_names: dict[str, str],
    mapping: dict,
    text: str,
    today: datetime.date,
) -> ParsedFile:
    """The file's rows and the problems of its cells by row and column; ImportRejected when the mapping,
    the headers or the size are wrong (nothing can be read then). No database:
    ``questions`` is {question code: kind} of the form's current version, ``service_names`` {lower-cased
    code, Georgian or English name: service code}; ``today`` is the day of rows without a timestamp."""
    problems: list[str] = []
    message = too_large(len(text.encode("utf-8")))
    if message:
        raise ImportRejected([message])
    _check_mapping_types(mapping)
    columns: dict[str, str] = mapping.get("columns", {})
    special: dict[str, str] = {key: mapping[key] for key in SPECIAL if mapping.get(key)}
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

    error_columns = {f"answers.{code}": header for header, code in columns.items()}
    error_columns.update(special)
    rows: list[ParsedRow] = []
    cell_problems: list[tuple[int, str]] = []
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
                data["service"] = NOT_SURE
            elif raw.lower() in service_names:
                data["service"] = service_names[raw.lower()]
            else:
                cell_problems.append(
                    (
                        line,
                        _('Row %(n)d, column "%(h)s": unknown service "%(v)s".')
                        % {"n": line, "h": special["service"], "v": raw},
                    )
                )
        if "sex" in special:
            raw = cell(special["sex"])
            if raw:
                data["sex"] = SEX_WORDS.get(raw.lower(), raw)
        if "age_band" in special:
            data["age_band"] = cell(special["age_band"])
        channel: str = Channel.IMPORT
        if "channel" in special:
            raw = cell(special["channel"]).lower()
            if raw:
                if raw not in Channel.values:
                    cell_problems.append(
                        (
                            line,
                            _('Row %(n)d, column "%(h)s": unknown channel "%(v)s".')
                            % {"n": line, "h": special["channel"], "v": raw},
                        )
                    )
                channel = raw
        day = today
        if "timestamp" in special:
            parsed = _parse_day(cell(special["timestamp"]))
            if parsed is None:
                cell_problems.append(
                    (
                        line,
                        _('Row %(n)d, column "%(h)s": not a date "%(v)s".')
                        % {"n": line, "h": special["timestamp"], "v": cell(special["timestamp"])},
                    )
                )
            else:
                day = parsed
        for header, code in columns.items():
            raw = cell(header)
            kind = questions[code]
            value: str | list[str]
            if kind == Question.Kind.MULTIPLE:
                value = [v.strip() for v in raw.split(",") if v.strip()] if raw else []
            elif kind == Question.Kind.YES_NO:
                value = YES_NO_WORDS.get(raw.lower(), raw)
            else:
                value = raw
            data["answers"][code] = value
        content = "\x1f".join(
            [form_code, day.isoformat()] + [f"{h}\x1d{row.get(h) or ''}" for h in used_headers]
        )
        occurrence = seen.get(content, 0)
        seen[content] = occurrence + 1
        key = keyed_hash("csv-import", f"{content}\x1e{occurrence}")
        rows.append(ParsedRow(line=line, data=data, day=day, channel=channel, key=key, columns=error_columns))
    return ParsedFile(rows=rows, problems=cell_problems)


def row_problem(row: ParsedRow, field: str, message: str) -> str:
    """A service's complaint about a field of a parsed row, named by the file's row and column."""
    return _('Row %(n)d, column "%(h)s": %(m)s') % {
        "n": row.line,
        "h": row.columns.get(field, field),
        "m": message,
    }
