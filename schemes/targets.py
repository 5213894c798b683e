"""Targets (måltal): enter, copy last year's, import a file. Every change is in Target.history.

Import format: docs/targets-import.md. A file is imported whole or not at all: every row is
checked first, and one bad row means nothing is written and every error is reported.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from core.services import delete_as, save_as
from organisation.models import Department
from schemes.models import Target, TargetCategory, TargetUnit

MAX_VALUE = Decimal("9999999")


# --- Entering and copying ----------------------------------------------------------------


def target_set(
    *,
    department: Department,
    category: TargetCategory,
    year: int,
    value: Decimal | None,
    unit: str,
    acting_user,
) -> Target | None:
    """Create, change or (value None) remove one target; history records who did it."""
    target = Target.objects.filter(department=department, category=category, year=year).first()
    if value is None:
        if target is not None:
            delete_as(target, acting_user)
        return None
    if target is None:
        target = Target(department=department, category=category, year=year)
    elif target.value == value and target.unit == unit:
        return target  # unchanged: no history row
    target.value = value
    target.unit = unit
    save_as(target, acting_user)
    return target


@transaction.atomic
def targets_set_for_department(
    *, department: Department, year: int, entries: dict, acting_user
) -> None:
    """`entries`: {category: (value or None, unit)} for one department and year."""
    for category, (value, unit) in entries.items():
        target_set(
            department=department,
            category=category,
            year=year,
            value=value,
            unit=unit,
            acting_user=acting_user,
        )


@transaction.atomic
def targets_copy_previous_year(*, year: int, acting_user) -> tuple[int, int]:
    """Copy year-1's targets into `year` where `year` has none yet: (copied, kept)."""
    existing = set(Target.objects.filter(year=year).values_list("department_id", "category_id"))
    copied = kept = 0
    for previous in Target.objects.filter(year=year - 1):
        if (previous.department_id, previous.category_id) in existing:
            kept += 1
            continue
        target = Target(
            department_id=previous.department_id,
            category_id=previous.category_id,
            year=year,
            value=previous.value,
            unit=previous.unit,
        )
        save_as(target, acting_user)
        copied += 1
    return copied, kept


# --- Import ---------------------------------------------------------------------------------

HEADERS = {
    "år": "year",
    "aar": "year",
    "year": "year",
    "forvaltning": "department",
    "department": "department",
    "måltalskategori": "category",
    "kategori": "category",
    "category": "category",
    "måltal": "value",
    "maaltal": "value",
    "value": "value",
    "enhed": "unit",
    "unit": "unit",
}
REQUIRED = ("year", "department", "category", "value", "unit")
UNIT_WORDS = {
    "helårspersoner": TargetUnit.FULL_YEAR_PERSONS,
    "helaarspersoner": TargetUnit.FULL_YEAR_PERSONS,
    "antal personer": TargetUnit.HEAD_COUNT,
    "personer": TargetUnit.HEAD_COUNT,
    "pladser": TargetUnit.SLOTS,
    "% af ansatte": TargetUnit.SHARE_OF_EMPLOYEES,
    "procent af ansatte": TargetUnit.SHARE_OF_EMPLOYEES,
    "%": TargetUnit.SHARE_OF_EMPLOYEES,
}


class ImportFailed(Exception):
    """Nothing was written; `errors` lists (row number, message)."""

    def __init__(self, errors: list[tuple[int, str]]):
        super().__init__(f"{len(errors)} fejl")
        self.errors = errors


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rows: list = field(default_factory=list)


