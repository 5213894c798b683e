"""The status tables as rows of rounded cells: one source for the page, the PDF and exports.

Numbers are rounded here, once (full-year persons and per cents to one decimal), so a CSV,
an XLSX sheet, the JSON and the PDF all show the same figures. Formatting for people
(decimal comma, thousands separator) happens in `format_cell`; exports keep the numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import formatting
from organisation.models import department_label
from placements.models import Outcome, SlotState
from reports.status import SLOT_STATES, OutcomeRow, ReportData, StatusRow

ONE_DECIMAL = Decimal("0.1")

TEXT = "text"
DECIMAL = "decimal"
INTEGER = "integer"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = DECIMAL
    header: bool = False  # a row header (<th scope="row">)


@dataclass
class Row:
    cells: list
    total: bool = False


@dataclass
class Table:
    key: str  # the name used in export URLs and JSON
    caption: str
    columns: list[Column]
    rows: list[Row] = field(default_factory=list)

    @property
    def body(self) -> list[tuple[Row, list[tuple[Column, object]]]]:
        """Rows with their columns, for templates."""
        return [(row, list(zip(self.columns, row.cells, strict=True))) for row in self.rows]

    def as_dicts(self) -> list[dict]:
        return [
            {column.key: cell for column, cell in zip(self.columns, row.cells, strict=True)}
            for row in self.rows
        ]


def rounded(value):
    """Decimals to one decimal (half up); ints, text and None unchanged."""
    if isinstance(value, Decimal):
        return value.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)
    return value


def format_cell(value) -> str:
    """A cell for people: Danish decimal comma and thousands separator; '–' for no value."""
    value = rounded(value)
    if value is None:
        return "–"
    if isinstance(value, Decimal):
        return formats.number_format(value, decimal_pos=1, use_l10n=True, force_grouping=True)
    if isinstance(value, int):
        return formats.number_format(value, use_l10n=True, force_grouping=True)
    return str(value)


# --- The status table -----------------------------------------------------------------

STATUS_COLUMNS = [
    Column("category", gettext_lazy("Måltalskategori"), TEXT, header=True),
    Column("target", gettext_lazy("Måltal")),
    Column("unit", gettext_lazy("Enhed"), TEXT),
    Column("target_persons", gettext_lazy("Måltal i personer")),
    Column("realised", gettext_lazy("Realiseret i måltallets enhed")),
    Column("fulfilment_percent", gettext_lazy("Opfyldelse (%)")),
    Column("full_year_persons", gettext_lazy("Helårspersoner uden åbne pladser")),
    Column("full_year_persons_with_open_slots", gettext_lazy("Helårspersoner med åbne pladser")),
    Column("head_count_at_end", gettext_lazy("Personer ved periodens udgang"), INTEGER),
    Column("started", gettext_lazy("Startede forløb"), INTEGER),
    Column("ended", gettext_lazy("Afsluttede forløb"), INTEGER),
    Column("full_year_persons_last_year", gettext_lazy("Helårspersoner samme periode sidste år")),
    Column("change", gettext_lazy("Ændring i helårspersoner")),
]
DEPARTMENT_COLUMN = Column("department", department_label(), TEXT, header=True)


def _status_cells(row: StatusRow) -> list:
    return [
        row.category.name,
        rounded(row.target),
        row.unit_label or None,
        rounded(row.target_persons),
        rounded(row.realised),
        rounded(row.fulfilment),
        rounded(row.figures.full_year_persons),
        rounded(row.figures.with_open_slots),
        row.figures.head_count,
        row.figures.started,
        row.figures.ended,
        rounded(row.previous.full_year_persons),
        rounded(row.change),
    ]


def _period_text(data: ReportData) -> str:
    return data.period.label


def status_total_table(data: ReportData) -> Table:
    """Per category: the departments in scope added up (the summary)."""
    status = data.status
    if status.whole_municipality or len(status.departments) != 1:
        caption = _("Kommunen i alt, %(period)s") % {"period": _period_text(data)}
    else:
        department = status.departments[0]
        caption = _("%(name)s (%(code)s), %(period)s") % {
            "name": department.name,
            "code": department.code,
            "period": _period_text(data),
        }
    return Table(
        key="status_total",
        caption=caption,
        columns=STATUS_COLUMNS,
        rows=[Row(_status_cells(row), total=True) for row in status.totals],
    )


def status_department_table(data: ReportData, department) -> Table:
    """Per category for one department."""
    rows = data.status.rows[department.pk]
    return Table(
        key=f"status_{department.code}",
        caption=_("%(name)s (%(code)s), %(period)s")
        % {"name": department.name, "code": department.code, "period": _period_text(data)},
        columns=STATUS_COLUMNS,
        rows=[Row(_status_cells(row)) for row in rows],
    )


def status_table(data: ReportData) -> Table:
    """Every department and category, then the totals: the exported status table."""
    status = data.status
    rows = [
        Row([department.code, *_status_cells(row)])
        for department, department_rows in status.department_rows()
        for row in department_rows
    ]
    total_label = _("Kommunen i alt") if status.whole_municipality else _("I alt")
    rows += [Row([total_label, *_status_cells(row)], total=True) for row in status.totals]
    return Table(
        key="status",
        caption=_("Status for måltal, %(period)s") % {"period": _period_text(data)},
        columns=[DEPARTMENT_COLUMN, *STATUS_COLUMNS],
        rows=rows,
    )


# --- Outcomes of ended placements ---------------------------------------------------------

OUTCOME_COLUMNS = [
    Column("scheme", gettext_lazy("Ordning"), TEXT, header=True),
    Column("readiness", gettext_lazy("Visitationskategori"), TEXT),
    Column("ended", gettext_lazy("Afsluttede forløb"), INTEGER),
    Column("ordinary_job", gettext_lazy("Ordinært job"), INTEGER),
    Column("education", gettext_lazy("Uddannelse"), INTEGER),
    Column("other_scheme", gettext_lazy("Anden ordning"), INTEGER),
    Column("benefits", gettext_lazy("Tilbage på ydelse"), INTEGER),
    Column("moved", gettext_lazy("Fraflyttet"), INTEGER),
    Column("unknown", gettext_lazy("Ukendt eller ikke angivet"), INTEGER),
    Column("share_job_or_education", gettext_lazy("Andel til job eller uddannelse (%)")),
]


def _outcome_cells(row: OutcomeRow, scheme_label: str, readiness_label: str) -> list:
    return [
        scheme_label,
        readiness_label,
        row.ended,
        row.count(Outcome.ORDINARY_JOB),
        row.count(Outcome.EDUCATION),
        row.count(Outcome.OTHER_SCHEME),
        row.count(Outcome.BENEFITS),
        row.count(Outcome.MOVED),
        row.not_recorded,
        rounded(row.success_share),
    ]


def outcomes_table(data: ReportData) -> Table:
    outcomes = data.outcomes
    rows = []
    for row in outcomes.rows:
        if row.subtotal:
            rows.append(Row(_outcome_cells(row, row.scheme.name, _("Alle")), total=True))
        else:
            label = row.readiness.name if row.readiness else _("Ikke angivet")
            rows.append(Row(_outcome_cells(row, row.scheme.name, label)))
    if outcomes.total:
        rows.append(Row(_outcome_cells(outcomes.total, _("Alle ordninger"), _("Alle")), total=True))
    return Table(
        key="outcomes",
        caption=_("Udfald af forløb afsluttet i %(period)s, efter ordning og visitationskategori")
        % {"period": _period_text(data)},
        columns=OUTCOME_COLUMNS,
        rows=rows,
    )


# --- Slot states on a date ------------------------------------------------------------------

SLOT_STATE_LABELS = {
    SlotState.CLOSED: gettext_lazy("Nedlagte pladser"),
    SlotState.PAUSED: gettext_lazy("Pladser i bero"),
    SlotState.OPEN: gettext_lazy("Åbne pladser"),
    SlotState.FILLED: gettext_lazy("Besatte pladser"),
}
SLOT_COLUMNS = [
    Column("scheme", gettext_lazy("Ordning"), TEXT, header=True),
    *[Column(str(state), SLOT_STATE_LABELS[state], INTEGER) for state in SLOT_STATES],
    Column("total", gettext_lazy("I alt"), INTEGER),
]


def slot_states_table(data: ReportData) -> Table:
    states = data.slot_states
    rows = [
        Row([row.scheme.name, *[row.counts.get(s, 0) for s in SLOT_STATES], row.total])
        for row in states.rows
    ]
    rows.append(
        Row(
            [_("I alt"), *[states.total.counts.get(s, 0) for s in SLOT_STATES], states.total.total],
            total=True,
        )
    )
    return Table(
        key="slot_states",
        caption=_("Pladser pr. %(day)s efter ordning og tilstand")
        % {"day": formatting.date(states.day)},
        columns=SLOT_COLUMNS,
        rows=rows,
    )


def _breakdown(key: str):
    """A table of reports.breakdowns, which builds on this module: looked up when called."""

    def build(data: ReportData) -> Table:
        from reports.breakdowns import BUILDERS

        return BUILDERS[key](data)

    return build


def hours_and_forecast_table(data: ReportData) -> Table:
    from reports.weighting import hours_and_forecast_table as build  # it builds on this module

    return build(data)


# The tables a user can export, by the name in the URL.
EXPORT_TABLES = {
    "status": status_table,
    "outcomes": outcomes_table,
    "slot_states": slot_states_table,
    "hours_and_forecast": hours_and_forecast_table,
    "readiness": _breakdown("readiness"),
    "outcomes_by_readiness": _breakdown("outcomes_by_readiness"),
    "outcomes_years": _breakdown("outcomes_years"),
    "districts": _breakdown("districts"),
    "age_groups": _breakdown("age_groups"),
    "vacancy_reasons": _breakdown("vacancy_reasons"),
}
