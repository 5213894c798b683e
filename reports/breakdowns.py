"""The breakdown tables committees ask for, beside the status: who takes part and how it ends.

- readiness: participants on a date by scheme and readiness category (counts and shares);
- outcomes by readiness: placements ended in the period by the readiness at their start;
- outcomes year on year: this period's share to job or education against last year's;
- districts: figures by the citizen's district (the municipality's own districts);
- age groups: participants on a date by scheme and age (from the CPR birth date);
- vacancy reasons: open slots on a date by scheme and the reason they stand open.

Each is a presentation.Table (page, PDF, CSV/XLSX/JSON from one set of cells) built from a
fixed number of aggregate queries (reports.breakdown_selectors). "On a date" is the date of
the report's slot table (the period's last day unless another is chosen). Each table declares
its person counts and sums to reports.suppression, which hides small numbers for secretaries.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import cpr, formatting, versioned_cache
from core.periods import Period
from core.replica import replica_reads
from organisation.models import District, district_label
from placements.models import VacancyReason
from reports import breakdown_selectors as selectors
from reports import cache as report_cache
from reports import presentation, suppression
from reports import selectors as status_selectors
from reports.presentation import INTEGER, TEXT, Column, Row, Table, rounded
from reports.status import SUCCESS_OUTCOMES, OutcomeRow, ReportData
from schemes.models import ReadinessCategory, Scheme

HUNDRED = Decimal(100)
NOT_RECORDED = gettext_lazy("Ikke angivet")

# Age bands in whole years on the stated date; (label, lowest age, highest age or None).
AGE_BANDS = [
    ("under_18", gettext_lazy("Under 18 år"), 0, 17),
    ("18_24", gettext_lazy("18–24 år"), 18, 24),
    ("25_29", gettext_lazy("25–29 år"), 25, 29),
    ("30_39", gettext_lazy("30–39 år"), 30, 39),
    ("40_49", gettext_lazy("40–49 år"), 40, 49),
    ("50_59", gettext_lazy("50–59 år"), 50, 59),
    ("60_plus", gettext_lazy("60 år og derover"), 60, None),
]


def _scope(data: ReportData) -> list[int] | None:
    status = data.status
    return None if status.whole_municipality else [d.pk for d in status.departments]


def _day(data: ReportData) -> dt.date:
    return data.slot_states.day


def share(part: int, whole: int) -> Decimal | None:
    """part ÷ whole in per cent, rounded once to one decimal; None for an empty whole."""
    return rounded(Decimal(part) * HUNDRED / whole) if whole else None


def age_on(birth: dt.date, day: dt.date) -> int:
    """Whole years on `day`; someone born 29 February turns a year older on 1 March."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def age_band(birth: dt.date | None, day: dt.date) -> str:
    if birth is None:
        return "unknown"
    age = age_on(birth, day)
    for key, _label, low, high in AGE_BANDS:
        if age >= low and (high is None or age <= high):
            return key
    return "unknown"  # born after the day: a CPR number entered wrongly


def _schemes(ids) -> list[Scheme]:
    return [s for s in Scheme.objects.all() if s.pk in ids]


def _distribution(
    key: str, caption: str, counts: dict[tuple[int, str], int], columns: list[tuple[str, str]]
) -> Table:
    """Schemes × categories: a count and a share (of the scheme's row) per category."""
    used = [(code, label) for code, label in columns if any(k[1] == code for k in counts)]
    table_columns = [Column("scheme", gettext_lazy("Ordning"), TEXT, header=True)]
    for code, label in used:
        table_columns.append(Column(f"n_{code}", label, INTEGER))
        table_columns.append(Column(f"pct_{code}", _("%(label)s (%%)") % {"label": label}))
    table_columns.append(Column("total", gettext_lazy("I alt"), INTEGER))

    def cells(label: str, row: dict[str, int]) -> list:
        total = sum(row.values())
        values: list = [label]
        for code, _label in used:
            values += [row.get(code, 0), share(row.get(code, 0), total)]
        return [*values, total]

    rows = []
    totals: dict[str, int] = defaultdict(int)
    for scheme in _schemes({k[0] for k in counts}):
        row = {code: n for (scheme_id, code), n in counts.items() if scheme_id == scheme.pk}
        for code, n in row.items():
            totals[code] += n
        rows.append(Row(cells(scheme.name, row)))
    if rows:
        rows.append(Row(cells(_("I alt"), totals), total=True))
    return Table(key=key, caption=caption, columns=table_columns, rows=rows)