def _read_rows(name: str, content: bytes) -> list[tuple[int, list[str]]]:
    """[(spreadsheet row number, cells)] from a CSV (; or , separated) or an XLSX file."""
    if name.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
        except Exception as error:  # noqa: BLE001  (openpyxl raises many kinds for a bad file)
            raise ImportFailed([(0, _("Filen kunne ikke læses som XLSX."))]) from error
        return [
            (number, ["" if cell is None else str(cell).strip() for cell in row])
            for number, row in enumerate(sheet.iter_rows(values_only=True), start=1)
        ]
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    try:
        dialect = csv.Sniffer().sniff(text.splitlines()[0] if text else "", delimiters=";,\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ";"
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    return [(number, [cell.strip() for cell in row]) for number, row in enumerate(reader, start=1)]


def _decimal(text: str) -> Decimal:
    text = text.replace("\u00a0", "").replace(" ", "").rstrip("%")
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?", text):
        text = text.replace(".", "")  # Danish thousands separator: 1.200,5
    value = Decimal(text.replace(",", "."))
    if not value.is_finite():
        raise InvalidOperation
    return value


def _lookups():
    departments = {}
    for d in Department.objects.all():
        departments[d.code.casefold()] = d
        departments[d.name.casefold()] = d
    categories = {}
    for c in TargetCategory.objects.all():
        categories[c.code.casefold()] = c
        categories[c.name.casefold()] = c
    units = {u.value: u.value for u in TargetUnit}
    units.update({str(u.label).casefold(): u.value for u in TargetUnit})
    units.update({k: v.value for k, v in UNIT_WORDS.items()})
    return departments, categories, units


def parse_targets(name: str, content: bytes) -> list[dict]:
    """Check every row; return the targets, or raise ImportFailed with every row's errors."""
    rows = [(n, cells) for n, cells in _read_rows(name, content) if any(cells)]
    if not rows:
        raise ImportFailed([(0, _("Filen er tom."))])
    header_number, header = rows[0]
    columns = {HEADERS.get(cell.casefold()): i for i, cell in enumerate(header)}
    missing = [key for key in REQUIRED if key not in columns]
    if missing:
        names = {"year": "år", "department": "forvaltning", "category": "måltalskategori"}
        names |= {"value": "måltal", "unit": "enhed"}
        raise ImportFailed(
            [
                (
                    header_number,
                    _("Overskriftsrækken mangler kolonnen: %(columns)s.")
                    % {"columns": ", ".join(names[key] for key in missing)},
                )
            ]
        )
    departments, categories, units = _lookups()
    errors: list[tuple[int, str]] = []
    parsed: list[dict] = []
    seen: dict[tuple, int] = {}
    for number, cells in rows[1:]:

        def cell(key, cells=cells):
            i = columns[key]
            return cells[i] if i < len(cells) else ""

        row_errors = []
        try:
            year = int(_decimal(cell("year")))
            if not 2000 <= year <= 2100:
                raise ValueError
        except (InvalidOperation, ValueError):
            row_errors.append(_("år skal være et årstal, fx 2025 (fik »%s«)") % cell("year"))
            year = None
        department = departments.get(cell("department").casefold())
        if department is None:
            row_errors.append(_("ukendt forvaltning »%s«") % cell("department"))
        category = categories.get(cell("category").casefold())
        if category is None:
            row_errors.append(_("ukendt måltalskategori »%s«") % cell("category"))
        unit = units.get(cell("unit").casefold())
        if unit is None:
            row_errors.append(
                _(
                    "ukendt enhed »%s«: brug helårspersoner, antal personer, pladser eller %% af ansatte"
                )
                % cell("unit")
            )
        try:
            value = _decimal(cell("value"))
            if value < 0 or value > MAX_VALUE:
                raise InvalidOperation
            if unit == TargetUnit.SHARE_OF_EMPLOYEES and value > 100:
                row_errors.append(_("en andel af ansatte kan højst være 100 %"))
        except (InvalidOperation, ValueError):
            row_errors.append(_("måltal skal være et tal ≥ 0, fx 12,5 (fik »%s«)") % cell("value"))
            value = None
        if not row_errors:
            key = (department.pk, category.pk, year)
            if key in seen:
                row_errors.append(
                    _("samme forvaltning, kategori og år som række %(row)d") % {"row": seen[key]}
                )
            seen[key] = number
        if row_errors:
            errors += [(number, message) for message in row_errors]
            continue
        parsed.append(
            {
                "row": number,
                "department": department,
                "category": category,
                "year": year,
                "value": value.quantize(Decimal("0.01")),
                "unit": unit,
            }
        )
    if errors:
        raise ImportFailed(errors)
    if not parsed:
        raise ImportFailed([(header_number, _("Filen har ingen rækker med måltal."))])
    return parsed


@transaction.atomic
def targets_import(*, name: str, content: bytes, acting_user) -> ImportResult:
    """Import a whole file of targets or nothing (raises ImportFailed with row numbers)."""
    result = ImportResult()
    for row in parse_targets(name, content):
        before = Target.objects.filter(
            department=row["department"], category=row["category"], year=row["year"]
        ).first()
        after = target_set(
            department=row["department"],
            category=row["category"],
            year=row["year"],
            value=row["value"],
            unit=row["unit"],
            acting_user=acting_user,
        )
        if before is None:
            result.created += 1
        elif (before.value, before.unit) == (after.value, after.unit):
            result.unchanged += 1
        else:
            result.updated += 1
        result.rows.append(row)
    return result
