"""Every status table as CSV, XLSX and JSON: the cells of reports.presentation, unchanged.

CSV is for Danish spreadsheets: semicolon-separated, decimal comma, UTF-8 with a BOM.
XLSX and JSON carry the same rounded numbers as numbers.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

from reports.presentation import DECIMAL, Table
from reports.status import ReportData

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json; charset=utf-8",
}


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:f}".replace(".", ",")
    return str(value)


def to_csv(table: Table) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([str(column.label) for column in table.columns])
    for row in table.rows:
        writer.writerow([_csv_value(cell) for cell in row.cells])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(table: Table, data: ReportData) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = table.key[:31]
    workbook.properties.title = table.caption
    sheet.append([str(column.label) for column in table.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append([float(c) if isinstance(c, Decimal) else c for c in row.cells])
        if row.total:
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)
    for index, column in enumerate(table.columns, start=1):
        if column.kind == DECIMAL:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = "0.0"
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def to_json(table: Table, data: ReportData, scope: str) -> bytes:
    def number(value):
        return float(value) if isinstance(value, Decimal) else value

    payload = {
        "table": table.key,
        "caption": table.caption,
        "period": {
            "label": data.period.label,
            "start": data.period.start.isoformat(),
            "end": data.period.end.isoformat(),
        },
        "scope": scope,
        "columns": [
            {"key": column.key, "label": str(column.label), "kind": column.kind}
            for column in table.columns
        ],
        "rows": [
            {**{k: number(v) for k, v in row.items()}, "is_total_row": table_row.total}
            for row, table_row in zip(table.as_dicts(), table.rows, strict=True)
        ],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2).encode("utf-8")


def export(table: Table, data: ReportData, fmt: str, scope: str) -> bytes:
    if fmt == "csv":
        return to_csv(table)
    if fmt == "xlsx":
        return to_xlsx(table, data)
    if fmt == "json":
        return to_json(table, data, scope)
    raise ValueError(fmt)
