"""Every status table as CSV, XLSX (core.exports) and JSON: the cells of
reports.presentation, unchanged. XLSX and JSON carry the same rounded numbers as numbers.
"""

from __future__ import annotations

import json
from decimal import Decimal

from core import exports
from reports.presentation import DECIMAL, Table
from reports.status import ReportData

CONTENT_TYPES = {**exports.CONTENT_TYPES, "json": "application/json; charset=utf-8"}


def to_csv(table: Table) -> bytes:
    return exports.to_csv(
        [column.label for column in table.columns], [row.cells for row in table.rows]
    )


def to_xlsx(table: Table, data: ReportData) -> bytes:
    return exports.to_xlsx(
        [column.label for column in table.columns],
        [row.cells for row in table.rows],
        title=table.key,
        number_formats={
            index: "0.0" for index, column in enumerate(table.columns) if column.kind == DECIMAL
        },
        bold_rows=[index for index, row in enumerate(table.rows) if row.total],
    )


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
        **({"day": data.slot_states.day.isoformat()} if table.key == "slot_states" else {}),
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
