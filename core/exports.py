"""Every list and table to CSV or XLSX, the one way the portal writes spreadsheets.

CSV is what Danish Excel opens with a double click: `;` between cells, UTF-8 with a BOM,
decimal comma, dates as dd-mm-åååå. XLSX carries real dates and numbers, a bold frozen
header row and an autofilter. Text that a spreadsheet would read as a formula (starting
with `=`, `+`, `-`, `@`, a tab or a carriage return) is prefixed with `'` in both; numbers
are never touched, so a negative number stays a number.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.http import HttpResponse

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "DD-MM-YYYY"


def neutralise(value):
    """Text a spreadsheet would run as a formula becomes plain text; other values pass."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _plain(value):
    """Lazy translations and model objects become text; numbers and dates stay themselves."""
    if value is None or isinstance(value, bool | int | float | Decimal | dt.date):
        return value
    return str(value)


def csv_cell(value) -> str:
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Ja" if value else "Nej"
    if isinstance(value, dt.datetime):
        return value.strftime("%d-%m-%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, Decimal):
        return f"{value:f}".replace(".", ",")
    if isinstance(value, float):
        return repr(value).replace(".", ",")
    if isinstance(value, int):
        return str(value)
    return neutralise(value)


def to_csv(header: Sequence, rows: Iterable[Sequence]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([csv_cell(h) for h in header])
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _xlsx_cell(value):
    value = _plain(value)
    if isinstance(value, bool):
        return "Ja" if value else "Nej"
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)  # Excel has no time zones
    return neutralise(value)


def to_xlsx(
    header: Sequence,
    rows: Iterable[Sequence],
    *,
    title: str = "",
    number_formats: dict[int, str] | None = None,
    bold_rows: Iterable[int] = (),
) -> bytes:
    """`number_formats` maps a 0-based column to an Excel format, e.g. {3: "0.0"};
    `bold_rows` are 0-based data rows to set in bold (totals)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = (title or "Ark1")[:31].replace("/", "-")
    workbook.properties.title = title
    sheet.append([neutralise(str(h)) for h in header])
    bold = Font(bold=True)
    for cell in sheet[1]:
        cell.font = bold
    widths = [len(str(h)) for h in header]
    for row in rows:
        values = [_xlsx_cell(v) for v in row]
        sheet.append(values)
        for index, value in enumerate(values):
            if isinstance(value, dt.datetime):
                sheet.cell(row=sheet.max_row, column=index + 1).number_format = (
                    DATE_FORMAT + " hh:mm"
                )
            elif isinstance(value, dt.date):
                sheet.cell(row=sheet.max_row, column=index + 1).number_format = DATE_FORMAT
            if index < len(widths):
                widths[index] = max(widths[index], len(csv_cell(value)))
    for index, fmt in (number_formats or {}).items():
        for (cell,) in sheet.iter_rows(min_row=2, min_col=index + 1, max_col=index + 1):
            cell.number_format = fmt
    for index in bold_rows:
        for cell in sheet[index + 2]:
            cell.font = bold
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width, 8) + 2, 60)
    sheet.freeze_panes = "A2"
    if header:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{max(sheet.max_row, 1)}"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def render(fmt: str, header: Sequence, rows: Iterable[Sequence], *, title: str = "") -> bytes:
    if fmt == "csv":
        return to_csv(header, rows)
    if fmt == "xlsx":
        return to_xlsx(header, rows, title=title)
    raise ValueError(fmt)


def response(content: bytes, fmt: str, filename: str) -> HttpResponse:
    reply = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    reply["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return reply


def table_rows(table, exclude_columns: Iterable[str] = ()) -> tuple[list, list[list]]:
    """A django-tables2 table's header and rows through its `value_*` methods; every row,
    not only the page shown."""
    values = iter(table.as_values(exclude_columns=tuple(exclude_columns)))
    header = next(values)
    return header, [list(row) for row in values]
