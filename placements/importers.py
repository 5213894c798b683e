"""Bulk import of the slots and placements HR keeps in spreadsheets (docs/import.md).

CSV (`;` or `,`, UTF-8 with or without BOM) or XLSX; Danish column names; dates as
dd-mm-yyyy or ISO; decimal comma. Every row goes through the same services as the forms,
so every rule applies. All or nothing: each row runs in a savepoint so that every failing
row is reported, and the whole file is rolled back when any row fails (or for a preview).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from core import cpr as cpr_numbers
from organisation import spreadsheets
from organisation.models import Workplace
from organisation.spreadsheets import (
    ImportFormatError,
    Layout,
    RowError,
    parse_date,
    parse_decimal,
    text,
)
from placements import import_extras as extras
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
# The portal's own exports show CPR numbers masked (ddmmyy-xxxx).
MASKED_CPR = re.compile(r"^(\d{6})-?x{4}$", re.IGNORECASE)
# The citizen's facts, the slot's history and frikort payments (placements/import_extras.py).
COLUMNS.update(extras.COLUMNS)
LABELS.update(extras.LABELS)
SERVICE_FIELDS.update(extras.SERVICE_FIELDS)
LAYOUT = Layout(COLUMNS, LABELS, REQUIRED_COLUMNS)
# The example row of the downloadable template (a småjob with a payment and a pause).
EXAMPLE = {
    "p_number": "1234567890",
    "scheme": "Småjob under socialt frikort",
    "title": "Cafémedhjælper",
    "description": "Opvask og borddækning",
    "opened_on": "01-01-2025",
    "hours": "8",
    "cpr": "0101701234",
    "name": "Anna Andersen",
    "benefit": "Kontanthjælp",
    "starts_on": "01-02-2025",
    "planned_end_on": "31-07-2025",
    "frikort_number": "FK123456",
    "frikort_valid_until": "31-12-2025",
    "paid_on": "28-02-2025",
    "amount": "1.200,00",
    "paid_hours": "20",
    "pause_from": "01-08-2025",
    "pause_to": "31-08-2025",
    "pause_reason": "Sommerlukket",
}

# Readers and value parsers shared with the other imports.
_text = text


def read_file(filename: str, content: bytes) -> list[tuple[int, dict]]:
    return spreadsheets.read_file(filename, content, LAYOUT)


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
    placement_created: bool = False
    warnings: list[str] = field(default_factory=list)
    history: list[str] = field(default_factory=list)


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
        return sum(row.placement_created for row in self.rows)

    @property
    def history_entries(self) -> int:
        return sum(len(row.history) for row in self.rows)


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
        placement = self.placement(values, slot, result)
        result.history += extras.frikort_payment(placement, values, self.user)
        result.history += extras.slot_history(slot, values, self.user)
        return result

    def exported_citizen(self, slot: Slot, cpr: str, values: dict):
        """A masked CPR number (as the portal's exports show it) names the citizen of the
        placement that exists on the slot from the row's start date; nothing else."""
        starts_on = parse_date(values.get("starts_on"), "starts_on")
        placement = (
            slot.placements.filter(
                starts_on=starts_on, citizen__cpr__startswith=MASKED_CPR.match(cpr).group(1)
            )
            .select_related("citizen")
            .first()
        )
        if placement is None:
            raise RowError(
                "cpr",
                _(
                    "Et maskeret CPR-nummer kan kun bruges til et forløb, der findes i forvejen. "
                    "Skriv hele CPR-nummeret for et nyt forløb."
                ),
            )
        return placement.citizen

    def placement(self, values: dict, slot: Slot, result: RowResult) -> Placement | None:
        """The row's citizen and placement (new, or made by an earlier row), if it has a CPR."""
        cpr = cpr_numbers.normalise(_text(values.get("cpr")))
        if not cpr:
            return None
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
        details = extras.citizen_details(values)
        citizen = (
            self.exported_citizen(slot, cpr, values)
            if MASKED_CPR.match(cpr)
            else services.citizen_find_by_cpr(cpr=cpr)
        )
        if citizen is None:
            if not _text(values.get("name")):
                raise RowError("name", _("Skal udfyldes for en ny borger."))
            citizen = services.citizen_create(
                cpr=cpr,
                name=_text(values["name"]),
                acting_user=self.user,
                **{"benefit": benefit, "readiness": readiness, **details},
            )
            result.citizen_created = True
        else:
            extras.update_citizen(citizen, details, self.user)
        result.citizen = f"{citizen.name} ({cpr_numbers.mask(citizen.cpr)})"
        result.citizen_id = citizen.pk
        starts_on = parse_date(values.get("starts_on"), "starts_on")
        if starts_on is None:
            raise RowError("starts_on", _("Skal udfyldes, når der er et CPR-nummer."))
        placement = extras.existing_placement(slot, citizen, starts_on)
        warnings = []
        if placement is None:
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
            result.placement_created = True
        ended_on = parse_date(values.get("ended_on"), "ended_on")
        if ended_on is not None and placement.ended_on != ended_on:
            if not _text(values.get("outcome")):
                raise RowError("outcome", _("Skal udfyldes for et afsluttet forløb."))
            placement = services.placement_end(
                placement=placement,
                ended_on=ended_on,
                outcome=_outcome(values["outcome"]),
                acting_user=self.user,
            )
        end = placement.ended_on or placement.planned_end_on
        result.placement = (
            f"{starts_on:%d-%m-%Y} – {end:%d-%m-%Y}" if end else f"{starts_on:%d-%m-%Y} –"
        )
        result.warnings.extend(warnings)
        return placement


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
