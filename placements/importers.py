"""Bulk import of the slots and placements HR keeps in spreadsheets (docs/import.md).

CSV (`;` or `,`, UTF-8 with or without BOM) or XLSX; Danish column names; dates as
dd-mm-yyyy or ISO; decimal comma. Every row goes through the same services as the forms,
so every rule applies. All or nothing: each row runs in a savepoint so that every failing
row is reported, and the whole file is rolled back when any row fails (or for a preview).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from core import cpr as cpr_numbers
from organisation.models import Workplace
from placements import services
from placements.models import Extension, Outcome, Placement, Slot
from schemes.models import Benefit, Qualifier, ReadinessCategory, Scheme

# Normalised header → key. Headers are matched case-insensitively, ignoring full stops.
COLUMNS = {
    "p-nummer": "p_number",
    "ordning": "scheme",
    "betegnelse": "title",
    "beskrivelse": "description",
    "oprettet fra": "opened_on",
    "timer pr uge": "hours",
    "cpr-nummer": "cpr",
    "navn": "name",
    "ydelse": "benefit",
    "visitation": "readiness",
    "særligt kendetegn": "qualifier",
    "forlængelse": "extension",
    "begrundelse for forlængelse": "extension_reason",
    "tr-navn": "tr_name",
    "tr-dato": "tr_statement_on",
    "startdato": "starts_on",
    "planlagt slutdato": "planned_end_on",
    "faktisk slutdato": "ended_on",
    "udfald": "outcome",
}
REQUIRED_COLUMNS = ("p_number", "scheme", "title")
LABELS = {
    "p_number": "P-nummer",
    "scheme": "Ordning",
    "title": "Betegnelse",
    "description": "Beskrivelse",
    "opened_on": "Oprettet fra",
    "hours": "Timer pr. uge",
    "cpr": "CPR-nummer",
    "name": "Navn",
    "benefit": "Ydelse",
    "readiness": "Visitation",
    "qualifier": "Særligt kendetegn",
    "extension": "Forlængelse",
    "extension_reason": "Begrundelse for forlængelse",
    "tr_name": "TR-navn",
    "tr_statement_on": "TR-dato",
    "starts_on": "Startdato",
    "planned_end_on": "Planlagt slutdato",
    "ended_on": "Faktisk slutdato",
    "outcome": "Udfald",
}
# A service's field names → the column the user sees.
SERVICE_FIELDS = {
    "workplace": "p_number",
    "scheme": "scheme",
    "title": "title",
    "opened_on": "opened_on",
    "hours_per_week": "hours",
    "cpr": "cpr",
    "citizen": "cpr",
    "name": "name",
    "benefit": "benefit",
    "readiness": "readiness",
    "qualifier": "qualifier",
    "extension": "extension",
    "extension_reason": "extension_reason",
    "tr_name": "tr_name",
    "tr_statement_on": "tr_statement_on",
    "starts_on": "starts_on",
    "planned_end_on": "planned_end_on",
    "ended_on": "ended_on",
    "outcome": "outcome",
}
DATE_FORMATS = ("%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y", "%Y-%m-%d")
# The portal's own exports show CPR numbers masked (ddmmyy-xxxx).
MASKED_CPR = re.compile(r"^(\d{6})-?x{4}$", re.IGNORECASE)


class ImportFormatError(Exception):
    """The file as a whole cannot be read (wrong type, encoding or columns)."""


class RowError(Exception):
    def __init__(self, column: str | None, message: str):
        super().__init__(message)
        self.column, self.message = column, message


# --- Reading ------------------------------------------------------------------------------------


def _normalise_header(value) -> str:
    return re.sub(r"\s+", " ", str(value or "").replace(".", "").strip().lower())


def _cell(value) -> object:
    return value.strip() if isinstance(value, str) else value


def _records(header: list, rows) -> list[tuple[int, dict]]:
    keys = [COLUMNS.get(_normalise_header(h)) for h in header]
    missing = [LABELS[key] for key in REQUIRED_COLUMNS if key not in keys]
    if missing:
        raise ImportFormatError(
            _("Filen mangler kolonnerne: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    records = []
    for number, row in rows:
        values = {key: _cell(v) for key, v in zip(keys, row, strict=False) if key}
        if any(v not in (None, "") for v in values.values()):
            records.append((number, values))
    return records


def read_csv(content: bytes) -> list[tuple[int, dict]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFormatError(_("Filen er ikke gemt som UTF-8.")) from error
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows = list(reader)
    if not rows:
        raise ImportFormatError(_("Filen er tom."))
    return _records(rows[0], enumerate(rows[1:], start=2))


def read_xlsx(content: bytes) -> list[tuple[int, dict]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001  (openpyxl raises many kinds for a bad file)
        raise ImportFormatError(_("Filen kan ikke læses som XLSX.")) from error
    try:
        rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    finally:
        workbook.close()
    if not rows:
        raise ImportFormatError(_("Filen er tom."))
    return _records(list(rows[0]), enumerate(rows[1:], start=2))


def read_file(filename: str, content: bytes) -> list[tuple[int, dict]]:
    name = filename.lower()
    if name.endswith(".csv"):
        return read_csv(content)
    if name.endswith(".xlsx"):
        return read_xlsx(content)
    raise ImportFormatError(_("Vælg en CSV- eller XLSX-fil."))


# --- Values ---------------------------------------------------------------------------------------


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
    text = str(value).replace(" ", "").replace("\xa0", "")
    if "," in text:  # decimal comma, perhaps with thousands points
        text = text.replace(".", "").replace(",", ".")
    try:
        return Decimal(text)
    except InvalidOperation as error:
        raise RowError(key, _("“%(value)s” er ikke et tal.") % {"value": value}) from error


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _by_name_or_code(queryset, value, key: str):
    wanted = _text(value).lower()
    for obj in queryset:
        if wanted in (obj.code.lower(), obj.name.lower()):
            return obj
    raise RowError(key, _("Ukendt værdi “%(value)s”.") % {"value": value})


def _choice(choices, value, key: str) -> str:
    """A choice by its code or its Danish label; empty is the empty choice."""
    wanted = _text(value).lower()
    if not wanted:
        return ""
    for code, label in choices:
        if wanted in (code, str(label).lower()):
            return code
    raise RowError(key, _("Ukendt værdi “%(value)s”.") % {"value": value})


def _outcome(value) -> str:
    wanted = _text(value).lower()
    for code, label in Outcome.choices:
        if wanted in (code, str(label).lower()):
            return code
    raise RowError("outcome", _("Ukendt udfald “%(value)s”.") % {"value": value})


# --- Rows -----------------------------------------------------------------------------------------


@dataclass
class RowResult:
    number: int
    slot: str
    slot_created: bool
    citizen: str = ""
    citizen_id: int | None = None
    citizen_created: bool = False
    placement: str = ""
    placement_existing: bool = False
    warnings: list[str] = field(default_factory=list)


@dataclass
class ImportResult:
    rows: list[RowResult] = field(default_factory=list)
    errors: list[tuple[int, list[str]]] = field(default_factory=list)
    committed: bool = False

    @property
    def slots_created(self) -> int:
        return sum(row.slot_created for row in self.rows)

    @property
    def citizens_created(self) -> int:
        return sum(row.citizen_created for row in self.rows)

    @property
    def placements_created(self) -> int:
        return sum(bool(row.placement) and not row.placement_existing for row in self.rows)


class _Importer:
    def __init__(self, acting_user):
        self.user = acting_user
        self.schemes = list(Scheme.objects.all())
        self.benefits = list(Benefit.objects.all())
        self.readiness = list(ReadinessCategory.objects.all())
        workplaces = Workplace.objects.all()
        slots = Slot.objects.all()
        if acting_user is not None:
            workplaces = Workplace.objects.for_user(acting_user)
            slots = Slot.objects.for_user(acting_user)
        self.workplaces, self.slots = workplaces, slots

    def workplace(self, value) -> Workplace:
        p_number = re.sub(r"\s", "", _text(value))
        workplace = self.workplaces.filter(p_number=p_number).first()
        if workplace is None:
            raise RowError(
                "p_number",
                _(
                    "Ukendt P-nummer “%(value)s”, eller arbejdsstedet hører ikke til din forvaltning."
                )
                % {"value": p_number},
            )
        return workplace

    def slot(self, values: dict) -> tuple[Slot, bool]:
        """The slot named by P-nummer and Betegnelse: an existing one, or a new one."""
        if not _text(values.get("title")):
            raise RowError("title", _("Skal udfyldes."))
        workplace = self.workplace(values.get("p_number"))
        scheme = _by_name_or_code(self.schemes, values.get("scheme"), "scheme")
        title = _text(values["title"])
        existing = list(self.slots.filter(workplace=workplace, title=title)[:2])
        if len(existing) > 1:
            raise RowError(
                "title", _("Der er flere pladser med denne betegnelse på arbejdsstedet.")
            )
        if existing:
            if existing[0].scheme_id != scheme.pk:
                raise RowError(
                    "scheme",
                    _("Pladsen findes allerede under ordningen %(scheme)s.")
                    % {"scheme": existing[0].scheme},
                )
            return existing[0], False
        opened_on = parse_date(values.get("opened_on"), "opened_on")
        if opened_on is None:
            raise RowError("opened_on", _("Skal udfyldes for en ny plads."))
        slot = services.slot_create(
            workplace=workplace,
            scheme=scheme,
            title=title,
            description=_text(values.get("description")),
            hours_per_week=parse_decimal(values.get("hours"), "hours"),
            opened_on=opened_on,
            acting_user=self.user,
        )
        return slot, True

    def row(self, number: int, values: dict) -> RowResult:
        slot, slot_created = self.slot(values)
        result = RowResult(
            number=number, slot=f"{slot.title} ({slot.workplace})", slot_created=slot_created
        )
        cpr = cpr_numbers.normalise(_text(values.get("cpr")))
        if not cpr:
            return result
        existing = self.existing_placement(slot, cpr, values)
        if existing is not None:
            return self.keep(result, existing, values)
        benefit = (
            _by_name_or_code(self.benefits, values["benefit"], "benefit")
            if _text(values.get("benefit"))
            else None
        )
        readiness = (
            _by_name_or_code(self.readiness, values["readiness"], "readiness")
            if _text(values.get("readiness"))
            else None
        )
        citizen = services.citizen_find_by_cpr(cpr=cpr)
        if citizen is None:
            if not _text(values.get("name")):
                raise RowError("name", _("Skal udfyldes for en ny borger."))
            citizen = services.citizen_create(
                cpr=cpr,
                name=_text(values["name"]),
                benefit=benefit,
                readiness=readiness,
                acting_user=self.user,
            )
            result.citizen_created = True
        result.citizen = f"{citizen.name} ({cpr_numbers.mask(citizen.cpr)})"
        result.citizen_id = citizen.pk
        starts_on = parse_date(values.get("starts_on"), "starts_on")
        if starts_on is None:
            raise RowError("starts_on", _("Skal udfyldes, når der er et CPR-nummer."))
        hours = parse_decimal(values.get("hours"), "hours") or slot.hours_per_week
        if hours is None:
            raise RowError("hours", _("Skal udfyldes for et forløb."))
        placement = services.placement_create(
            slot=slot,
            citizen=citizen,
            starts_on=starts_on,
            planned_end_on=parse_date(values.get("planned_end_on"), "planned_end_on"),
            hours_per_week=hours,
            # The snapshot: the row's columns, else the citizen's as registered.
            benefit=benefit or citizen.benefit,
            readiness=readiness or citizen.readiness,
            acting_user=self.user,
            qualifier=_choice(Qualifier.choices, values.get("qualifier"), "qualifier"),
            extension=_choice(Extension.choices, values.get("extension"), "extension"),
            extension_reason=_text(values.get("extension_reason")),
            tr_name=_text(values.get("tr_name")),
            tr_statement_on=parse_date(values.get("tr_statement_on"), "tr_statement_on"),
        )
        warnings = placement.rule_warnings
        ended_on = parse_date(values.get("ended_on"), "ended_on")
        if ended_on is not None:
            placement = self.end(placement, ended_on, values)
        end = placement.ended_on or placement.planned_end_on
        result.placement = (
            f"{starts_on:%d-%m-%Y} – {end:%d-%m-%Y}" if end else f"{starts_on:%d-%m-%Y} –"
        )
        result.warnings.extend(warnings)
        return result

    def end(self, placement: Placement, ended_on: dt.date, values: dict) -> Placement:
        if not _text(values.get("outcome")):
            raise RowError("outcome", _("Skal udfyldes for et afsluttet forløb."))
        return services.placement_end(
            placement=placement,
            ended_on=ended_on,
            outcome=_outcome(values["outcome"]),
            acting_user=self.user,
        )

    def existing_placement(self, slot: Slot, cpr: str, values: dict) -> Placement | None:
        """The placement the row describes, if it exists: same slot, start and citizen.
        A masked CPR number (as exported) can only name an existing placement."""
        starts_on = parse_date(values.get("starts_on"), "starts_on")
        masked = MASKED_CPR.match(cpr)
        placements = slot.placements.filter(starts_on=starts_on).select_related("citizen")
        placement = (
            placements.filter(citizen__cpr__startswith=masked.group(1)).first()
            if masked
            else placements.filter(citizen__cpr=cpr).first()
        )
        if masked and placement is None:
            raise RowError(
                "cpr",
                _(
                    "Et maskeret CPR-nummer kan kun bruges til et forløb, der findes i forvejen. "
                    "Skriv hele CPR-nummeret for et nyt forløb."
                ),
            )
        return placement

    def keep(self, result: RowResult, placement: Placement, values: dict) -> RowResult:
        """An existing placement stays as it is; the one correction taken is ending it."""
        result.citizen = f"{placement.citizen.name} ({cpr_numbers.mask(placement.citizen.cpr)})"
        result.citizen_id = placement.citizen_id
        result.placement_existing = True
        ended_on = parse_date(values.get("ended_on"), "ended_on")
        if ended_on is not None and placement.ended_on is None:
            self.end(placement, ended_on, values)
            result.placement = _("afsluttes %(day)s") % {"day": f"{ended_on:%d-%m-%Y}"}
            return result
        differs = {
            "planned_end_on": parse_date(values.get("planned_end_on"), "planned_end_on")
            != placement.planned_end_on,
            "ended_on": ended_on != placement.ended_on,
            "hours": (parse_decimal(values.get("hours"), "hours") or placement.hours_per_week)
            != placement.hours_per_week,
        }
        for key, changed in differs.items():
            if changed:
                raise RowError(
                    key, _("Forløbet findes allerede med en anden værdi. Ret det i portalen.")
                )
        result.placement = _("findes, uændret")
        return result


def _messages(error: Exception) -> list[str]:
    if isinstance(error, RowError):
        label = LABELS.get(error.column or "", "")
        return [f"{label}: {error.message}" if label else error.message]
    by_field = (
        error.message_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: error.messages}
    )
    messages = []
    for name, texts in by_field.items():
        label = LABELS.get(SERVICE_FIELDS.get(name, ""), "")
        messages.extend(f"{label}: {text}" if label else str(text) for text in texts)
    return messages


def import_hr(*, filename: str, content: bytes, acting_user, commit: bool) -> ImportResult:
    """Check (and with `commit`, write) every row; nothing is written when any row fails."""
    records = read_file(filename, content)
    if not records:
        raise ImportFormatError(_("Filen har ingen rækker under overskrifterne."))
    result = ImportResult()
    importer = _Importer(acting_user)
    with transaction.atomic():
        for number, values in records:
            try:
                with transaction.atomic():
                    result.rows.append(importer.row(number, values))
            except (RowError, ValidationError) as error:
                result.errors.append((number, _messages(error)))
            except DatabaseError:
                # The database's message may quote the row's values (a CPR number): not shown.
                result.errors.append((number, [_("Rækken kunne ikke gemmes i databasen.")]))
        result.committed = commit and not result.errors
        if not result.committed:
            transaction.set_rollback(True)
    return result
