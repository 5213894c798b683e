"""schemes.rules: the registration rule functions on their own, table-driven, with the edge dates."""

import datetime as dt
from decimal import Decimal

import pytest

from schemes import rules
from schemes.models import SchemeRule, TargetGroup, TargetGroupRule
from tests.factories import scheme

D = dt.date


@pytest.mark.parametrize(
    ("starts_on", "months", "last_day"),
    [
        pytest.param(D(2024, 1, 1), 6, D(2024, 6, 30), id="1 Jan + 6 months ends 30 June"),
        pytest.param(D(2024, 1, 2), 6, D(2024, 7, 1), id="2 Jan + 6 months ends 1 July"),
        pytest.param(D(2024, 2, 29), 12, D(2025, 2, 28), id="leap day + 12 months"),
        pytest.param(D(2023, 3, 1), 12, D(2024, 2, 29), id="1 Mar + 12 months ends on leap day"),
        pytest.param(D(2024, 8, 31), 6, D(2025, 2, 28), id="31 Aug + 6: no 31 Feb"),
        pytest.param(D(2024, 11, 1), 4, D(2025, 2, 28), id="over new year"),
    ],
)
def test_last_day_of_whole_months(starts_on, months, last_day):
    assert rules.last_day_of_months(starts_on, months) == last_day


@pytest.mark.parametrize(
    ("employees", "limit"),
    [
        pytest.param(0, 1, id="no employees: still 1"),
        pytest.param(4, 1, id="under 5: at least 1"),
        pytest.param(5, 1, id="5"),
        pytest.param(9, 1, id="9"),
        pytest.param(10, 2, id="10"),
        pytest.param(50, 10, id="50"),
        pytest.param(59, 10, id="59: not yet 1 more"),
        pytest.param(60, 11, id="60: 1 per 10 above 50"),
        pytest.param(125, 17, id="125"),
        pytest.param(Decimal("9.99"), 1, id="9.99 årsværk"),
        pytest.param(Decimal("10.00"), 2, id="10 årsværk"),
    ],
)
def test_reasonableness_limit(employees, limit):
    assert rules.reasonableness_limit(employees) == limit


@pytest.mark.parametrize(
    ("periods", "start", "end", "expected"),
    [
        pytest.param([], D(2024, 1, 1), None, 0, id="none"),
        pytest.param(
            [(D(2024, 1, 1), D(2024, 6, 30)), (D(2024, 7, 1), None)],
            D(2024, 1, 1),
            None,
            1,
            id="30 June / 1 July do not overlap",
        ),
        pytest.param(
            [(D(2024, 1, 1), D(2024, 7, 1)), (D(2024, 7, 1), None)],
            D(2024, 1, 1),
            None,
            2,
            id="share 1 July",
        ),
        pytest.param(
            [(D(2024, 1, 1), None), (D(2023, 1, 1), None), (D(2025, 1, 1), D(2025, 1, 31))],
            D(2024, 6, 1),
            D(2024, 12, 31),
            2,
            id="a later one outside the window is not counted",
        ),
        pytest.param(
            [(D(2024, 1, 1), D(2024, 2, 28))], D(2024, 2, 29), None, 0, id="ended before leap day"
        ),
    ],
)
def test_max_load_of_equal_weights(periods, start, end, expected):
    weighted = [(lower, upper, Decimal(1)) for lower, upper in periods]
    assert rules.max_load(weighted, start, end) == expected


def test_max_load_adds_full_time_equivalents():
    """37 + 18.5 hours on the same days are 1.5 årsværk; the next day only 0.5."""
    periods = [
        (D(2024, 1, 1), D(2024, 6, 30), rules.fte(Decimal("37"))),
        (D(2024, 6, 30), None, rules.fte(Decimal("18.5"))),
    ]
    assert rules.max_load(periods, D(2024, 1, 1), None) == Decimal("1.5")
    assert rules.max_load(periods, D(2024, 7, 1), None) == Decimal("0.5")


@pytest.mark.parametrize(
    ("starts_on", "end_on", "ok"),
    [
        (D(2024, 2, 29), D(2024, 2, 29), True),
        (D(2024, 3, 1), D(2024, 2, 29), False),
        (D(2024, 3, 1), None, True),
    ],
)
def test_start_before_end(starts_on, end_on, ok):
    errors = rules.check_dates(starts_on=starts_on, end_on=end_on, end_field="planned_end_on")
    assert (errors == {}) is ok
    if not ok:
        assert errors["planned_end_on"] == ["Slutdatoen må ikke ligge før startdatoen."]


