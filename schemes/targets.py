"""Targets (måltal): enter, copy last year's, import a file. Every change is in Target.history.

Import format: docs/targets-import.md. A file is imported whole or not at all: every row is
checked first, and one bad row means nothing is written and every error is reported.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import spreadsheets
from core.services import delete_as, raise_errors, save_as
from organisation.models import Department
from schemes.models import Target, TargetCategory, TargetUnit

MAX_VALUE = Decimal("9999999")


# --- Entering and copying ----------------------------------------------------------------


@dataclass(frozen=True)
class Decision:
    """The council decision behind a target: who decided, when, and the case number."""

    decided_by: str = ""
    decided_on: dt.date | None = None
    case_number: str = ""


NO_DECISION = Decision()


def _state(target: Target) -> tuple:
    return (
        target.value,
        target.unit,
        target.last_year,
        Decision(target.decided_by, target.decided_on, target.case_number),
    )


def _check_room(*, department, category, first_year: int, last_year: int, current) -> None:
    """A target may not reach into the years of a later one (one target per year)."""
    later = (
        Target.objects.filter(department=department, category=category)
        .filter(first_year__gt=first_year, first_year__lte=last_year)
        .exclude(pk=getattr(current, "pk", None))
        .order_by("first_year")
        .first()
    )
    if later is not None:
        raise ValidationError(
            {
                "last_year": _(
                    "Måltallet for %(category)s kan højst gælde til og med %(year)d, "
                    "fordi der er et måltal fra %(next)d."
                )
                % {
                    "category": category.name,
                    "year": later.first_year - 1,
                    "next": later.first_year,
                }
            }
        )


def _save(target: Target, *, value, unit, last_year, decision: Decision, acting_user) -> Target:
    target.value, target.unit, target.last_year = value, unit, last_year
    target.decided_by = decision.decided_by
    target.decided_on = decision.decided_on
    target.case_number = decision.case_number
    save_as(target, acting_user)
    return target


def target_set(
    *,
    department: Department | None,
    category: TargetCategory,
    year: int,
    value: Decimal | None,
    unit: str,
    last_year: int | None = None,
    decision: Decision = NO_DECISION,
    acting_user,
) -> Target | None:
    """Set the target in force from `year` to `last_year` (default: `year` only), or (value
    None) remove it from `year` on. `department` None: a target for the whole municipality.

    Earlier years never change: a target that began before `year` is closed at `year` - 1,
    and the part after `last_year` is kept. History records who did it.
    """
    last_year = last_year or year
    if last_year < year:
        raise ValidationError({"last_year": _("Til-året skal være fra-året eller senere.")})
    current = Target.objects.in_year(year).filter(department=department, category=category).first()
    if value is None:
        if current is None:
            return None
        if current.first_year < year:
            current.last_year = year - 1
            save_as(current, acting_user)
        else:
            delete_as(current, acting_user)
        return None
    wanted = (value, unit, last_year, decision)
    if current is not None and _state(current) == wanted:
        return current  # unchanged: no history row
    _check_room(
        department=department,
        category=category,
        first_year=year,
        last_year=last_year,
        current=current,
    )
    if current is not None and current.first_year < year:
        old_value, old_unit, old_last, old_decision = _state(current)
        current.last_year = year - 1
        save_as(current, acting_user)
        if old_last > last_year:
            _save(
                Target(department=department, category=category, first_year=last_year + 1),
                value=old_value,
                unit=old_unit,
                last_year=old_last,
                decision=old_decision,
                acting_user=acting_user,
            )
        current = None
    target = current or Target(department=department, category=category, first_year=year)
    return _save(
        target,
        value=value,
        unit=unit,
        last_year=last_year,
        decision=decision,
        acting_user=acting_user,
    )


@transaction.atomic
def targets_set_for_department(
    *,
    department: Department | None,
    year: int,
    entries: dict,
    decision: Decision = NO_DECISION,
    acting_user,
) -> None:
    """`entries`: {category: (value or None, unit, last year)} for one department (None: the
    municipality) from `year`; every target saved gets `decision`. Raises ValidationError keyed
    `last_year_<category id>` when a target would reach into a later one (nothing is saved)."""
    errors = {}
    for category, (value, unit, last_year) in entries.items():
        try:
            target_set(
                department=department,
                category=category,
                year=year,
                value=value,
                unit=unit,
                last_year=last_year,
                decision=decision,
                acting_user=acting_user,
            )
        except ValidationError as error:
            errors[f"last_year_{category.pk}"] = error.message_dict["last_year"]
    raise_errors(errors)


@transaction.atomic
def targets_copy_previous_year(*, year: int, acting_user) -> tuple[int, int]:
    """Copy the targets in force in year-1 into `year` where `year` has none yet, for `year`
    only and without a decision (the new year's decision is entered with it): (copied, kept)."""
    existing = set(Target.objects.in_year(year).values_list("department_id", "category_id"))
    copied = kept = 0
    for previous in Target.objects.in_year(year - 1):
        if (previous.department_id, previous.category_id) in existing:
            kept += 1
            continue
        target = Target(
            department_id=previous.department_id,
            category_id=previous.category_id,
            first_year=year,
            last_year=year,
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
    "fra år": "year",
    "fra aar": "year",
    "til år": "last_year",
    "til og med år": "last_year",
    "til aar": "last_year",
    "last year": "last_year",
    "besluttet af": "decided_by",
    "beslutningsdato": "decided_on",
    "sagsnummer": "case_number",
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
# A department cell that means the whole municipality (as does an empty one).
MUNICIPALITY_WORDS = {"", "kommunen", "hele kommunen"}
UNIT_WORDS = {
    "helårspersoner": TargetUnit.FULL_YEAR_PERSONS,
    "helaarspersoner": TargetUnit.FULL_YEAR_PERSONS,
    "antal personer": TargetUnit.HEAD_COUNT,
    "personer": TargetUnit.HEAD_COUNT,
    "pladser": TargetUnit.SLOTS,
    "% af ansatte": TargetUnit.SHARE_OF_EMPLOYEES,
    "procent af ansatte": TargetUnit.SHARE_OF_EMPLOYEES,
    "%": TargetUnit.SHARE_OF_EMPLOYEES,
    "antal forløb": TargetUnit.PLACEMENTS,
    "forløb": TargetUnit.PLACEMENTS,
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
        try:
            rows = spreadsheets.xlsx_rows(content)
        except spreadsheets.SpreadsheetTooLarge as error:
            raise ImportFailed([(0, str(error))]) from error
        except Exception as error:  # noqa: BLE001  (openpyxl raises many kinds for a bad file)
            raise ImportFailed([(0, _("Filen kunne ikke læses som XLSX."))]) from error
        return [
            (number, ["" if cell is None else str(cell).strip() for cell in row])
            for number, row in enumerate(rows, start=1)
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
    try:
        rows = spreadsheets.csv_rows(text, delimiter)
    except spreadsheets.SpreadsheetTooLarge as error:
        raise ImportFailed([(0, str(error))]) from error
    return [(number, [cell.strip() for cell in row]) for number, row in enumerate(rows, start=1)]


def _decimal(text: str) -> Decimal:
    text = text.replace("\u00a0", "").replace(" ", "").rstrip("%")
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?", text):
        text = text.replace(".", "")  # Danish thousands separator: 1.200,5
    value = Decimal(text.replace(",", "."))
    if not value.is_finite():
        raise InvalidOperation
    return value


def _year(text: str, errors: list) -> int | None:
    try:
        year = int(_decimal(text))
        if not 2000 <= year <= 2100:
            raise ValueError
    except (InvalidOperation, ValueError):
        errors.append(_("år skal være et årstal, fx 2025 (fik »%s«)") % text)
        return None
    return year


def _date(text: str) -> dt.date | None:
    """dd-mm-yyyy, dd.mm.yyyy or ISO (an XLSX date cell reads '2024-02-01 00:00:00')."""
    for pattern in ("%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text[:10], pattern).date()
        except ValueError:
            continue
    return None


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
    seen: dict[tuple, list[tuple[int, int, int]]] = {}
    for number, cells in rows[1:]:

        def cell(key, cells=cells):
            i = columns.get(key)
            return cells[i] if i is not None and i < len(cells) else ""

        row_errors = []
        year = _year(cell("year"), row_errors)
        last_year = _year(cell("last_year"), row_errors) if cell("last_year") else year
        if year and last_year and last_year < year:
            row_errors.append(_("til år skal være det samme som år eller senere"))
        department = None
        if cell("department").casefold() not in MUNICIPALITY_WORDS:
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
                    "ukendt enhed »%s«: brug helårspersoner, antal personer, pladser, "
                    "%% af ansatte eller antal forløb"
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
        decided_on = None
        if cell("decided_on"):
            decided_on = _date(cell("decided_on"))
            if decided_on is None:
                row_errors.append(
                    _("beslutningsdato skal være en dato, fx 01-02-2024 (fik »%s«)")
                    % cell("decided_on")
                )
        if not row_errors:
            key = (getattr(department, "pk", None), category.pk)
            for other_first, other_last, other_row in seen.get(key, []):
                if other_first <= last_year and year <= other_last:
                    row_errors.append(
                        _("samme forvaltning, kategori og år som række %(row)d")
                        % {"row": other_row}
                    )
                    break
            seen.setdefault(key, []).append((year, last_year, number))
        if row_errors:
            errors += [(number, message) for message in row_errors]
            continue
        parsed.append(
            {
                "row": number,
                "department": department,
                "category": category,
                "year": year,
                "last_year": last_year,
                "value": value.quantize(Decimal("0.01")),
                "unit": unit,
                "decision": Decision(
                    cell("decided_by")[:150], decided_on, cell("case_number")[:60]
                ),
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
    errors: list[tuple[int, str]] = []
    for row in parse_targets(name, content):
        before = (
            Target.objects.in_year(row["year"])
            .filter(department=row["department"], category=row["category"])
            .first()
        )
        try:
            after = target_set(
                department=row["department"],
                category=row["category"],
                year=row["year"],
                last_year=row["last_year"],
                value=row["value"],
                unit=row["unit"],
                decision=row["decision"],
                acting_user=acting_user,
            )
        except ValidationError as error:
            errors += [(row["row"], message) for message in error.messages]
            continue
        if before is None:
            result.created += 1
        elif before.pk == after.pk and _state(before) == _state(after):
            result.unchanged += 1
        else:
            result.updated += 1
        result.rows.append(row)
    if errors:
        raise ImportFailed(errors)  # the transaction is rolled back: nothing is saved
    return result