def readiness_table(data: ReportData) -> Table:
    """Participants on the date by scheme and readiness category (shares of each scheme)."""
    day = _day(data)
    raw = selectors.readiness_on(day, _scope(data))
    categories = {r.pk: r for r in ReadinessCategory.objects.all()}
    counts = {
        (scheme_id, categories[rid].code if rid in categories else "none"): n
        for (scheme_id, rid), n in raw.items()
    }
    columns = [(r.code, r.name) for r in categories.values()] + [("none", str(NOT_RECORDED))]
    caption = _(
        "Deltagere pr. %(day)s efter ordning og visitationskategori ved forløbets start"
    ) % {"day": formatting.date(day)}
    return _distribution("readiness", caption, counts, columns)


def age_table(data: ReportData) -> Table:
    """Participants on the date by scheme and age group (age from the CPR birth date)."""
    day = _day(data)
    counts: dict[tuple[int, str], int] = defaultdict(int)
    for scheme_id, _citizen_id, number in selectors.birth_data_on(day, _scope(data)):
        counts[(scheme_id, age_band(cpr.birth_date(number), day))] += 1
    columns = [(key, str(label)) for key, label, _low, _high in AGE_BANDS]
    columns.append(("unknown", str(gettext_lazy("Ukendt alder"))))
    caption = _("Deltagere pr. %(day)s efter ordning og alder") % {"day": formatting.date(day)}
    return _distribution("age_groups", caption, dict(counts), columns)


# --- Outcomes ---------------------------------------------------------------------------------


def _successes(counts: dict[str, int]) -> int:
    return sum(counts.get(outcome, 0) for outcome in SUCCESS_OUTCOMES)


def _outcome_cells(label: str, counts: dict[str, int]) -> list:
    """The status's outcome cells (presentation), with one label for scheme and readiness."""
    return presentation._outcome_cells(OutcomeRow(None, None, counts), "", label)[1:]


def _add(into: dict[str, int], counts: dict[str, int]) -> None:
    for outcome, n in counts.items():
        into[outcome] = into.get(outcome, 0) + n


def outcomes_by_readiness_table(data: ReportData) -> Table:
    """Placements ended in the period, all schemes, by the readiness at the placement's start."""
    per_readiness: dict[object, dict[str, int]] = {}
    for row in data.outcomes.rows:
        if not row.subtotal:
            _add(per_readiness.setdefault(row.readiness, {}), row.counts)
    ordered = sorted(per_readiness, key=lambda r: (r is None, r.name if r else ""))
    rows = [
        Row(_outcome_cells(r.name if r else str(NOT_RECORDED), per_readiness[r])) for r in ordered
    ]
    if rows:
        total: dict[str, int] = {}
        for counts in per_readiness.values():
            _add(total, counts)
        rows.append(Row(_outcome_cells(_("Alle"), total), total=True))
    return Table(
        key="outcomes_by_readiness",
        caption=_(
            "Udfald af forløb afsluttet i %(period)s efter visitationskategori ved forløbets start"
        )
        % {"period": data.period.label},
        columns=[
            Column("readiness", gettext_lazy("Visitationskategori ved start"), TEXT, header=True),
            *presentation.OUTCOME_COLUMNS[2:],
        ],
        rows=rows,
    )


def _per_scheme(raw: dict) -> dict[int, dict[str, int]]:
    result: dict[int, dict[str, int]] = {}
    for (scheme_id, _readiness), counts in raw.items():
        _add(result.setdefault(scheme_id, {}), counts)
    return result


