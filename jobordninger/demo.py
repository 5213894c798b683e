"""Deterministic demo data at three scales (docs/design.md, quality bars), bulk-inserted.

The same seed and the same `today` give the same rows, for one of the demo municipalities
(demo_municipalities.py: its organisation, scheme mix and users). Shapes follow municipal
reality: Copenhagen's småjob concentrated in its social department, Slagelse's ordinary-hours
småjob for young people, durations by scheme within the rule caps, vacancies of weeks between
placements, pauses and closed slots, outcomes, targets.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from jobordninger.demo_municipalities import COPENHAGEN, Profile, load_organisation, load_policy
from organisation.models import (
    HISTORY_ORIGIN,
    Department,
    DepartmentHeadcount,
    DepartmentSpell,
    District,
    UserScope,
    Workplace,
)
from placements.models import (
    Citizen,
    FrikortPayment,
    Outcome,
    Placement,
    Slot,
    SlotPause,
    SlotSpell,
    VacancyReason,
)
from schemes.models import Benefit, ReadinessCategory, Scheme, Target, TargetCategory, TargetUnit


@dataclass(frozen=True)
class Scale:
    workplaces: int
    citizens: int
    placements: int
    years: int


SCALES = {
    "small": Scale(workplaces=40, citizens=1_500, placements=4_000, years=4),
    "copenhagen": Scale(workplaces=200, citizens=10_000, placements=30_000, years=10),
    "10x": Scale(workplaces=2_000, citizens=100_000, placements=300_000, years=10),
}

DEMO_PASSWORD = "jobordninger-demo"
# (min days, max days, share open-ended, hours per week range, benefit codes)
DURATIONS = {
    "smaajob": (60, 365, 0.25, (2, 10), ["kontanthjaelp", "foertidspension"]),
    "fleksjob": (365, 2_500, 0.35, (10, 30), ["ledighedsydelse"]),
    "loentilskud": (90, 180, 0.0, (37, 37), ["kontanthjaelp", "dagpenge"]),
    "virksomhedspraktik": (14, 56, 0.0, (15, 37), ["kontanthjaelp", "uddannelseshjaelp"]),
    "nytteindsats": (28, 91, 0.0, (20, 37), ["kontanthjaelp", "uddannelseshjaelp"]),
    "seniorjob": (365, 1_800, 0.4, (30, 37), ["ingen"]),
    "jobrotation": (90, 365, 0.0, (37, 37), ["dagpenge"]),
    "fritidsjob": (90, 365, 0.1, (8, 15), ["ingen"]),
    "smaajob-ordinaer": (90, 182, 0.0, (10, 30), ["uddannelseshjaelp"]),
    "skaanejob": (365, 2_500, 0.4, (8, 25), ["foertidspension"]),
}
OUTCOMES = [
    (Outcome.ORDINARY_JOB, 18),
    (Outcome.EDUCATION, 10),
    (Outcome.OTHER_SCHEME, 20),
    (Outcome.BENEFITS, 40),
    (Outcome.MOVED, 2),
    (Outcome.UNKNOWN, 10),
]
FIRST_NAMES = [
    "Anne",
    "Mette",
    "Hanne",
    "Lone",
    "Kirsten",
    "Susanne",
    "Camilla",
    "Louise",
    "Sara",
    "Amalie",
    "Peter",
    "Jens",
    "Lars",
    "Henrik",
    "Søren",
    "Thomas",
    "Mads",
    "Ali",
    "Mohammed",
    "Emil",
    "Fatima",
    "Aisha",
    "Noah",
    "Freja",
    "Ida",
    "Oliver",
    "Magnus",
    "Yasmin",
    "Omar",
    "Maja",
]
LAST_NAMES = [
    "Nielsen",
    "Jensen",
    "Hansen",
    "Pedersen",
    "Andersen",
    "Christensen",
    "Larsen",
    "Sørensen",
    "Rasmussen",
    "Jørgensen",
    "Petersen",
    "Madsen",
    "Kristensen",
    "Olsen",
    "Thomsen",
    "Hussein",
    "Ahmed",
    "Poulsen",
    "Johansen",
    "Knudsen",
    "Mortensen",
    "Møller",
    "Karimi",
    "Yilmaz",
]
TASKS = {
    "smaajob": "Småopgaver",
    "fleksjob": "Fleksjob",
    "loentilskud": "Løntilskudsstilling",
    "virksomhedspraktik": "Praktikplads",
    "nytteindsats": "Nytteindsats",
    "seniorjob": "Seniorjob",
    "jobrotation": "Jobrotationsvikar",
    "fritidsjob": "Fritidsjob",
    "smaajob-ordinaer": "Småjob",
    "skaanejob": "Skånejob",
}
TITLES = [
    "køkken",
    "pedel",
    "kontor",
    "have og park",
    "rengøring",
    "café",
    "lager",
    "værksted",
    "reception",
    "aktiviteter",
    "IT-support",
    "administration",
]


def _weighted(rng: random.Random, pairs):
    items, weights = zip(*pairs, strict=True)
    return rng.choices(items, weights=weights)[0]


def _cpr(rng: random.Random, seen: set[str]) -> str:
    while True:
        birth = dt.date(1958, 1, 1) + dt.timedelta(days=rng.randrange(0, 50 * 365))
        number = f"{birth:%d%m%y}{rng.randrange(0, 10_000):04d}"
        if number not in seen:
            seen.add(number)
            return number


def _birth_year(cpr: str) -> int:
    """The demo's citizens are born 1958–2007 (see `_cpr`), so two digits suffice."""
    two_digits = int(cpr[4:6])
    return 1900 + two_digits if two_digits >= 58 else 2000 + two_digits


