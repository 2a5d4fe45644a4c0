"""Reading a Google Forms CSV export through a column mapping: a pure parser (no database). It returns the
rows as the services' input, or every problem named by row and column; `services.responses_import_csv`
checks the rows against the municipality's data and writes them, all or nothing, and idempotently.

The mapping (JSON)::

    {
      "columns": {"<CSV header>": "<question code>", ...},
      "service": "<header>", "sex": "<header>", "age_band": "<header>",
      "channel": "<header>", "timestamp": "<header>",      # all optional
      "ignore": ["<header>", ...],                          # optional
      "values": {"<header>": {"<text in the file>": "<value>"}},  # optional value translations
      "date_order": "day_first" | "month_first"            # optional, see below
    }

Every header must be mapped or ignored, and every mapped header must be in the file; every row is
validated like a submitted form. If anything is wrong nothing is imported and the problems are listed by
row and column.

Timestamps: Google Forms' own "Download responses (.csv)" layout ``2025/06/12 3:45:12 PM GMT+4`` (the
zone is honoured: the day is the day in Tbilisi) and the layouts a spreadsheet export gives
(``6/12/2025 15:45:12``, ``12/06/2025``, ``12.06.2025``, ``2025-06-12``...). Day-first or month-first is
decided once per file: every row must fit the same order; when every row fits both (no day above 12) the
import stops and asks for "date_order". A day after today is refused.

Each row gets a key, so importing the same file again adds nothing: an HMAC keyed by
settings.PSEUDONYM_KEY over the form code, the day only (not the time), the (question code or field,
cell) pairs the mapping uses (ignored columns are not; the header's wording is not, so rewording a
question in Google Forms does not import everything again) and the row's occurrence in the file, so the
stored key cannot be brute-forced back into an ignored column or the exact time. A row whose key of the
earlier layout (over the headers instead of the question codes) is stored is skipped too, so a file
imported before that change is not imported a second time.
A file is UTF-8 (a byte-order mark is allowed), at most MAX_FILE_BYTES, MAX_ROWS rows and MAX_CELL_CHARS
characters a cell.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
from dataclasses import dataclass

from django.utils import timezone
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
SPECIAL = ("service", "sex", "age_band", "channel", "timestamp")
DAY_FIRST, MONTH_FIRST = "day_first", "month_first"
DATE_ORDERS = (DAY_FIRST, MONTH_FIRST)
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_MAPPING_BYTES = 100 * 1024
MAX_ROWS = 20_000
MAX_CELL_CHARS = 10_000
# the csv module's own limit (128 KiB a field) would stop a long cell with an error naming no column:
# let it read up to the file limit and refuse long cells by row and column below
csv.field_size_limit(max(csv.field_size_limit(), MAX_FILE_BYTES + 1))

_STAMP = re.compile(
    r"""^(?P<a>\d{1,4})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)(?P<c>\d{1,4})
    (?:(?:\s+|T)(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:\.\d+)?)?\s*(?P<ampm>[AaPp]\.?[Mm]\.?)?)?
    \s*(?P<zone>(?:GMT|UTC)(?:\s*[+-]\d{1,2}(?::?\d{2})?)?|Z|[+-]\d{2}:?\d{2})?$""",
    re.VERBOSE,
)
_ZONE = re.compile(r"(?P<sign>[+-])(?P<h>\d{1,2})(?::?(?P<m>\d{2}))?$")


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


class DateOrderNeeded(ImportRejected):
    """Every date of the file fits both day-first and month-first: the officer chooses (mapping
    "date_order" or the page's field)."""


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
    legacy_key: str  # the key a row imported before December 2026 got (headers, not question codes)
    columns: dict[str, str]  # service-error field ("answers.<code>", "service"...) -> the file's header


@dataclass
class ParsedFile:
    """The rows of a file whose headers and mapping are right, and the problems of its cells as
    (row number, message), for the service to add its own checks to before refusing or writing."""

    rows: list[ParsedRow]
    problems: list[tuple[int, str]]


@dataclass(frozen=True)
class _Stamp:
    """A timestamp cell read without deciding the order of its first two numbers."""

    year: int
    first: int  # year-first: the month; otherwise the first number
    second: int
    year_first: bool
    dotted: bool
    time: datetime.time
    offset: datetime.timedelta | None

    def orders(self) -> set[str]:
        """The orders (DAY_FIRST, MONTH_FIRST) this cell is a real date in; year-first cells fit any."""
        if self.year_first:
            return set(DATE_ORDERS) if self.day(DAY_FIRST) else set()
        fits = {order for order in DATE_ORDERS if self.day(order)}
        return fits & {DAY_FIRST} if self.dotted else fits  # 12.06.2025 is always day-first

    def day(self, order: str) -> datetime.date | None:
        """The day in Tbilisi this stamp names, read in ``order``; None when it is no date."""
        if self.year_first:
            month, day = self.first, self.second
        elif order == DAY_FIRST:
            day, month = self.first, self.second
        else:
            month, day = self.first, self.second
        try:
            moment = datetime.datetime.combine(datetime.date(self.year, month, day), self.time)
        except ValueError:
            return None
        if self.offset is None:  # no zone given: the time is Tbilisi's
            return moment.date()
        aware = moment.replace(tzinfo=datetime.timezone(self.offset))
        return aware.astimezone(timezone.get_default_timezone()).date()


def _read_stamp(text: str) -> _Stamp | None:
    match = _STAMP.match(text.strip())
    if match is None:
        return None
    a, b, c = match["a"], match["b"], match["c"]
    if len(a) == 4 and len(c) <= 2:
        year, first, second, year_first = int(a), int(b), int(c), True
    elif len(c) == 4 and len(a) <= 2:
        year, first, second, year_first = int(c), int(a), int(b), False
    else:
        return None
    hour, minute, sec = int(match["h"] or 0), int(match["mi"] or 0), int(match["s"] or 0)
    if match["ampm"]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if match["ampm"][0].lower() == "p" else 0)
    offset = None
    zone = (match["zone"] or "").replace(" ", "")
    if zone:
        parts = _ZONE.search(zone)
        if parts is None:  # "GMT", "UTC", "Z"
            offset = datetime.timedelta(0)
        else:
            sign = -1 if parts["sign"] == "-" else 1
            offset = sign * datetime.timedelta(hours=int(parts["h"]), minutes=int(parts["m"] or 0))
            if abs(offset) > datetime.timedelta(hours=14):
                return None
    try:
        time = datetime.time(hour, minute, sec)
    except ValueError:
        return None
    return _Stamp(
        year=year,
        first=first,
        second=second,
        year_first=year_first,
        dotted=match["sep"] == ".",
        time=time,
        offset=offset,
    )


