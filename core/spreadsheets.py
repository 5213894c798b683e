"""Reading uploaded spreadsheets within a budget: a file that declares (or holds) more rows
or columns than an import can use is refused before it is loaded.

An XLSX is a zip of XML. openpyxl's read-only mode streams the rows, but pads every row to
the sheet's declared dimension: a 59 KB file claiming A1:XFD1048576 would take gigabytes. So
the zip's unpacked size and the declared dimension are checked first, and the rows are read
with a column cap and counted as they come.
"""

from __future__ import annotations

import csv
import io
import zipfile

from django.conf import settings
from django.utils.translation import gettext as _

MAX_COLUMNS = 60
MAX_UNPACKED_BYTES = 50 * 1024 * 1024


class SpreadsheetTooLarge(ValueError):
    """Raised with a Danish message for the user."""


def _too_many_rows() -> SpreadsheetTooLarge:
    return SpreadsheetTooLarge(
        _("Filen har mere end %(rows)s rækker: del den op i flere filer.")
        % {"rows": f"{settings.IMPORT_MAX_ROWS:,}".replace(",", ".")}
    )


def check_zip(content: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        return  # openpyxl says it cannot read the file
    if unpacked > MAX_UNPACKED_BYTES:
        raise SpreadsheetTooLarge(_("Filen fylder for meget udpakket: del den op i flere filer."))


def sheet_rows(sheet) -> list[tuple]:
    """A read-only worksheet's rows as tuples of values, within IMPORT_MAX_ROWS and
    MAX_COLUMNS; raises SpreadsheetTooLarge."""
    # The <dimension> the file declares, read without loading any row.
    if (sheet.max_row or 0) > settings.IMPORT_MAX_ROWS + 1:  # + the header
        raise _too_many_rows()
    if (sheet.max_column or 0) > MAX_COLUMNS:
        raise SpreadsheetTooLarge(
            _("Filen har mere end %(columns)s kolonner.") % {"columns": MAX_COLUMNS}
        )
    # The declared dimension may lie (or be missing): cap the columns and count the rows.
    sheet.reset_dimensions()
    rows = []
    for row in sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True):
        rows.append(row)
        if len(rows) > settings.IMPORT_MAX_ROWS + 1:
            raise _too_many_rows()
    return rows


def xlsx_rows(content: bytes) -> list[tuple]:
    """The first sheet's rows (sheet_rows). Raises SpreadsheetTooLarge, or what openpyxl
    raises for a file it cannot read."""
    from openpyxl import load_workbook

    check_zip(content)
    workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    try:
        return sheet_rows(workbook.worksheets[0])
    finally:
        workbook.close()


def csv_rows(text: str, delimiter: str) -> list[list[str]]:
    """The rows of a CSV text, within IMPORT_MAX_ROWS (the header not counted)."""
    rows = []
    for row in csv.reader(io.StringIO(text), delimiter=delimiter):
        rows.append(row[:MAX_COLUMNS])
        if len(rows) > settings.IMPORT_MAX_ROWS + 1:
            raise _too_many_rows()
    return rows
