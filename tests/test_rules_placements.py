"""Every placement rule (docs/regler.md), table-driven, through the service and through the form.

Each case is run twice: `placements.services.placement_create` must refuse it with the
Danish message on the field at fault (or accept it), and the "Nyt forløb" page must show
that message next to that field (or create the placement and redirect).
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from placements import services
from placements.models import PartTimeInsurance, Placement
from schemes.models import Benefit, ReadinessCategory
from tests.factories import (
    CitizenFactory,
    PlacementFactory,
    SlotFactory,
    SlotPauseFactory,
    WorkplaceFactory,
    department,
    scheme,
)

D = dt.date
OK = None


@dataclass
class Case:
    id: str
    scheme: str
    starts_on: dt.date
    planned_end_on: dt.date | None
    expect_field: str | None
    message: str = ""
    hours: Decimal = Decimal("20")
    benefit: str | None = None
    readiness: str | None = None
    citizen: dict = field(default_factory=dict)
    part_time_insured: bool = False
    opened_on: dt.date = D(2015, 1, 1)
    closed_on: dt.date | None = None
    pauses: list = field(default_factory=list)
    others: list = field(default_factory=list)
    public: bool = True


FRIKORT = {"frikort_number": "FK-77"}
CASES = [
    # Dates
    Case(
        "end before start",
        "fritidsjob",
        D(2024, 3, 1),
        D(2024, 2, 29),
        "planned_end_on",
        "før startdatoen",
    ),
    Case("one day: the leap day", "fritidsjob", D(2024, 2, 29), D(2024, 2, 29), OK),
    # One placement per slot per day
    Case(
        "shares the other's last day",
        "fritidsjob",
        D(2024, 6, 30),
        D(2024, 8, 1),
        "starts_on",
        "allerede besat fra 01-01-2024 til og med 30-06-2024",
        others=[(D(2024, 1, 1), D(2024, 6, 30))],
    ),
    Case(
        "starts 1 July after one ending 30 June",
        "fritidsjob",
        D(2024, 7, 1),
        D(2024, 8, 1),
        OK,
        others=[(D(2024, 1, 1), D(2024, 6, 30))],
    ),
    Case(
        "inside an open-ended placement",
        "fritidsjob",
        D(2025, 1, 1),
        D(2025, 2, 1),
        "starts_on",
        "fra 01-01-2024 og frem",
        others=[(D(2024, 1, 1), None)],
    ),
    Case(
        "open-ended into a later placement",
        "fritidsjob",
        D(2024, 1, 1),
        None,
        "planned_end_on",
        "allerede besat",
        others=[(D(2025, 1, 1), D(2025, 3, 1))],
    ),
    # The slot must be open
    Case(
        "before the slot opens",
        "fritidsjob",
        D(2024, 6, 30),
        D(2024, 7, 31),
        "starts_on",
        "først oprettet fra 01-07-2024",
        opened_on=D(2024, 7, 1),
    ),
    Case(
        "ends the day before the slot closes",
        "fritidsjob",
        D(2024, 6, 1),
        D(2024, 6, 30),
        OK,
        closed_on=D(2024, 7, 1),
    ),
    Case(
        "runs into the closing day",
        "fritidsjob",
        D(2024, 6, 1),
        D(2024, 7, 1),
        "planned_end_on",
        "nedlægges pr. 01-07-2024",
        closed_on=D(2024, 7, 1),
    ),
    Case(
        "open-ended past the closing",
        "fritidsjob",
        D(2024, 6, 1),
        None,
        "planned_end_on",
        "nedlægges pr. 01-07-2024",
        closed_on=D(2024, 7, 1),
    ),
    Case(
        "starts after the closing",
        "fritidsjob",
        D(2024, 7, 2),
        D(2024, 8, 1),
        "starts_on",
        "nedlagt pr. 01-07-2024",
        closed_on=D(2024, 7, 1),
    ),
    Case(
        "runs into a pause",
        "fritidsjob",
        D(2024, 2, 1),
        D(2024, 3, 1),
        "planned_end_on",
        "i bero fra 01-03-2024 til og med 31-03-2024",
        pauses=[(D(2024, 3, 1), D(2024, 3, 31))],
    ),
    Case(
        "ends on the leap day before a pause",
        "fritidsjob",
        D(2024, 2, 1),
        D(2024, 2, 29),
        OK,
        pauses=[(D(2024, 3, 1), D(2024, 3, 31))],
    ),
    Case(
        "inside an open-ended pause",
        "fritidsjob",
        D(2025, 1, 1),
        D(2025, 1, 31),
        "starts_on",
        "i bero fra 01-03-2024 og frem",
        pauses=[(D(2024, 3, 1), None)],
    ),
    # Duration caps: løntilskud in months, by benefit
    Case(
        "løntilskud, dagpenge: 4 months",
        "loentilskud",
        D(2024, 1, 1),
        D(2024, 4, 30),
        OK,
        benefit="dagpenge",
    ),
    Case(
        "løntilskud, dagpenge: 4 months and a day",
        "loentilskud",
        D(2024, 1, 1),
        D(2024, 5, 1),
        "planned_end_on",
        "højst vare 4 måneder, dvs. til og med 30-04-2024",
        benefit="dagpenge",
    ),
    Case(
        "løntilskud, jobparat kontanthjælp: 4 months to 30 April",
        "loentilskud",
        D(2024, 1, 1),
        D(2024, 4, 30),
        OK,
        benefit="kontanthjaelp",
        readiness="jobparat",
    ),
    Case(
        "løntilskud, jobparat kontanthjælp: to 1 May (was 6 months)",
        "loentilskud",
        D(2024, 1, 1),
        D(2024, 5, 1),
        "planned_end_on",
        "4 måneder, dvs. til og med 30-04-2024",
        benefit="kontanthjaelp",
        readiness="jobparat",
    ),
    Case(
        "løntilskud, aktivitetsparat: to 30 June",
        "loentilskud",
        D(2024, 1, 1),
        D(2024, 6, 30),
        OK,
        benefit="kontanthjaelp",
        readiness="aktivitetsparat",
    ),
    Case(
        "løntilskud, aktivitetsparat: to 1 July",
        "loentilskud",
        D(2024, 1, 1),
        D(2024, 7, 1),
        "planned_end_on",
        "6 måneder, dvs. til og med 30-06-2024",
        benefit="kontanthjaelp",
        readiness="aktivitetsparat",
    ),
    Case(
        "løntilskud, sygedagpenge: 12 months from the leap day",
        "loentilskud",
        D(2024, 2, 29),
        D(2025, 2, 28),
        OK,
        benefit="sygedagpenge",
    ),
    Case(
        "løntilskud, sygedagpenge: to 1 March",
        "loentilskud",
        D(2024, 2, 29),
        D(2025, 3, 1),
        "planned_end_on",
        "12 måneder",
        benefit="sygedagpenge",
    ),
    Case(
        "løntilskud without a benefit: the general 6 months",
        "loentilskud",
        D(2023, 1, 1),
        D(2023, 7, 1),
        "planned_end_on",
        "uden oplyst målgruppe må højst vare 6 måneder",
    ),
    Case(
        "løntilskud open-ended",
        "loentilskud",
        D(2024, 1, 1),
        None,
        "planned_end_on",
        "angiv en slutdato senest 30-04-2024",
        benefit="kontanthjaelp",
        readiness="jobparat",
    ),
    # Duration caps: virksomhedspraktik in weeks, by målgruppe (LAB § 61)
    Case(
        "praktik, jobparat kontanthjælp: 4 weeks (was 8)",
        "virksomhedspraktik",
        D(2024, 1, 1),
        D(2024, 1, 28),
        OK,
        benefit="kontanthjaelp",
        readiness="jobparat",
    ),
    Case(
        "praktik, jobparat kontanthjælp: 4 weeks and a day",
        "virksomhedspraktik",
        D(2024, 1, 1),
        D(2024, 1, 29),
        "planned_end_on",
        "højst vare 4 uger, dvs. til og med 28-01-2024",
        benefit="kontanthjaelp",
        readiness="jobparat",
    ),
    Case(
        "praktik, aktivitetsparat kontanthjælp: 13 weeks and a day",
        "virksomhedspraktik",
        D(2024, 1, 1),
        D(2024, 4, 1),
        "planned_end_on",
        "kan forløbet forlænges til 26 uger",
        benefit="kontanthjaelp",
        readiness="aktivitetsparat",
    ),
    Case(
        "praktik, dagpenge: 4 weeks to 28 Feb",
        "virksomhedspraktik",
        D(2024, 2, 1),
        D(2024, 2, 28),
        OK,
        benefit="dagpenge",
    ),
    Case(
        "praktik, dagpenge: to the leap day",
        "virksomhedspraktik",
        D(2024, 2, 1),
        D(2024, 2, 29),
        "planned_end_on",
        "4 uger",
        benefit="dagpenge",
    ),
    Case(
        "praktik, sygedagpenge: 13 weeks to 30 June",
        "virksomhedspraktik",
        D(2024, 4, 1),
        D(2024, 6, 30),
        OK,
        benefit="sygedagpenge",
    ),
    Case(
        "praktik, sygedagpenge: to 1 July",
        "virksomhedspraktik",
        D(2024, 4, 1),
        D(2024, 7, 1),
        "planned_end_on",
        "13 uger",
        benefit="sygedagpenge",
    ),
    # Nytteindsats: 13 weeks until the 2025 law lifted it from 1 July 2025
    Case("nytteindsats: 13 weeks in 2025", "nytteindsats", D(2025, 1, 1), D(2025, 4, 1), OK),
    Case(
        "nytteindsats: 13 weeks and a day",
        "nytteindsats",
        D(2025, 1, 1),
        D(2025, 4, 2),
        "planned_end_on",
        "13 uger",
    ),
    Case(
        "nytteindsats from 30 June 2025, open-ended",
        "nytteindsats",
        D(2025, 6, 30),
        None,
        "planned_end_on",
        "angiv en slutdato",
    ),
    Case("nytteindsats from 1 July 2025, open-ended", "nytteindsats", D(2025, 7, 1), None, OK),
    # Hours
    Case(
        "praktik 37 hours",
        "virksomhedspraktik",
        D(2024, 1, 1),
        D(2024, 1, 28),
        OK,
        hours=Decimal("37"),
        benefit="kontanthjaelp",
    ),
    Case(
        "praktik 37.5 hours",
        "virksomhedspraktik",
        D(2024, 1, 1),
        D(2024, 1, 28),
        "hours_per_week",
        "højst være 37 timer",
        hours=Decimal("37.5"),
        benefit="kontanthjaelp",
    ),
    Case(
        "seniorjob 37 hours",
        "seniorjob",
        D(2024, 1, 1),
        None,
        OK,
        hours=Decimal("37"),
        citizen={"has_seniorjob_entitlement": True},
    ),
    Case(
        "seniorjob 38 hours",
        "seniorjob",
        D(2024, 1, 1),
        None,
        "hours_per_week",
        "fuldtidsforsikret skal være 37 timer",
        hours=Decimal("38"),
        citizen={"has_seniorjob_entitlement": True},
    ),
    Case(
        "seniorjob 30 hours, fuldtidsforsikret",
        "seniorjob",
        D(2024, 1, 1),
        None,
        "hours_per_week",
        "fuldtidsforsikret skal være 37 timer",
        hours=Decimal("30"),
        citizen={"has_seniorjob_entitlement": True},
    ),
    Case(
        "seniorjob 30 hours, deltidsforsikret",
        "seniorjob",
        D(2024, 1, 1),
        None,
        OK,
        hours=Decimal("30"),
        citizen={"has_seniorjob_entitlement": True},
        part_time_insured=True,
    ),
    Case(
        "seniorjob 37 hours, deltidsforsikret",
        "seniorjob",
        D(2024, 1, 1),
        None,
        "hours_per_week",
        "deltidsforsikret skal være 30 timer",
        hours=Decimal("37"),
        citizen={"has_seniorjob_entitlement": True},
        part_time_insured=True,
    ),
    Case(
        "fleksjob: no minimum",
        "fleksjob",
        D(2024, 1, 1),
        None,
        OK,
        hours=Decimal("1"),
        citizen={"has_fleksjob_visitation": True},
    ),
    Case(
        "no hours",
        "fritidsjob",
        D(2024, 1, 1),
        None,
        "hours_per_week",
        "større end 0",
        hours=Decimal("0"),
    ),
    # Eligibility
    Case(
        "småjob without a frikort",
        "smaajob",
        D(2024, 1, 1),
        None,
        "citizen",
        "gyldigt socialt frikort",
    ),
    Case(
        "småjob, frikort ended the day before the leap day",
        "smaajob",
        D(2024, 2, 29),
        None,
        "citizen",
        "gyldigt socialt frikort",
        citizen={**FRIKORT, "frikort_valid_until": D(2024, 2, 28)},
    ),
    Case(
        "småjob, frikort valid to the leap day",
        "smaajob",
        D(2024, 2, 29),
        None,
        OK,
        citizen={**FRIKORT, "frikort_valid_until": D(2024, 2, 29)},
    ),
    Case(
        "seniorjob without the entitlement",
        "seniorjob",
        D(2024, 1, 1),
        None,
        "citizen",
        "ret til seniorjob",
    ),
    Case(
        "fleksjob without a visitation",
        "fleksjob",
        D(2024, 1, 1),
        None,
        "citizen",
        "visiteret til fleksjob",
    ),
    Case(
        "nytteindsats at a private workplace",
        "nytteindsats",
        D(2025, 7, 1),
        None,
        "__all__",
        "offentlig arbejdsplads",
        public=False,
    ),
    # Jobrotation: no new forløb after 2025 (lov nr. 1750 af 29-12-2025), running ones finish
    Case(
        "jobrotation from 1 Jan 2026",
        "jobrotation",
        D(2026, 1, 1),
        D(2026, 3, 1),
        "starts_on",
        "kan ikke starte efter 31-12-2025",
    ),
    Case(
        "jobrotation started in 2025 runs into 2026",
        "jobrotation",
        D(2025, 12, 1),
        D(2026, 1, 31),
        OK,
    ),
    Case("jobrotation to 31 Dec 2025", "jobrotation", D(2025, 12, 1), D(2025, 12, 31), OK),
]


def _setup(case: Case):
    workplace = WorkplaceFactory(department=department("SOF"), is_public=case.public)
    slot = SlotFactory(
        workplace=workplace,
        scheme=scheme(case.scheme),
        opened_on=case.opened_on,
        closed_on=case.closed_on,
    )
    for start, end in case.pauses:
        SlotPauseFactory(slot=slot, starts_on=start, ends_on=end)
    for start, end in case.others:
        PlacementFactory(slot=slot, starts_on=start, planned_end_on=end, hours_per_week=10)
    citizen = CitizenFactory(**case.citizen)
    if case.part_time_insured:
        PartTimeInsurance.objects.create(citizen=citizen, valid_from=D(2020, 1, 1))
    benefit = Benefit.objects.get(code=case.benefit) if case.benefit else None
    readiness = ReadinessCategory.objects.get(code=case.readiness) if case.readiness else None
    return slot, citizen, benefit, readiness


def _joined(messages) -> str:
    return " ".join(str(m) for m in messages)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_the_service_applies_the_rule(db, hr_sof, case):
    slot, citizen, benefit, readiness = _setup(case)
    kwargs = {
        "slot": slot,
        "citizen": citizen,
        "starts_on": case.starts_on,
        "planned_end_on": case.planned_end_on,
        "hours_per_week": case.hours,
        "benefit": benefit,
        "readiness": readiness,
        "acting_user": hr_sof,
    }
    if case.expect_field is None:
        placement = services.placement_create(**kwargs)
        assert placement.pk and placement.history.first().history_user == hr_sof
        return
    with pytest.raises(ValidationError) as raised:
        services.placement_create(**kwargs)
    errors = raised.value.message_dict
    assert case.expect_field in errors, errors
    assert case.message in _joined(errors[case.expect_field])
    assert not Placement.objects.filter(citizen=citizen).exists()


def _find(client, citizen):
    """The way HR reaches a citizen: an exact CPR search (POST)."""
    client.post(reverse("placements:citizen_search"), {"cpr": citizen.cpr})


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_the_form_shows_the_rule_on_the_field(client, hr_sof, case):
    slot, citizen, benefit, readiness = _setup(case)
    client.force_login(hr_sof)
    _find(client, citizen)
    url = reverse("placements:placement_create", kwargs={"slot": slot.pk, "citizen": citizen.pk})
    response = client.post(
        url,
        {
            "citizen": citizen.pk,
            "starts_on": case.starts_on.isoformat(),
            "planned_end_on": case.planned_end_on.isoformat() if case.planned_end_on else "",
            "hours_per_week": str(case.hours).replace(".", ","),  # Danish decimal comma
            "benefit": benefit.pk if benefit else "",
            "readiness": readiness.pk if readiness else "",
        },
    )
    if case.expect_field is None:
        assert response.status_code == 302
        assert Placement.objects.filter(citizen=citizen, slot=slot).exists()
        return
    assert response.status_code == 200
    form = response.context["form"]
    assert case.message in _joined(form.errors[case.expect_field])
    html = response.content.decode()
    if case.expect_field == "__all__":
        assert 'class="alert alert-error" role="alert"' in html
    else:
        assert f'id="id_{case.expect_field}_error"' in html  # the message next to the field
    assert not Placement.objects.filter(citizen=citizen).exists()
