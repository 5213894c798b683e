"""Slots on 30-09-2015, known by hand: five were closed 01-08-2015 and reopened 01-11-2015.

Counts are 5 or more, so no cell is a small number. On 30-09-2015 (virksomhedspraktik):
nedlagt 5 (the reopened ones), i bero 5, åben 6, besat 7 → 23. On 31-12-2015 the reopened
ones hold placements and one more slot has opened: nedlagt 0, i bero 5, åben 7, besat 12.
"""

import datetime as dt

from placements import services
from tests.factories import PlacementFactory, SlotFactory, WorkplaceFactory, department, scheme

D = dt.date
DAY = D(2015, 9, 30)
ON_DAY = {"closed": 5, "paused": 5, "open": 6, "filled": 7}
AT_YEAR_END = {"closed": 0, "paused": 5, "open": 7, "filled": 12}


def reopened_slot(workplace=None, **kwargs):
    """Filled Feb–Apr, i bero in May, closed 01-08-2015, reopened 01-11-2015, filled from Dec."""
    slot = SlotFactory(workplace=workplace or WorkplaceFactory(), opened_on=D(2015, 1, 1), **kwargs)
    PlacementFactory(
        slot=slot, starts_on=D(2015, 2, 1), planned_end_on=D(2015, 4, 30), ended_on=D(2015, 4, 30)
    )
    services.slot_pause(
        slot=slot, starts_on=D(2015, 5, 1), ends_on=D(2015, 5, 31), acting_user=None
    )
    services.slot_close(slot=slot, closed_on=D(2015, 8, 1), acting_user=None)
    services.slot_reopen(slot=slot, reopens_on=D(2015, 11, 1), acting_user=None)
    PlacementFactory(slot=slot, starts_on=D(2015, 12, 1), planned_end_on=None)
    return slot


def build_slot_history(department_code: str = "SOF") -> None:
    workplace = WorkplaceFactory(department=department(department_code))
    praktik = scheme("virksomhedspraktik")
    for _ in range(ON_DAY["closed"]):
        reopened_slot(workplace, scheme=praktik)
    for _ in range(ON_DAY["paused"]):
        slot = SlotFactory(workplace=workplace, scheme=praktik, opened_on=D(2015, 1, 1))
        services.slot_pause(slot=slot, starts_on=D(2015, 9, 1), ends_on=None, acting_user=None)
    for _ in range(ON_DAY["open"]):
        SlotFactory(workplace=workplace, scheme=praktik, opened_on=D(2015, 3, 1))
    for _ in range(ON_DAY["filled"]):
        slot = SlotFactory(workplace=workplace, scheme=praktik, opened_on=D(2015, 1, 1))
        PlacementFactory(slot=slot, starts_on=D(2015, 9, 1), planned_end_on=D(2015, 12, 31))
    # Opened after the day: not on the table for 30-09-2015.
    SlotFactory(workplace=workplace, scheme=praktik, opened_on=D(2015, 10, 1))
