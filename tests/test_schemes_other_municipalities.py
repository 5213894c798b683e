"""Ordinary-hours småjob and skånejob: reference schemes whose rules are data."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from placements import services
from schemes.models import SchemeRule
from tests.factories import CitizenFactory, SlotFactory, WorkplaceFactory, scheme

D = dt.date


@pytest.mark.parametrize(
    ("code", "public", "start", "end", "hours", "error"),
    [
        # 10–30 hours a week for at most 6 months, no frikort, private employers too.
        ("smaajob-ordinaer", False, D(2025, 3, 1), D(2025, 8, 31), "10", None),
        ("smaajob-ordinaer", True, D(2024, 3, 1), D(2024, 8, 31), "30", None),
        ("smaajob-ordinaer", True, D(2025, 3, 1), D(2025, 9, 1), "15", "hours_or_end"),
        ("smaajob-ordinaer", True, D(2025, 3, 1), D(2025, 8, 31), "9.5", "hours_or_end"),
        ("smaajob-ordinaer", True, D(2025, 3, 1), D(2025, 8, 31), "30.5", "hours_or_end"),
        ("smaajob-ordinaer", True, D(2025, 3, 1), None, "15", "hours_or_end"),
        # Skånejob: open-ended, any hours, private employers too.
        ("skaanejob", False, D(2025, 1, 1), None, "12", None),
        # The frikort småjob still needs a frikort: these citizens have none.
        ("smaajob", True, D(2025, 3, 1), D(2025, 8, 31), "10", "frikort"),
    ],
)
def test_the_other_municipalities_schemes_rules(db, code, public, start, end, hours, error):
    slot = SlotFactory(
        workplace=WorkplaceFactory(is_public=public),
        scheme=scheme(code),
        opened_on=D(2024, 1, 1),
        hours_per_week=None,
    )

    def create():
        return services.placement_create(
            slot=slot,
            citizen=CitizenFactory(),
            starts_on=start,
            planned_end_on=end,
            hours_per_week=Decimal(hours),
            benefit=None,
            acting_user=None,
        )

    if error is None:
        assert create().pk
    else:
        with pytest.raises(ValidationError) as raised:
            create()
        fields = set(raised.value.message_dict)
        if error == "frikort":
            assert "frikort" in " ".join(raised.value.messages).lower()
        else:
            assert fields & {"hours_per_week", "planned_end_on"}, raised.value.message_dict


def test_each_new_rule_names_its_source(db):
    for code in ("smaajob-ordinaer", "skaanejob"):
        (rule,) = SchemeRule.objects.filter(scheme__code=code)
        assert rule.legal_source and not rule.needs_frikort and not rule.public_workplace_only
