"""Helpers for the status tests (not a test module): a hand-computed scenario and readers."""

import datetime as dt
import subprocess
from decimal import Decimal
from html.parser import HTMLParser

from organisation.models import DepartmentHeadcount
from placements.models import Outcome
from schemes.models import ReadinessCategory, Target, TargetCategory, TargetUnit
from tests.factories import (
    CitizenFactory,
    PlacementFactory,
    SlotFactory,
    WorkplaceFactory,
    department,
    scheme,
)

D = dt.date


def build_scenario(first: str = "SOF", second: str = "BUF"):
    """Placements in 2023 (365 days) whose full-year persons are known by hand.

    Every stretch is a multiple of 73 days (a fifth of the year) so each figure is exact at
    one decimal:
      SOF praktik, open-ended from 1 Jun 2022            → 365 days = 1.0
      SOF løntilskud 1 Jan–14 Mar 2023 (ended)           →  73 days = 0.2
      SOF praktik 20 Oct 2023–1 May 2024                 →  73 days = 0.2
      SOF nytteindsats slot, placement 1 Jan–26 May      → 146 days = 0.4, and the rest of
          the year open: 219 days = 0.6 that count (nytteindsats' open slots count)
      SOF praktik slot open all year                     → counts nothing (praktik's don't)
      BUF småjob 1 Jan–7 Aug 2023 (ended, education)     → 219 days = 0.6
      BUF fleksjob open-ended from 1 Jan 2023            → 365 days = 1.0
      BUF fleksjob 1 Jan–14 Mar 2022                     → last year only: 0.2
    Categories: virksomhedsrettede = løntilskud + praktik + småjob.
      SOF: praktik 1.2, løntilskud 0.2, virksomhedsrettede 1.4, nytteindsats 0.4 / 1.0
      BUF: småjob 0.6, virksomhedsrettede 0.6, fleksjob 1.0 (last year 0.2)
    `first` and `second` name the two departments (another demo municipality's).
    """
    sof = WorkplaceFactory(department=department(first))
    buf = WorkplaceFactory(department=department(second))
    jobparat = ReadinessCategory.objects.get(code="jobparat")
    aktivitetsparat = ReadinessCategory.objects.get(code="aktivitetsparat")

    def slot(workplace, code, opened_on=None):
        opened_on = opened_on or D(2020, 1, 1)
        return SlotFactory(workplace=workplace, scheme=scheme(code), opened_on=opened_on)

    PlacementFactory(slot=slot(sof, "virksomhedspraktik"), starts_on=D(2022, 6, 1))
    PlacementFactory(
        slot=slot(sof, "loentilskud"),
        citizen=CitizenFactory(readiness=jobparat),
        starts_on=D(2023, 1, 1),
        planned_end_on=D(2023, 6, 30),
        ended_on=D(2023, 3, 14),
        outcome=Outcome.ORDINARY_JOB,
    )
    PlacementFactory(
        slot=slot(sof, "virksomhedspraktik"),
        starts_on=D(2023, 10, 20),
        planned_end_on=D(2024, 5, 1),
    )
    nytte = slot(sof, "nytteindsats", opened_on=D(2023, 1, 1))
    PlacementFactory(slot=nytte, starts_on=D(2023, 1, 1), planned_end_on=D(2023, 5, 26))
    slot(sof, "virksomhedspraktik", opened_on=D(2022, 1, 1))  # open, does not count

    PlacementFactory(
        slot=slot(buf, "smaajob"),
        citizen=CitizenFactory(readiness=aktivitetsparat),
        starts_on=D(2023, 1, 1),
        ended_on=D(2023, 8, 7),
        outcome=Outcome.EDUCATION,
    )
    fleks = slot(buf, "fleksjob")
    PlacementFactory(slot=fleks, starts_on=D(2023, 1, 1))
    PlacementFactory(
        slot=slot(buf, "fleksjob"),
        starts_on=D(2022, 1, 1),
        planned_end_on=D(2022, 3, 14),
        ended_on=D(2022, 3, 14),
    )

    category = {c.code: c for c in TargetCategory.objects.all()}
    Target.objects.create(
        department=department(first),
        category=category["virksomhedsrettede"],
        first_year=2023,
        last_year=2023,
        value=Decimal("2"),
        unit=TargetUnit.FULL_YEAR_PERSONS,
    )
    Target.objects.create(
        department=department(first),
        category=category["nytteindsats"],
        first_year=2023,
        last_year=2023,
        value=Decimal("2"),
        unit=TargetUnit.FULL_YEAR_PERSONS,
    )
    Target.objects.create(
        department=department(second),
        category=category["fleksjob"],
        first_year=2023,
        last_year=2023,
        value=Decimal("2"),
        unit=TargetUnit.SHARE_OF_EMPLOYEES,
    )
    DepartmentHeadcount.objects.create(department=department(second), year=2023, employees=100)


# (department, category name) -> {column key: the figure as printed}
EXPECTED_2023 = {
    ("SOF", "Virksomhedspraktik"): {"full_year_persons": "1,2"},
    ("SOF", "Løntilskud"): {"full_year_persons": "0,2"},
    ("SOF", "Virksomhedsrettede forløb"): {
        "target": "2,0",
        "realised": "1,4",
        "fulfilment_percent": "70,0",
        "full_year_persons": "1,4",
        "full_year_persons_with_open_slots": "–",
    },
    ("SOF", "Nytteindsats"): {
        "target": "2,0",
        "realised": "1,0",
        "fulfilment_percent": "50,0",
        "full_year_persons": "0,4",
        "full_year_persons_with_open_slots": "1,0",
    },
    ("BUF", "Småjob under socialt frikort"): {"full_year_persons": "0,6"},
    ("BUF", "Virksomhedsrettede forløb"): {"full_year_persons": "0,6"},
    ("BUF", "Fleksjob"): {
        "target": "2,0",
        "target_persons": "2,0",
        "realised": "1,0",
        "fulfilment_percent": "50,0",
        "full_year_persons": "1,0",
        "full_year_persons_last_year": "0,2",
        "change": "0,8",
    },
}


class TableReader(HTMLParser):
    """{data-testid of a table: [[cell text, …], …]} for every body row."""

    def __init__(self):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._table = None
        self._in_body = False
        self._row = None
        self._cell = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self._table = attrs.get("data-testid", f"table-{len(self.tables)}")
            self.tables[self._table] = []
        elif tag == "tbody":
            self._in_body = True
        elif tag == "tr" and self._in_body:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[self._table].append(self._row)
            self._row = None
        elif tag == "tbody":
            self._in_body = False

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def html_tables(html: str) -> dict[str, list[list[str]]]:
    reader = TableReader()
    reader.feed(html)
    return reader.tables


def pdf_text(pdf: bytes) -> list[str]:
    """The PDF's pages as text (pdftotext -layout)."""
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return result.stdout.decode("utf-8").split("\f")