def _file_date_order(header: str, stamps: list[tuple[int, _Stamp]], chosen: str | None) -> str:
    """The one order the whole column is read in: ``chosen`` when given, else the order every row fits.
    ImportRejected when rows disagree, DateOrderNeeded when every row fits both."""
    if chosen:
        return chosen
    fits = set(DATE_ORDERS)
    only: dict[str, tuple[int, _Stamp]] = {}
    for line, stamp in stamps:
        orders = stamp.orders()
        if len(orders) == 1:
            only.setdefault(next(iter(orders)), (line, stamp))
        if orders:
            fits &= orders
    if not fits and len(only) == 2:
        raise ImportRejected(
            [
                _(
                    'Column "%(h)s" mixes day-first and month-first dates (row %(d)d is day-first, row %(m)d '
                    "is month-first): every row of a file must use one layout."
                )
                % {"h": header, "d": only[DAY_FIRST][0], "m": only[MONTH_FIRST][0]}
            ]
        )
    if len(fits) == 2 and any(not stamp.year_first for _line, stamp in stamps):
        raise DateOrderNeeded(
            [
                _(
                    'Column "%(h)s": every date fits both day-first and month-first (no day above 12): '
                    'choose the order ("date_order": "day_first" or "month_first" in the mapping, or the '
                    "field on the page)."
                )
                % {"h": header}
            ]
        )
    return next(iter(fits)) if len(fits) == 1 else DAY_FIRST


def decode_csv(data: bytes) -> str:
    """The file's text: UTF-8, with or without a byte-order mark. ImportRejected naming the row and column
    of the first byte that is not UTF-8, or of a NUL byte."""
    message = too_large(len(data))
    if message:
        raise ImportRejected([message])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, column = _position(data, exc.start)
        raise ImportRejected(
            [
                _(
                    'Row %(n)d, column "%(h)s": the file is not UTF-8 text. Save it again as "CSV UTF-8" '
                    "(Google Forms' own download is) and import that file."
                )
                % {"n": line, "h": column}
            ]
        ) from None
    if "\x00" in text:
        line, column = _position(data, data.index(b"\x00"))
        raise ImportRejected(
            [
                _('Row %(n)d, column "%(h)s": the file contains a NUL byte; it is not a CSV text file.')
                % {"n": line, "h": column}
            ]
        )
    return text