class Generator:
    def __init__(
        self, scale: Scale, today: dt.date, seed: int = 2026, profile: Profile = COPENHAGEN
    ):
        self.scale = scale
        self.today = today
        self.profile = profile
        self.rng = random.Random(seed)
        self.start = dt.date(today.year - scale.years + 1, 1, 1)

    def _read_reference(self) -> None:
        self.schemes = {s.code: s for s in Scheme.objects.all()}
        self.benefits = {b.code: b for b in Benefit.objects.all()}
        self.readiness = list(ReadinessCategory.objects.all())
        self.districts = list(District.objects.all())
        self.departments = {d.code: d for d in Department.objects.all()}

    def run(self) -> dict[str, int]:
        with transaction.atomic():
            load_organisation(self.profile)
            load_policy(self.profile)
            self._read_reference()
            workplaces = self._workplaces()
            self._headcounts()
            citizens = self._citizens()
            slots, placements, pauses = self._slots_and_placements(workplaces, citizens)
            self._vacancy_reasons(slots)
            payments = self._frikort_payments(placements)
            targets = self._targets()
            users = self._users()
        return {
            "arbejdssteder": len(workplaces),
            "borgere": len(citizens),
            "pladser": len(slots),
            "pauser": pauses,
            "forløb": len(placements),
            "frikortudbetalinger": payments,
            "måltal": targets,
            "brugere": users,
        }

    def _workplaces(self) -> list[Workplace]:
        rng = self.rng
        total = sum(self.profile.employees.values())
        rows, serial = [], 0
        for code, employees in self.profile.employees.items():
            count = max(2, round(self.scale.workplaces * employees / total))
            for _ in range(count):
                serial += 1
                kind = rng.choice(self.profile.workplace_kinds[code])
                district = rng.choice(self.districts)
                rows.append(
                    Workplace(
                        department=self.departments[code],
                        name=f"{kind} {district.name} {serial}",
                        p_number=f"{1_000_000_000 + serial * 7:010d}",
                        district=district,
                        ordinary_employees=int(rng.lognormvariate(3.3, 0.8)) + 3,
                    )
                )
        workplaces = Workplace.objects.bulk_create(rows, batch_size=2_000)
        # bulk_create skips Workplace.save: the department history is written here.
        DepartmentSpell.objects.bulk_create(
            DepartmentSpell(workplace=w, department=w.department, valid_from=HISTORY_ORIGIN)
            for w in workplaces
        )
        return workplaces

    def _headcounts(self) -> None:
        rows = [
            DepartmentHeadcount(
                department=self.departments[code],
                year=year,
                employees=int(employees * (1 + 0.01 * (year - self.start.year))),
            )
            for code, employees in self.profile.employees.items()
            for year in range(self.start.year, self.today.year + 2)
        ]
        DepartmentHeadcount.objects.bulk_create(rows, ignore_conflicts=True)

    def _citizens(self) -> list[Citizen]:
        rng, seen = self.rng, set(Citizen.objects.values_list("cpr", flat=True))
        rows = []
        for _ in range(self.scale.citizens):
            rows.append(
                Citizen(
                    cpr=_cpr(rng, seen),
                    name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                    district=rng.choice(self.districts),
                    readiness=rng.choice(self.readiness),
                    benefit=self.benefits[
                        rng.choice(["kontanthjaelp", "uddannelseshjaelp", "dagpenge"])
                    ],
                )
            )
        return Citizen.objects.bulk_create(rows, batch_size=5_000)

    def _scheme_for(self, department_code: str, opened: dt.date) -> Scheme:
        mix = dict(self.profile.scheme_mix, **self.profile.department_mix.get(department_code, {}))
        if opened > dt.date(2025, 6, 30):
            mix.pop("jobrotation", None)  # abolished: no new slots near the end of its life
        return self.schemes[_weighted(self.rng, mix.items())]

    def _slots_and_placements(self, workplaces, citizens):
        rng, today = self.rng, self.today
        span = (today - self.start).days
        free_from = [self.start] * len(citizens)  # each citizen's next free day
        slot_rows, plan = [], []  # plan: (slot index, [(start, planned, ended, ...)])
        pauses_by_slot: dict[int, tuple[dt.date, dt.date]] = {}
        placement_count = 0
        while placement_count < self.scale.placements:
            workplace = rng.choice(workplaces)
            opened = self.start + dt.timedelta(days=rng.randrange(0, max(1, span - 30)))
            scheme = self._scheme_for(workplace.department.code, opened)
            closed = None
            if rng.random() < 0.25:
                closed = opened + dt.timedelta(days=rng.randrange(120, 4 * 365))
                closed = None if closed > today else closed
            if scheme.valid_to and (closed is None or closed > scheme.valid_to):
                closed = scheme.valid_to + dt.timedelta(days=1)
                if closed <= opened:
                    continue
            index = len(slot_rows)
            slot_rows.append(
                Slot(
                    workplace=workplace,
                    scheme=scheme,
                    opened_on=opened,
                    closed_on=closed,
                    title=f"{TASKS[scheme.code]}, {rng.choice(TITLES)}",
                    hours_per_week=Decimal(rng.randint(*DURATIONS[scheme.code][3])),
                )
            )
            pause = None
            if rng.random() < 0.1:
                p_start = opened + dt.timedelta(days=rng.randrange(30, 400))
                pause = (p_start, p_start + dt.timedelta(days=rng.randrange(30, 120)))
                pauses_by_slot[index] = pause
            last_day = min(
                filter(
                    None, [closed and closed - dt.timedelta(days=1), today + dt.timedelta(days=200)]
                )
            )
            day = opened + dt.timedelta(days=int(rng.expovariate(1 / 30)))
            entries = []
            while day <= min(last_day, today) and placement_count < self.scale.placements:
                if pause and pause[0] <= day <= pause[1]:
                    day = pause[1] + dt.timedelta(days=1)
                    continue
                low, high, open_share, hours, benefits = DURATIONS[scheme.code]
                length = rng.randint(low, high)
                planned = day + dt.timedelta(days=length - 1)
                if pause and day < pause[0] <= planned:
                    planned = pause[0] - dt.timedelta(days=1)
                planned = min(planned, last_day)
                open_ended = rng.random() < open_share and closed is None and pause is None
                ended = None
                if planned < today:
                    # Some end early; the rest end as planned.
                    ended = (
                        planned
                        if rng.random() < 0.8
                        else day
                        + dt.timedelta(days=rng.randrange(0, max(1, (planned - day).days + 1)))
                    )
                    open_ended = False
                citizen_index = self._free_citizen(free_from, day, self._pool(scheme, citizens))
                entries.append(
                    (
                        day,
                        None if open_ended else planned,
                        ended,
                        citizen_index,
                        Decimal(rng.randint(*hours)),
                        rng.choice(benefits),
                    )
                )
                free_from[citizen_index] = (ended or planned) + dt.timedelta(days=1)
                placement_count += 1
                if open_ended or ended is None:
                    break
                day = (ended or planned) + dt.timedelta(days=1 + int(rng.expovariate(1 / 40)))
            plan.append(entries)

        slots = Slot.objects.bulk_create(slot_rows, batch_size=5_000)
        SlotSpell.objects.bulk_create(
            [SlotSpell(slot=s, opened_on=s.opened_on, closed_on=s.closed_on) for s in slots],
            batch_size=5_000,
        )
        SlotPause.objects.bulk_create(
            [
                SlotPause(slot=slots[i], starts_on=a, ends_on=b, reason="Vakant leder")
                for i, (a, b) in pauses_by_slot.items()
            ],
            batch_size=5_000,
        )
        placement_rows = []
        for slot, entries in zip(slots, plan, strict=True):
            for start, planned, ended, citizen_index, hours, benefit in entries:
                placement_rows.append(
                    Placement(
                        slot=slot,
                        citizen=citizens[citizen_index],
                        starts_on=start,
                        planned_end_on=planned,
                        ended_on=ended,
                        hours_per_week=hours,
                        benefit=self.benefits[benefit],
                        # The snapshot at the start: the citizen's visitation.
                        readiness_id=citizens[citizen_index].readiness_id,
                        outcome=_weighted(rng, OUTCOMES) if ended else "",
                    )
                )
        placements = Placement.objects.bulk_create(placement_rows, batch_size=5_000)
        self._citizen_eligibility(placements)
        return slots, placements, len(pauses_by_slot)

    def _free_citizen(self, free_from: list[dt.date], day: dt.date, pool=None) -> int:
        def pick() -> int:
            return self.rng.randrange(len(free_from)) if pool is None else self.rng.choice(pool)

        for _ in range(8):
            index = pick()
            if free_from[index] <= day:
                return index
        return pick()

    def _pool(self, scheme: Scheme, citizens: list[Citizen]) -> list[int] | None:
        """The citizens a scheme for young people draws from (aged 18–29 today), else all."""
        if scheme.code not in self.profile.young_schemes:
            return None
        if not hasattr(self, "_young"):
            self._young = [
                i
                for i, citizen in enumerate(citizens)
                if 18 <= self.today.year - _birth_year(citizen.cpr) <= 29
            ]
        return self._young or None

    def _citizen_eligibility(self, placements) -> None:
        """Frikort, fleksjob visitation and seniorjob entitlement for those placed so."""
        by_scheme: dict[str, set[int]] = {}
        for placement in placements:
            by_scheme.setdefault(placement.slot.scheme.code, set()).add(placement.citizen_id)
        smaajob = list(Citizen.objects.filter(pk__in=by_scheme.get("smaajob", ())).only("pk"))
        for citizen in smaajob:
            citizen.frikort_number = f"FK{citizen.pk:08d}"
            citizen.frikort_valid_until = dt.date(self.today.year, 12, 31)
        Citizen.objects.bulk_update(
            smaajob, ["frikort_number", "frikort_valid_until"], batch_size=5_000
        )
        Citizen.objects.filter(pk__in=by_scheme.get("fleksjob", ())).update(
            has_fleksjob_visitation=True
        )
        Citizen.objects.filter(pk__in=by_scheme.get("seniorjob", ())).update(
            has_seniorjob_entitlement=True
        )

    def _vacancy_reasons(self, slots) -> None:
        """Two in three slots get a reason for standing open, by their index (no draws from
        the generator's random stream, so every other row stays as it was)."""
        reasons = list(VacancyReason.objects.filter(active=True))
        for offset, reason in enumerate(reasons):
            ids = [slot.pk for i, slot in enumerate(slots) if i % 3 and i % len(reasons) == offset]
            Slot.objects.filter(pk__in=ids).update(vacancy_reason=reason)

    def _frikort_payments(self, placements) -> int:
        rng, rows = self.rng, []
        for placement in placements:
            if placement.slot.scheme.code != "smaajob":
                continue
            last = min(placement.ended_on or placement.planned_end_on or self.today, self.today)
            day = placement.starts_on + dt.timedelta(days=30)
            while day <= last:
                rows.append(
                    FrikortPayment(
                        placement=placement,
                        paid_on=day,
                        amount=Decimal(rng.randint(800, 2_800)),
                        hours=Decimal(rng.randint(8, 30)),
                    )
                )
                day += dt.timedelta(days=30)
        FrikortPayment.objects.bulk_create(rows, batch_size=5_000)
        return len(rows)

    def _targets(self) -> int:
        """Targets decided for two years at a time (e.g. 2024–2025) on 1 February of the
        first, per department, and one for the whole municipality in "antal forløb"."""
        from core.periods import Period
        from reports import selectors

        categories = {c.code: c for c in TargetCategory.objects.all()}
        units = {"fleksjob": TargetUnit.HEAD_COUNT, "seniorjob": TargetUnit.HEAD_COUNT}
        council = self.profile.settings["council_name"]
        rows = []
        for first_year in range(self.start.year, self.today.year + 1, 2):
            decision = {
                "first_year": first_year,
                "last_year": min(first_year + 1, self.today.year),
                "decided_by": council,
                "decided_on": dt.date(first_year, 2, 1),
                "case_number": f"{first_year}-{self.rng.randint(1000, 9999)}",
            }
            period = Period.whole_year(first_year)
            realised = selectors.full_year_persons_by_category(period)
            for code in self.profile.target_categories:
                category = categories[code]
                for department in self.departments.values():
                    value = realised.get((department.pk, category.pk), Decimal(0))
                    factor = Decimal(self.rng.randint(95, 135)) / 100
                    rows.append(
                        Target(
                            department=department,
                            category=category,
                            value=max(Decimal(1), (value * factor).quantize(Decimal("1"))),
                            unit=units.get(code, TargetUnit.FULL_YEAR_PERSONS),
                            **decision,
                        )
                    )
            category = categories[self.profile.target_categories[0]]
            placements = selectors.placements_by_category(period).get((None, category.pk), 0)
            rows.append(
                Target(
                    department=None,
                    category=category,
                    value=max(Decimal(1), Decimal(placements) * Decimal("1.1")).quantize(
                        Decimal("1")
                    ),
                    unit=TargetUnit.PLACEMENTS,
                    **decision,
                )
            )
        Target.objects.bulk_create(rows, ignore_conflicts=True)
        return len(rows)

    def _users(self) -> int:
        User = get_user_model()
        for username, role, departments, full_name in self.profile.users:
            first, last = full_name.split(" ", 1)
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "email": f"{username}@kommune.invalid",
                },
            )
            if created:
                user.set_password(DEMO_PASSWORD)
            user.is_staff = user.is_superuser = role == "Administrator"
            user.save()
            user.groups.set([Group.objects.get(name=role)])
            scope, _ = UserScope.objects.get_or_create(user=user)
            scope.departments.set([self.departments[code] for code in departments])
        return len(self.profile.users)