@pytest.mark.parametrize(
    ("scheme_code", "day", "valid_to", "group", "cap"),
    [
        pytest.param("nytteindsats", D(2025, 6, 30), D(2025, 6, 30), None, (13, None), id="nytte"),
        pytest.param("nytteindsats", D(2025, 7, 1), None, None, None, id="nytte after 2025 law"),
        pytest.param(
            "virksomhedspraktik", D(2024, 1, 1), None, "jobparat-kontanthjaelp", (4, None),
            id="praktik, jobparat",
        ),
        pytest.param(
            "virksomhedspraktik", D(2024, 1, 1), None, "aktivitetsparat", (13, None),
            id="praktik, aktivitetsparat: the rule for all others",
        ),
        pytest.param(
            "loentilskud", D(2024, 1, 1), None, "forsikret-ledig", (None, 4), id="løntilskud"
        ),
    ],
)  # fmt: skip
def test_the_rule_in_force_is_read_from_data(db, scheme_code, day, valid_to, group, cap):
    versions = rules.scheme_rules_between(scheme(scheme_code).pk, day, day)
    assert rules.rule_on(versions, day).valid_to == valid_to
    target = TargetGroup.objects.filter(code=group).first()
    found = rules.group_rule_for(
        TargetGroupRule.objects.filter(scheme__code=scheme_code), target, day
    )
    assert (None if found is None else (found.max_weeks, found.max_months)) == cap


def test_a_changed_rule_row_changes_the_check(db):
    """Limits are data: raising praktik's hours in the database lifts the refusal."""
    versions = rules.scheme_rules_between(scheme("virksomhedspraktik").pk, D(2024, 1, 1), None)
    assert rules.check_hours(rules=versions, scheme_name="Praktik", hours_per_week=Decimal("40"))
    SchemeRule.objects.filter(scheme__code="virksomhedspraktik").update(max_hours_per_week=40)
    versions = rules.scheme_rules_between(scheme("virksomhedspraktik").pk, D(2024, 1, 1), None)
    assert not rules.check_hours(
        rules=versions, scheme_name="Praktik", hours_per_week=Decimal("40")
    )


@pytest.mark.parametrize(
    ("day", "amount"),
    [
        pytest.param(D(2019, 1, 1), Decimal("20000"), id="2019"),
        pytest.param(D(2022, 12, 31), Decimal("20000"), id="31 Dec 2022"),
        pytest.param(D(2023, 1, 1), Decimal("40000"), id="1 Jan 2023: 40,000 for the year"),
        pytest.param(D(2023, 6, 30), Decimal("40000"), id="30 June 2023"),
        pytest.param(D(2023, 7, 1), Decimal("40000"), id="1 July 2023"),
        pytest.param(D(2024, 2, 29), Decimal("41280"), id="2024 leap day"),
        pytest.param(D(2025, 12, 31), Decimal("42766"), id="2025"),
        pytest.param(D(2026, 6, 1), None, id="2026 not entered: no amount, never 2025's"),
    ],
)
def test_frikort_limit_in_force(db, day, amount):
    limit = rules.frikort_limit_on(day)
    assert (limit.amount if limit else None) == amount


def test_no_frikort_limit_before_2019(db):
    assert rules.frikort_limit_on(D(2018, 12, 31)) is None


@pytest.mark.parametrize(
    ("before", "amount", "warn", "exceeds"),
    [
        pytest.param("0", "33023.99", False, False, id="just under 80 %"),
        pytest.param("0", "33024", True, False, id="exactly 80 %"),
        pytest.param("40000", "1280", True, False, id="exactly 100 %"),
        pytest.param("40000", "1280.01", True, True, id="past 100 %"),
    ],
)
def test_frikort_verdict(before, amount, warn, exceeds):
    verdict = rules.FrikortVerdict(
        limit=Decimal("41280"), total_before=Decimal(before), amount=Decimal(amount)
    )
    assert (verdict.warn, verdict.exceeds) == (warn, exceeds)


def test_frikort_check_refuses_unless_an_administrator_gives_a_reason():
    verdict = rules.FrikortVerdict(
        limit=Decimal("100"), total_before=Decimal("90"), amount=Decimal("20")
    )
    assert "amount" in rules.check_frikort(verdict=verdict, may_override=False, override_reason="x")
    assert "override_reason" in rules.check_frikort(
        verdict=verdict, may_override=True, override_reason="  "
    )
    assert rules.check_frikort(verdict=verdict, may_override=True, override_reason="Aftalt") == {}


def test_a_corrected_target_group_rule_applies_from_its_date(db):
    """An administrator closes the dimittend's 8 weeks and enters 6 from 2026: a placement
    starting before keeps 8, one starting on the day gets 6."""
    dimittend = TargetGroup.objects.get(code="dimittend")
    praktik = TargetGroupRule.objects.filter(scheme__code="virksomhedspraktik")
    old = praktik.get(target_group=dimittend)
    old.valid_to = D(2025, 12, 31)
    old.save()
    TargetGroupRule.objects.create(
        scheme=old.scheme, target_group=dimittend, valid_from=D(2026, 1, 1), max_weeks=6
    )
    for start, weeks in ((D(2025, 12, 31), 8), (D(2026, 1, 1), 6)):
        rule = rules.group_rule_for(praktik, dimittend, start)
        assert rules.cap_last_day(rule, start) == start + dt.timedelta(days=7 * weeks - 1)