def outcomes_year_on_year_table(data: ReportData) -> Table:
    """Per scheme: ended and to job or education now and in the same period last year."""
    period: Period = data.period
    previous = data.status.previous_period
    now = _per_scheme(
        {(row.scheme.pk, None): row.counts for row in data.outcomes.rows if row.subtotal}
    )
    before = _per_scheme(status_selectors.outcomes_of_ended(previous, _scope(data)))

    def cells(label: str, this: dict[str, int], last: dict[str, int]) -> list:
        ended, ended_last = sum(this.values()), sum(last.values())
        success, success_last = _successes(this), _successes(last)
        this_share, last_share = share(success, ended), share(success_last, ended_last)
        change = None if None in (this_share, last_share) else this_share - last_share
        return [label, ended, success, this_share, ended_last, success_last, last_share, change]

    rows = []
    total_now: dict[str, int] = {}
    total_before: dict[str, int] = {}
    for scheme in _schemes(set(now) | set(before)):
        this, last = now.get(scheme.pk, {}), before.get(scheme.pk, {})
        _add(total_now, this)
        _add(total_before, last)
        rows.append(Row(cells(scheme.name, this, last)))
    if rows:
        rows.append(Row(cells(_("Alle ordninger"), total_now, total_before), total=True))
    this_label, last_label = period.label, previous.label
    return Table(
        key="outcomes_years",
        caption=_("Udfald år for år: forløb afsluttet i %(this)s og i %(last)s")
        % {"this": this_label, "last": last_label},
        columns=[
            Column("scheme", gettext_lazy("Ordning"), TEXT, header=True),
            Column("ended", _("Afsluttede, %(p)s") % {"p": this_label}, INTEGER),
            Column(
                "to_job_or_education", _("Til job/uddannelse, %(p)s") % {"p": this_label}, INTEGER
            ),
            Column("share", _("Andel (%%), %(p)s") % {"p": this_label}),
            Column("ended_last_year", _("Afsluttede, %(p)s") % {"p": last_label}, INTEGER),
            Column(
                "to_job_or_education_last_year",
                _("Til job/uddannelse, %(p)s") % {"p": last_label},
                INTEGER,
            ),
            Column("share_last_year", _("Andel (%%), %(p)s") % {"p": last_label}),
            Column("change_points", gettext_lazy("Ændring (procentpoint)")),
        ],
        rows=rows,
    )


# --- Districts ----------------------------------------------------------------------------------

DISTRICT_COUNTS = ("persons_at_end", "started", "ended", "to_job_or_education")


def district_table(data: ReportData) -> Table:
    """The period's figures by the citizen's district (the municipality's own districts)."""
    period = data.period
    raw = selectors.by_district(period, _scope(data))
    districts = [d for d in District.objects.all() if d.pk in raw]
    if None in raw:
        districts.append(None)

    def cells(label: str, figures: dict) -> list:
        days = Decimal(figures.get("person_days") or 0)
        return [
            label,
            *(figures.get(key, 0) for key in DISTRICT_COUNTS),
            rounded(days / Decimal(period.days)),
        ]

    rows = [
        Row(cells(d.name if d else str(NOT_RECORDED), raw[d.pk if d else None])) for d in districts
    ]
    if rows:
        total = {
            key: sum(f.get(key) or 0 for f in raw.values())
            for key in (*DISTRICT_COUNTS, "person_days")
        }
        rows.append(Row(cells(_("I alt"), total), total=True))
    return Table(
        key="districts",
        caption=_("Forløb i %(period)s efter borgerens %(word)s")
        % {"period": period.label, "word": str(district_label()).lower()},
        columns=[
            Column("district", district_label(), TEXT, header=True),
            Column("persons_at_end", gettext_lazy("Personer ved periodens udgang"), INTEGER),
            Column("started", gettext_lazy("Startede forløb"), INTEGER),
            Column("ended", gettext_lazy("Afsluttede forløb"), INTEGER),
            Column(
                "to_job_or_education", gettext_lazy("Afsluttet til job eller uddannelse"), INTEGER
            ),
            Column("full_year_persons", gettext_lazy("Helårspersoner")),
        ],
        rows=rows,
    )


# --- Open slots by reason ------------------------------------------------------------------------


