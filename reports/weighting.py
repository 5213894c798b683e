"""The hours-weighted full-year persons and the forecast beside the day-based figures.

One table for the page, the exports and the PDF: per department and category the
full-year persons by days and weighted by hours (Σ days × hours per week ÷ 37 ÷ days in
the period), each with the part that comes from days after today ("heraf prognose"), and
the distinct citizens on the period's last day, also over all categories.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import formatting
from organisation.models import department_label
from reports.presentation import INTEGER, TEXT, Column, Row, Table, rounded
from reports.status import ReportData, StatusRow

COLUMNS = [
    Column("department", department_label(), TEXT, header=True),
    Column("category", gettext_lazy("Måltalskategori"), TEXT),
    Column("full_year_persons", gettext_lazy("Helårspersoner efter dage")),
    Column("full_year_persons_forecast", gettext_lazy("heraf prognose")),
    Column("hours_weighted", gettext_lazy("Helårspersoner efter timer (÷ 37)")),
    Column("hours_weighted_forecast", gettext_lazy("heraf prognose")),
    Column("open_slots", gettext_lazy("Åbne pladser i helårspersoner")),
    Column("open_slots_forecast", gettext_lazy("heraf prognose")),
    Column("head_count_at_end", gettext_lazy("Forskellige personer ved periodens udgang"), INTEGER),
]


def _cells(label: str, row: StatusRow) -> list:
    figures = row.figures
    counts_open = figures.open_slots is not None
    return [
        label,
        row.category.name,
        rounded(figures.full_year_persons),
        rounded(figures.forecast),
        rounded(figures.hours_weighted),
        rounded(figures.hours_weighted_forecast),
        rounded(figures.open_slots),
        rounded(figures.open_slots_forecast) if counts_open else None,
        figures.head_count,
    ]


def hours_and_forecast_table(data: ReportData) -> Table:
    status = data.status
    total_label = _("Kommunen i alt") if status.whole_municipality else _("I alt")
    all_categories = _("Alle kategorier")
    rows = []
    for department, department_rows in status.department_rows():
        rows += [Row(_cells(department.code, row)) for row in department_rows]
        persons = status.persons_on_last_day.get(department.pk, 0)
        rows.append(Row([department.code, all_categories, *[None] * 6, persons], total=True))
    rows += [Row(_cells(total_label, row), total=True) for row in status.totals]
    persons = status.persons_on_last_day.get(None, 0)
    rows.append(Row([total_label, all_categories, *[None] * 6, persons], total=True))
    return Table(
        key="hours_and_forecast",
        caption=_(
            "Helårspersoner efter dage og efter timer, %(period)s; prognose: dagene efter %(today)s"
        )
        % {"period": data.period.label, "today": formatting.date(status.today)},
        columns=COLUMNS,
        rows=rows,
    )
