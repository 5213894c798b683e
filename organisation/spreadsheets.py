"""Reading the spreadsheets people import: CSV or XLSX, Danish headers, dates and numbers.

Shared by every import (onboarding, HR, targets could follow). An import names its columns
(normalised header → key) and labels; rows come back numbered as the user sees them in
the spreadsheet (the header is row 1).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

DATE_FORMATS = ("%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y", "%Y-%m-%d")
YES = {"ja", "j", "x", "1", "true", "sand"}
NO = {"nej", "n", "0", "false", "falsk", ""}


class ImportFormatError(Exception):
    """The file as a whole cannot be read (wrong type, encoding or columns)."""


class RowError(Exception):
    def __init__(self, column: str | None, message: str):
        super().__init__(message)
        self.column, self.message = column, message


@dataclass(frozen=True)
class Layout:
    """An import's columns: normalised header → key, key → label, and the required keys."""

    columns: dict[str, str]
    labels: dict[str, str]
    required: tuple[str, ...] = ()

    def headers(self) -> list[str]:
        return [self.labels[key] for key in dict.fromkeys(self.columns.values())]


Records = list[tuple[int, dict]]


def normalise_header(value) -> str:
    return re.sub(r"\s+", " ", str(value or "").replace(".", "").strip().lower())


def _cell(value) -> object:
    return value.strip() if isinstance(value, str) else value


def records(header: list, rows, layout: Layout) -> Records:
    keys = [layout.columns.get(normalise_header(h)) for h in header]
    missing = [layout.labels[key] for key in layout.required if key not in keys]
    if missing:
        raise ImportFormatError(
            _("Filen mangler kolonnerne: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    result = []
    for number, row in rows:
        values = {key: _cell(v) for key, v in zip(keys, row, strict=False) if key}
        if any(v not in (None, "") for v in values.values()):
            result.append((number, values))
    return result


def csv_rows(content: bytes) -> list[list]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFormatError(_("Filen er ikke gemt som UTF-8.")) from error
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def xlsx_sheets(content: bytes) -> dict[str, list[list]]:
    """Every sheet's rows by sheet name, in the workbook's order."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001  (openpyxl raises many kinds for a bad file)
        raise ImportFormatError(_("Filen kan ikke læses som XLSX.")) from error
    try:
        return {
            sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)]
            for sheet in workbook.worksheets
        }
    finally:
        workbook.close()


def table_records(rows: list[list], layout: Layout) -> Records:
    if not rows:
        raise ImportFormatError(_("Filen er tom."))
    return records(list(rows[0]), enumerate(rows[1:], start=2), layout)


def read_file(filename: str, content: bytes, layout: Layout) -> Records:
    """One table: a CSV file, or the first sheet of an XLSX workbook."""
    name = filename.lower()
    if name.endswith(".csv"):
        return table_records(csv_rows(content), layout)
    if name.endswith(".xlsx"):
        sheets = xlsx_sheets(content)
        return table_records(next(iter(sheets.values()), []), layout)
    raise ImportFormatError(_("Vælg en CSV- eller XLSX-fil."))


def template_xlsx(sheets: list[tuple[str, list[str], list[list]]]) -> bytes:
    """A workbook to fill in: per sheet its headers (bold, frozen) and example rows."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, headers, examples in sheets:
        sheet = workbook.create_sheet(title)
        sheet.append(headers)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in examples:
            sheet.append(row)
        sheet.freeze_panes = "A2"
        for index, header in enumerate(headers, start=1):
            sheet.column_dimensions[cell_letter(index)].width = max(12, len(header) + 4)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def cell_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


# --- Values ---------------------------------------------------------------------------------------


def text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def parse_date(value, key: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(str(value).strip(), fmt).date()
        except ValueError:
            continue
    raise RowError(key, _("“%(value)s” er ikke en dato (dd-mm-åååå).") % {"value": value})


def parse_decimal(value, key: str) -> Decimal | None:
    if value in (None, ""):
        return None
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value))
    raw = str(value).replace(" ", "").replace("\xa0", "")
    if "," in raw:  # decimal comma, perhaps with thousands points
        raw = raw.replace(".", "").replace(",", ".")
    try:
        return Decimal(raw)
    except InvalidOperation as error:
        raise RowError(key, _("“%(value)s” er ikke et tal.") % {"value": value}) from error


def parse_whole(value, key: str) -> int | None:
    number = parse_decimal(value, key)
    if number is None:
        return None
    if number != number.to_integral_value() or number < 0:
        raise RowError(key, _("“%(value)s” er ikke et helt tal.") % {"value": value})
    return int(number)


def parse_yes_no(value, key: str) -> bool | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    wanted = text(value).lower()
    if wanted in YES:
        return True
    if wanted in NO:
        return False
    raise RowError(key, _("Skriv ja eller nej, ikke “%(value)s”.") % {"value": value})


def codes(value) -> list[str]:
    """A cell listing codes, separated by commas or semicolons."""
    return [part.strip() for part in re.split(r"[,;]", text(value)) if part.strip()]