def vacancy_reason_table(data: ReportData) -> Table:
    """Open (vacant) slots on the date by scheme and the reason HR gave; slots, not persons."""
    day = _day(data)
    raw = selectors.open_slots_by_reason(day, _scope(data))
    reasons = {r.pk: r for r in VacancyReason.objects.all()}
    rows = []
    for scheme in _schemes({k[0] for k in raw}):
        keys = sorted(
            (k for k in raw if k[0] == scheme.pk),
            key=lambda k: (k[1] is None, reasons[k[1]].sort_order if k[1] else 0),
        )
        for key in keys:
            reason = reasons[key[1]].name if key[1] else str(NOT_RECORDED)
            rows.append(Row([scheme.name, reason, raw[key]]))
        rows.append(Row([scheme.name, _("Alle årsager"), sum(raw[k] for k in keys)], total=True))
    if rows:
        rows.append(Row([_("Alle ordninger"), _("Alle årsager"), sum(raw.values())], total=True))
    return Table(
        key="vacancy_reasons",
        caption=_("Åbne pladser pr. %(day)s efter ordning og årsag")
        % {"day": formatting.date(day)},
        columns=[
            Column("scheme", gettext_lazy("Ordning"), TEXT, header=True),
            Column("reason", gettext_lazy("Årsag"), TEXT),
            Column("open_slots", gettext_lazy("Åbne pladser"), INTEGER),
        ],
        rows=rows,
    )


# --- What the page, the PDF and the exports show ------------------------------------------------

BUILDERS = {
    "readiness": readiness_table,
    "outcomes_by_readiness": outcomes_by_readiness_table,
    "outcomes_years": outcomes_year_on_year_table,
    "districts": district_table,
    "age_groups": age_table,
    "vacancy_reasons": vacancy_reason_table,
}
TITLES = {
    "readiness": gettext_lazy("Deltagere efter visitationskategori"),
    "outcomes_by_readiness": gettext_lazy("Udfald efter visitationskategori ved start"),
    "outcomes_years": gettext_lazy("Udfald år for år"),
    "districts": gettext_lazy("Forløb efter borgerens bopæl"),
    "age_groups": gettext_lazy("Deltagere efter alder"),
    "vacancy_reasons": gettext_lazy("Åbne pladser efter årsag"),
}


def report_tables(data: ReportData) -> list[tuple[str, Table]]:
    """(title, table) of every breakdown, in the order the page and the PDF show them; read
    on the replica when there is one, and from the cache (reports.cache) when the period
    and the date ended before today."""

    def build() -> list[tuple[str, Table]]:
        with replica_reads():
            return [(TITLES[key], build(data)) for key, build in BUILDERS.items()]

    day, period = _day(data), data.period
    if max(day, period.end) >= timezone.localdate():
        return build()
    scope = ",".join(map(str, _scope(data) or [])) or "all"
    key = f"breakdowns:{period.start}:{period.end}:{day}:{scope}"
    return versioned_cache.get_or_compute(
        report_cache.VERSION, key, build, report_cache.REPORT_TIMEOUT
    )


def _distribution_layout(table: Table) -> suppression.Layout:
    counts = tuple(c.key for c in table.columns if c.key.startswith("n_"))
    return suppression.Layout(
        persons=(*counts, "total"),
        sums=(suppression.row_sums("total", counts), suppression.block_sums((*counts, "total"))),
        derived={f"pct_{key[2:]}": (key, "total") for key in counts},
    )


YEAR_COUNTS = ("ended", "to_job_or_education", "ended_last_year", "to_job_or_education_last_year")

suppression.register("readiness", _distribution_layout)
suppression.register("age_groups", _distribution_layout)
suppression.register("outcomes_by_readiness", suppression.LAYOUTS["outcomes"])
suppression.register(
    "outcomes_years",
    suppression.Layout(
        persons=YEAR_COUNTS,
        sums=(suppression.block_sums(YEAR_COUNTS),),
        derived={
            "share": ("ended", "to_job_or_education"),
            "share_last_year": ("ended_last_year", "to_job_or_education_last_year"),
            "change_points": YEAR_COUNTS,
        },
    ),
)
suppression.register(
    "districts",
    suppression.Layout(persons=DISTRICT_COUNTS, sums=(suppression.block_sums(DISTRICT_COUNTS),)),
)
# Slots, not persons: shown as they are.
suppression.register("vacancy_reasons", suppression.Layout(persons=()))
