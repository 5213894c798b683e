"""Small numbers: what a committee secretary sees never points at one citizen.

Person counts between 1 and the threshold (`settings.SMALL_NUMBER_THRESHOLD`, default 5)
show "<5" (primary suppression). A table with totals could give a hidden cell back by
subtraction, so every sum the table shows (a row's total, a block's subtotal, the total of
the subtotals) is an equation, and no equation may hold exactly one hidden cell: the next
smallest cell of it is hidden as well, shown as ".." (secondary suppression), until every
equation has none or at least two. Shares computed from a hidden count are hidden too.

Full-year persons, targets and slots are not person counts (docs/status-method.md says why).
Which columns hold person counts is declared here, by column key, per table; the status
tables on the page and in the PDF are hidden together, as one table, so a department's
table and the municipality's total cannot be played against each other.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.utils.translation import gettext as _

from organisation.scope import ADMINISTRATOR, SECRETARY, roles_of
from reports.charts import bar_chart, chart_rows
from reports.presentation import Row, Table, status_table
from reports.status import ChartSeries
from schemes.models import TargetUnit

SECONDARY = ".."

Key = tuple[int, str]  # (row index, column key)
Groups = list[tuple[Key, list[Key]]]  # (the total's cell, the cells it adds up)


class Hidden(str):
    """A suppressed cell: text ("<5" or "..") on the page, in every export and in the PDF."""


def threshold() -> int:
    return settings.SMALL_NUMBER_THRESHOLD


def primary_mark() -> Hidden:
    return Hidden(f"<{threshold()}")


def hides_small_numbers(user) -> bool:
    """Secretaries see small numbers hidden; administrators and HR (own department) do not."""
    roles = roles_of(user)
    return SECRETARY in roles and ADMINISTRATOR not in roles


def cells_to_hide(primary: set[Key], values: dict[Key, int], groups: Groups) -> dict[Key, Hidden]:
    """{cell: mark}: the primary cells, then complements until no sum gives a cell back."""
    hidden: dict[Key, Hidden] = {key: primary_mark() for key in primary}
    changed = True
    while changed:
        changed = False
        for total, members in groups:
            if not members or sum(key in hidden for key in (total, *members)) != 1:
                continue
            # The smallest non-zero member first: it hides the least information.
            shown = sorted(
                (key for key in members if key not in hidden),
                key=lambda key: (values.get(key, 0) == 0, values.get(key, 0)),
            ) or [total]
            hidden[shown[0]] = Hidden(SECONDARY)
            changed = True
    return hidden


# --- How each table adds up ---------------------------------------------------------------


def _index(table: Table) -> dict[str, int]:
    return {column.key: i for i, column in enumerate(table.columns)}


def row_sums(total: str, members: Iterable[str]) -> Callable[[Table], Groups]:
    """Each row: the `total` column is the sum of the `members` columns."""
    members = tuple(members)

    def groups(table: Table) -> Groups:
        present = [key for key in members if key in _index(table)]
        return [((i, total), [(i, key) for key in present]) for i in range(len(table.rows))]

    return groups


def block_sums(columns: Iterable[str]) -> Callable[[Table], Groups]:
    """Rows in blocks, each closed by a total row that adds up the rows above it; a total row
    straight after another total row adds up the earlier totals (a grand total)."""
    columns = tuple(columns)

    def groups(table: Table) -> Groups:
        result: Groups = []
        block: list[int] = []
        subtotals: list[int] = []
        for i, row in enumerate(table.rows):
            if not row.total:
                block.append(i)
                continue
            members = block or subtotals
            for key in columns:
                result.append(((i, key), [(j, key) for j in members]))
            if block:
                subtotals.append(i)
            block = []
        return result

    return groups


def label_sums(label: str, columns: Iterable[str]) -> Callable[[Table], Groups]:
    """Each total row adds up the other rows with the same value in the `label` column."""
    columns = tuple(columns)

    def groups(table: Table) -> Groups:
        at = _index(table)[label]
        result: Groups = []
        for i, row in enumerate(table.rows):
            if row.total:
                members = [
                    j
                    for j, other in enumerate(table.rows)
                    if not other.total and other.cells[at] == row.cells[at]
                ]
                result += [((i, key), [(j, key) for j in members]) for key in columns]
        return result

    return groups


@dataclass(frozen=True)
class Layout:
    """Which columns of a table hold person counts, and the sums the table shows."""

    persons: tuple[str, ...]
    sums: tuple[Callable[[Table], Groups], ...] = ()
    # A column computed from others (a share): hidden when any of them is.
    derived: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Person counts only in some rows (the status's realised, by the target's unit).
    conditional: Callable[[Table, dict[Key, Hidden]], None] | None = None


def person_unit_labels() -> set[str]:
    """Target units whose realised figure counts persons or placements, not full-year persons."""
    measured = {TargetUnit.FULL_YEAR_PERSONS, TargetUnit.SLOTS, TargetUnit.SHARE_OF_EMPLOYEES}
    return {str(unit.label) for unit in TargetUnit if unit not in measured}


def _realised_in_persons(table: Table, hidden: dict[Key, Hidden]) -> None:
    """Where the target counts persons, the realised figure is a person count as well."""
    at = _index(table)
    labels = person_unit_labels()
    for i, row in enumerate(table.rows):
        if str(row.cells[at["unit"]] or "") not in labels:
            continue
        realised = row.cells[at["realised"]]
        if realised is not None and 0 < realised < threshold():
            hidden[(i, "realised")] = primary_mark()
        elif (i, "head_count_at_end") in hidden or (i, "started") in hidden:
            hidden[(i, "realised")] = Hidden(SECONDARY)
        if (i, "realised") in hidden:
            hidden[(i, "fulfilment_percent")] = Hidden(SECONDARY)


STATUS_PERSONS = ("head_count_at_end", "started", "ended")
OUTCOME_COUNTS = ("ordinary_job", "education", "other_scheme", "benefits", "moved", "unknown")

# A table's layout, or a function giving it from the table (columns that vary with the data).
LAYOUTS: dict[str, Layout | Callable[[Table], Layout]] = {
    "status": Layout(
        persons=STATUS_PERSONS,
        sums=(label_sums("category", STATUS_PERSONS),),
        conditional=_realised_in_persons,
    ),
    "outcomes": Layout(
        persons=("ended", *OUTCOME_COUNTS),
        sums=(row_sums("ended", OUTCOME_COUNTS), block_sums(("ended", *OUTCOME_COUNTS))),
        derived={"share_job_or_education": ("ended", "ordinary_job", "education")},
    ),
    # A filled slot is a person in a placement; closed, paused and open slots are not.
    # Its head counts are the status's (LINKED below); declared here for what counts persons.
    "hours_and_forecast": Layout(persons=("head_count_at_end",)),
    "slot_states": Layout(
        persons=("filled",),
        sums=(
            row_sums("total", ("closed", "paused", "open", "filled")),
            block_sums(("closed", "paused", "open", "filled", "total")),
        ),
    ),
}


def register(key: str, layout: Layout | Callable[[Table], Layout]) -> None:
    """A table module declares its person counts and sums here (reports.breakdowns)."""
    LAYOUTS[key] = layout


def hidden_cells(table: Table, layout: Layout) -> dict[Key, Hidden]:
    at = _index(table)
    groups = [group for sums in layout.sums for group in sums(table)]
    keys = {key for total, members in groups for key in (total, *members)}
    keys |= {(i, column) for i in range(len(table.rows)) for column in layout.persons}
    values = {}
    for i, column in keys:
        value = table.rows[i].cells[at[column]] if column in at else None
        values[(i, column)] = value if isinstance(value, int) else 0
    limit = threshold()
    primary = {
        key for key, value in values.items() if key[1] in layout.persons and 0 < value < limit
    }
    hidden = cells_to_hide(primary, values, groups)
    if layout.conditional:
        layout.conditional(table, hidden)
    for column, sources in layout.derived.items():
        for i in range(len(table.rows)):
            if any((i, source) in hidden for source in sources):
                hidden.setdefault((i, column), Hidden(SECONDARY))
    return hidden


def apply(table: Table, hidden: dict[Key, Hidden]) -> Table:
    at = _index(table)
    rows = []
    for i, row in enumerate(table.rows):
        cells = list(row.cells)
        for (j, column), mark in hidden.items():
            if j == i and column in at:
                cells[at[column]] = mark
        rows.append(Row(cells, total=row.total))
    return replace(table, rows=rows)


def hide_small_numbers(table: Table, data=None) -> Table:
    """The table as a secretary sees it (tables without person counts are unchanged).

    A table that repeats the status's person counts (LINKED) takes the status's marks; it
    needs the report's `data` for them.
    """
    if table.key in LINKED and data is not None:
        return LINKED[table.key](table, _status_marks(status_table(data)))
    layout = LAYOUTS.get(table.key)
    if layout is None:
        return table
    if not isinstance(layout, Layout):
        layout = layout(table)
    return apply(table, hidden_cells(table, layout))


# --- The status page and the PDF: every table of a report at once ---------------------------


def _status_marks(table: Table) -> dict[tuple[str | None, str, str], Hidden]:
    """{(department code or None for the total, category, column): mark} of the status table."""
    hidden = hidden_cells(table, LAYOUTS["status"])
    return {
        (
            None if table.rows[i].total else table.rows[i].cells[0],
            table.rows[i].cells[1],
            column,
        ): mark
        for (i, column), mark in hidden.items()
    }


def _by_category(table: Table, marks, department: str | None) -> Table:
    at = _index(table)
    hidden = {
        (i, column): marks[(department, row.cells[0], column)]
        for i, row in enumerate(table.rows)
        for column in at
        if (department, row.cells[0], column) in marks
    }
    return apply(table, hidden)


def _chart(chart: dict, marks) -> dict:
    series: ChartSeries = chart["series"]
    if series.unit_label not in person_unit_labels():
        return chart
    name = series.category.name
    bars = [
        (label, target, marks.get((label, name, "realised"), realised))
        for label, target, realised in series.bars
    ]
    series = replace(series, bars=bars)
    return {
        "svg": bar_chart(series, f"chart-{series.category.code}"),
        "series": series,
        "rows": chart_rows(series),
    }


def _hours_and_forecast(table: Table, marks) -> Table:
    """The hours-weighted table (reports.weighting) repeats the status's head counts per
    department and category: they take the status's marks. Its rows over all categories
    (distinct citizens) are hidden among themselves: the total row adds up the departments'."""
    at = _index(table)
    everything = str(_("Alle kategorier"))
    column = "head_count_at_end"
    hidden: dict[Key, Hidden] = {}
    overall = []
    for i, row in enumerate(table.rows):
        department, category = row.cells[at["department"]], row.cells[at["category"]]
        if category == everything:
            overall.append(i)
        elif (mark := marks.get((None if row.total else department, category, column))) is not None:
            hidden[(i, column)] = mark
    values = {(i, column): table.rows[i].cells[at[column]] or 0 for i in overall}
    primary = {key for key, value in values.items() if 0 < value < threshold()}
    groups = [((overall[-1], column), [(i, column) for i in overall[:-1]])] if overall else []
    hidden |= cells_to_hide(primary, values, groups)
    return apply(table, hidden)


LINKED: dict[str, Callable[[Table, dict], Table]] = {"hours_and_forecast": _hours_and_forecast}


def hide_in_report(context: dict) -> dict:
    """A report's page or PDF context (reports.pdf.report_context) as a secretary sees it."""
    marks = _status_marks(status_table(context["data"]))
    hidden = dict(context)
    hidden["total_table"] = _by_category(context["total_table"], marks, None)
    hidden["department_tables"] = [
        (department, _by_category(table, marks, department.code))
        for department, table in context["department_tables"]
    ]
    hidden["charts"] = [_chart(chart, marks) for chart in context["charts"]]
    for key, value in context.items():
        if isinstance(value, Table) and value.key in LINKED:
            hidden[key] = LINKED[value.key](value, marks)
        elif isinstance(value, Table) and key != "total_table":
            hidden[key] = hide_small_numbers(value)
        elif key == "breakdowns":  # [(title, table)] of reports.breakdowns
            hidden[key] = [(title, hide_small_numbers(table)) for title, table in value]
    return hidden
