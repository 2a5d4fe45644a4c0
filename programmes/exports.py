"""CSV and XLSX exports of the application register and the budget view (same rows, two formats)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .models import BenefitApplication

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# A text cell starting with one of these is read as a formula by spreadsheet programs (OWASP "CSV
# injection"): a citizen named '=HYPERLINK(...)' would become a live link in the staff's export.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """A cell value that a spreadsheet shows as typed: text that could start a formula gets a leading
    apostrophe; numbers, dates and everything else pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def _safe_row(row: Sequence) -> list:
    return [safe_cell(value) for value in row]


class _Echo:
    def write(self, value):
        return value


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence]) -> StreamingHttpResponse:
    """A streamed CSV (UTF-8 with BOM so that spreadsheet programs read Georgian correctly)."""
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff" + writer.writerow(_safe_row(header))
        for row in rows:
            yield writer.writerow(_safe_row(row))

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(filename: str, title: str, header: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    """An XLSX built in write-only mode, so a register of 100,000 rows does not sit in memory as cells."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    for index, name in enumerate(header):
        sheet.column_dimensions[get_column_letter(index + 1)].width = max(12, min(50, len(str(name)) + 4))
    bold = Font(bold=True)
    header_cells = []
    for name in header:
        cell = WriteOnlyCell(sheet, value=safe_cell(str(name)))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append(_safe_row(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def register_header() -> list[str]:
    return [
        _("Number"),
        _("Received on"),
        _("Service code"),
        _("Service"),
        _("Channel"),
        _("Status"),
        _("Applicant"),
        _("Personal number"),
        _("Decided on"),
        _("Decided amount, GEL"),
        _("Paper feedback form handed over"),
    ]


def register_rows(queryset) -> Iterable[list]:
    """Rows of the register export; one query, streamed with a server-side cursor."""
    channels = dict(BenefitApplication.Channel.choices)
    statuses = dict(BenefitApplication.Status.choices)
    values = queryset.values_list(
        "number",
        "received_on",
        "service__code",
        "service__name_ka",
        "channel",
        "status",
        "applicant__first_name",
        "applicant__last_name",
        "applicant__personal_number",
        "decided_on",
        "decided_amount",
        "feedback_form_handed",
    )
    for (
        number,
        received,
        code,
        service,
        channel,
        status,
        first,
        last,
        pn,
        decided_on,
        amount,
        handed,
    ) in values.iterator(chunk_size=2000):
        yield [
            number,
            received,
            code,
            service,
            str(channels.get(channel, channel)),
            str(statuses.get(status, status)),
            f"{first} {last}",
            pn,
            decided_on,
            amount,
            _("yes") if handed else _("no"),
        ]


def budget_header() -> list[str]:
    return [
        _("Programme"),
        _("Service code"),
        _("Service"),
        _("Planned, GEL"),
        _("Committed, GEL"),
        _("Paid, GEL"),
        _("Spent by child and family cases, GEL"),
        _("Available, GEL"),
    ]


def budget_rows(lines, totals) -> list[list]:
    rows = [
        [
            line.service.programme.name_ka,
            line.service.code,
            line.service.name_ka,
            line.planned,
            line.committed,
            line.paid,
            line.child_support,  # hidden (None) for a council member when it went to few families
            line.available,  # hidden (None) with committed for a council member
        ]
        for line in lines
    ]
    rows.append(
        [
            _("Total"),
            "",
            "",
            totals["planned"],
            totals["committed"],
            totals["paid"],
            totals.get("child_support"),
            totals["available"],
        ]
    )
    return rows