def _position(data: bytes, offset: int) -> tuple[int, str]:
    """The row number and column header (or number) of byte ``offset`` of a CSV file."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    line = data.count(b"\n", 0, offset) + 1

    def cells(raw: bytes) -> list[str]:
        text = raw.decode("utf-8-sig", "replace").replace("\x00", "").replace("\r", " ")
        try:
            return next(csv.reader([text]), [])
        except csv.Error:  # an unclosed quote or the like: the column is then given by its number
            return text.split(",")

    before = data[line_start:offset]
    index = len(cells(before) or [""]) - 1 if before else 0
    headers = cells(data.split(b"\n", 1)[0])
    return line, headers[index] if index < len(headers) and line > 1 else str(index + 1)


def load_mapping(data: bytes) -> dict:
    """The mapping file's JSON object; ImportRejected naming the line and column of broken JSON, or saying
    it is nested too deeply, too large or not UTF-8."""
    message = too_large(len(data), limit=MAX_MAPPING_BYTES)
    if message:
        raise ImportRejected([message])
    try:
        mapping = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ImportRejected([_("The mapping file is not UTF-8 text.")]) from None
    except json.JSONDecodeError as exc:
        raise ImportRejected(
            [
                _("The mapping is not valid JSON: line %(l)d, column %(c)d: %(m)s")
                % {"l": exc.lineno, "c": exc.colno, "m": exc.msg}
            ]
        ) from None
    except RecursionError:
        raise ImportRejected([_("The mapping is nested too deeply to be a column mapping.")]) from None
    check_mapping_types(mapping)
    return mapping


def check_mapping_types(mapping) -> None:
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
    if mapping.get("date_order") not in (None, "", *DATE_ORDERS):
        problems.append(_('Mapping: "date_order" must be "day_first" or "month_first".'))
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
    date_order: str | None = None,
) -> ParsedFile:
    """The file's rows and the problems of its cells by row and column; ImportRejected when the mapping,
    the headers, the size or the file's date layout are wrong (nothing can be read then). No database:
    ``questions`` is {question code: kind} of the form's current version, ``service_names`` {lower-cased
    code, Georgian or English name: service code}; ``today`` is the day of rows without a timestamp and
    the last day a timestamp may name; ``date_order`` (or the mapping's) decides an ambiguous file."""
    problems: list[str] = []
    message = too_large(len(text.encode("utf-8")))
    if message:
        raise ImportRejected([message])
    check_mapping_types(mapping)
    columns: dict[str, str] = mapping.get("columns", {})
    special: dict[str, str] = {key: mapping[key] for key in SPECIAL if mapping.get(key)}
    ignore = set(mapping.get("ignore", []))
    value_maps: dict[str, dict[str, str]] = mapping.get("values", {})
    order = date_order or mapping.get("date_order") or None

    for header, code in columns.items():
        if code not in questions:
            problems.append(
                _('Mapping: column "%(h)s" points to unknown question "%(c)s".') % {"h": header, "c": code}
            )
    codes = list(columns.values())
    for code in sorted({c for c in codes if codes.count(c) > 1}):
        problems.append(_('Mapping: more than one column points to question "%(c)s".') % {"c": code})
    reader = csv.DictReader(io.StringIO(text))
    try:
        headers = reader.fieldnames or []
    except csv.Error as exc:
        raise ImportRejected([_("Row 1: the header row cannot be read: %(m)s") % {"m": exc}]) from None
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
    for header, code in columns.items():
        if header not in headers:
            problems.append(
                _('Mapping: the column "%(h)s" of question "%(c)s" is not in the file.')
                % {"h": header, "c": code}
            )
    if problems:
        raise ImportRejected(problems)

    raw_rows: list[tuple[int, dict]] = []
    try:
        for line, row in enumerate(reader, start=2):
            if line - 1 > MAX_ROWS:
                raise ImportRejected(
                    [_("The file has more than %(n)d rows: split it into parts.") % {"n": MAX_ROWS}]
                )
            raw_rows.append((line, row))
    except csv.Error as exc:
        raise ImportRejected(
            [_("Row %(n)d: the row cannot be read: %(m)s") % {"n": len(raw_rows) + 2, "m": exc}]
        ) from None

    cell_problems: list[tuple[int, str]] = []
    for line, row in raw_rows:
        if row.get(None):
            cell_problems.append(
                (line, _("Row %(n)d has more cells than the header row has columns.") % {"n": line})
            )
        for header in headers:
            if "\x00" in (row.get(header) or ""):
                cell_problems.append(
                    (
                        line,
                        _(
                            'Row %(n)d, column "%(h)s": the file contains a NUL byte; it is not a CSV text file.'
                        )
                        % {"n": line, "h": header},
                    )
                )
            if len(row.get(header) or "") > MAX_CELL_CHARS:
                cell_problems.append(
                    (
                        line,
                        _('Row %(n)d, column "%(h)s": the cell is longer than %(max)d characters.')
                        % {"n": line, "h": header, "max": MAX_CELL_CHARS},
                    )
                )
    if cell_problems:
        raise ImportRejected([message for _line, message in cell_problems])

    stamps: dict[int, _Stamp] = {}
    if "timestamp" in special:
        for line, row in raw_rows:
            raw = (row.get(special["timestamp"]) or "").strip()
            stamp = _read_stamp(value_maps.get(special["timestamp"], {}).get(raw, raw))
            if stamp is not None and stamp.orders():
                stamps[line] = stamp
            else:
                cell_problems.append(
                    (
                        line,
                        _('Row %(n)d, column "%(h)s": not a date "%(v)s".')
                        % {"n": line, "h": special["timestamp"], "v": raw},
                    )
                )
        order = _file_date_order(special["timestamp"], list(stamps.items()), order)

    error_columns = {f"answers.{code}": header for header, code in columns.items()}
    error_columns.update(special)
    rows: list[ParsedRow] = []
    seen: dict[str, int] = {}
    # the key reads (question code or field, cell): the header's wording is not part of it
    key_fields = sorted([(code, header) for header, code in columns.items()])
    key_fields += [(key, header) for key, header in sorted(special.items()) if key != "timestamp"]
    legacy_headers = sorted(set(columns) | {h for k, h in special.items() if k != "timestamp"})
    legacy_seen: dict[str, int] = {}
    for line, row in raw_rows:

        def cell(header: str, row=row) -> str:
            raw = (row.get(header) or "").strip()
            return value_maps.get(header, {}).get(raw, raw)

        data: dict = {"answers": {}}
        if "service" in special:
            raw = cell(special["service"])
            if raw.lower() in NOT_SURE_WORDS or raw == NOT_SURE:
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
        if line in stamps:
            read = stamps[line].day(order or DAY_FIRST)
            if read is None:
                cell_problems.append(
                    (
                        line,
                        _('Row %(n)d, column "%(h)s": "%(v)s" is not a date when read %(o)s.')
                        % {
                            "n": line,
                            "h": special["timestamp"],
                            "v": (row.get(special["timestamp"]) or "").strip(),
                            "o": _("day-first") if order == DAY_FIRST else _("month-first"),
                        },
                    )
                )
            elif read > today:
                cell_problems.append(
                    (
                        line,
                        _('Row %(n)d, column "%(h)s": the date %(d)s is in the future.')
                        % {"n": line, "h": special["timestamp"], "d": read.isoformat()},
                    )
                )
            else:
                day = read
        for header, code in columns.items():
            raw = cell(header)
            kind = questions[code]
            value: str | list[str]
            if kind == Question.Kind.MULTIPLE:
                whole, table = (row.get(header) or "").strip(), value_maps.get(header, {})
                items = (
                    table[whole].split(",")
                    if whole in table
                    else [table.get(v.strip(), v) for v in whole.split(",")]
                )
                value = [v.strip() for v in items if v.strip()]
            elif kind == Question.Kind.YES_NO:
                value = YES_NO_WORDS.get(raw.lower(), raw)
            else:
                value = raw
            data["answers"][code] = value
        content = "\x1f".join(
            [form_code, day.isoformat()]
            + [f"{name}\x1d{(row.get(header) or '').strip()}" for name, header in key_fields]
        )
        occurrence = seen.get(content, 0)
        seen[content] = occurrence + 1
        key = keyed_hash("csv-import", f"{content}\x1e{occurrence}")
        legacy = "\x1f".join(
            [form_code, day.isoformat()] + [f"{h}\x1d{row.get(h) or ''}" for h in legacy_headers]
        )
        legacy_occurrence = legacy_seen.get(legacy, 0)
        legacy_seen[legacy] = legacy_occurrence + 1
        rows.append(
            ParsedRow(
                line=line,
                data=data,
                day=day,
                channel=channel,
                key=key,
                legacy_key=keyed_hash("csv-import", f"{legacy}\x1e{legacy_occurrence}"),
                columns=error_columns,
            )
        )
    return ParsedFile(rows=rows, problems=cell_problems)


def row_problem(row: ParsedRow, field: str, message: str) -> str:
    """A service's complaint about a field of a parsed row, named by the file's row and column."""
    return _('Row %(n)d, column "%(h)s": %(m)s') % {
        "n": row.line,
        "h": row.columns.get(field, field),
        "m": message,
    }
