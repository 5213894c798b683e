"""A placement after it starts: edit, extend, end with an outcome, and the last-resort
overlap check in the database. Through the services and through the pages."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse

from organisation.models import WorkplaceMonthlyFigure
from placements import services, verdict
from placements.models import Placement, SlotState
from schemes.models import Benefit, ReadinessCategory
from schemes.verdict import SlotTerms
from tests.factories import (
    CitizenFactory,
    PlacementFactory,
    SlotFactory,
    WorkplaceFactory,
    department,
    scheme,
)

D = dt.date


@pytest.fixture
def praktik(db):
    """13 weeks of virksomhedspraktik, aktivitetsparat on kontanthjælp, from 1 Jan 2024
    (extendable to 26 after a concrete assessment)."""
    slot = SlotFactory(
        workplace=WorkplaceFactory(department=department("SOF")),
        scheme=scheme("virksomhedspraktik"),
    )
    return PlacementFactory(
        slot=slot,
        starts_on=D(2024, 1, 1),
        planned_end_on=D(2024, 3, 31),
        hours_per_week=Decimal("30"),
        benefit=Benefit.objects.get(code="kontanthjaelp"),
        readiness=ReadinessCategory.objects.get(code="aktivitetsparat"),
    )


def _errors(call, **kwargs) -> dict:
    with pytest.raises(ValidationError) as raised:
        call(**kwargs)
    return raised.value.message_dict


# --- Extend ------------------------------------------------------------------------------------

EXTEND_CASES = [
    pytest.param(D(2024, 6, 30), None, "", id="to 26 weeks: 30 June"),
    pytest.param(D(2024, 7, 1), "planned_end_on", "højst vare 26 uger", id="past 26 weeks: 1 July"),
    pytest.param(D(2024, 3, 31), "planned_end_on", "skal ligge efter", id="not later"),
]


@pytest.mark.parametrize(
    ("new_end", "reason", "message"),
    [
        pytest.param(D(2024, 9, 29), "Afprøver nattevagter", "", id="39 weeks: special need"),
        pytest.param(D(2024, 9, 30), "Afprøver nattevagter", "39 uger", id="39 weeks and a day"),
        pytest.param(D(2024, 9, 29), "", "26 uger", id="no reason: only 26 weeks"),
    ],
)
def test_extend_for_a_helt_saerligt_behov(client, praktik, hr_sof, new_end, reason, message):
    """Past 26 weeks, 13 weeks at a time, only with the reason for the special need."""
    client.force_login(hr_sof)
    url = reverse("placements:placement_extend", kwargs={"placement": praktik.pk})
    response = client.post(
        url, {"planned_end_on": new_end.isoformat(), "special_need_reason": reason}
    )
    praktik.refresh_from_db()
    if not message:
        assert response.status_code == 302
        assert (praktik.planned_end_on, praktik.extension) == (new_end, "special_need")
        assert praktik.extension_reason == reason
    else:
        assert message in " ".join(response.context["form"].errors["planned_end_on"])
        assert praktik.planned_end_on == D(2024, 3, 31)


@pytest.mark.parametrize(("new_end", "field", "message"), EXTEND_CASES)
def test_extend_through_the_service(praktik, hr_sof, new_end, field, message):
    kwargs = {"placement": praktik, "planned_end_on": new_end, "acting_user": hr_sof}
    if field is None:
        assert services.placement_extend(**kwargs).planned_end_on == new_end
    else:
        assert message in " ".join(_errors(services.placement_extend, **kwargs)[field])


@pytest.mark.parametrize(("new_end", "field", "message"), EXTEND_CASES)
def test_extend_through_the_form(client, praktik, hr_sof, new_end, field, message):
    client.force_login(hr_sof)
    url = reverse("placements:placement_extend", kwargs={"placement": praktik.pk})
    response = client.post(url, {"planned_end_on": new_end.isoformat()})
    praktik.refresh_from_db()
    if field is None:
        assert response.status_code == 302
        assert praktik.planned_end_on == new_end
    else:
        assert message in " ".join(response.context["form"].errors[field])
        assert praktik.planned_end_on == D(2024, 3, 31)


def test_extend_into_the_next_placement_is_refused_on_the_new_end(praktik, hr_sof):
    PlacementFactory(slot=praktik.slot, starts_on=D(2024, 4, 10), planned_end_on=D(2024, 4, 30))
    errors = _errors(
        services.placement_extend,
        placement=praktik,
        planned_end_on=D(2024, 4, 15),
        acting_user=hr_sof,
    )
    assert "allerede besat fra 10-04-2024" in errors["planned_end_on"][0]


def test_an_open_ended_placement_cannot_be_extended(db, hr_sof):
    placement = PlacementFactory(planned_end_on=None, slot__scheme=scheme("fritidsjob"))
    errors = _errors(
        services.placement_extend,
        placement=placement,
        planned_end_on=D(2030, 1, 1),
        acting_user=hr_sof,
    )
    assert "tidsubegrænset" in errors["planned_end_on"][0]


# --- End ---------------------------------------------------------------------------------------

END_CASES = [
    pytest.param(D(2024, 1, 31), "ordinary_job", None, "", id="early, ordinary job"),
    pytest.param(D(2024, 1, 1), "education", None, "", id="on the first day"),
    pytest.param(D(2023, 12, 31), "education", "ended_on", "før startdatoen", id="before start"),
    pytest.param(D(2024, 6, 30), "benefits", None, "", id="late: within the extension"),
    pytest.param(D(2024, 7, 1), "benefits", "ended_on", "26 uger", id="late: past the extension"),
]


@pytest.mark.parametrize(("ended_on", "outcome", "field", "message"), END_CASES)
def test_end_through_the_service(praktik, hr_sof, ended_on, outcome, field, message):
    kwargs = {"placement": praktik, "ended_on": ended_on, "outcome": outcome, "acting_user": hr_sof}
    if field is None:
        ended = services.placement_end(**kwargs)
        assert (ended.ended_on, ended.outcome) == (ended_on, outcome)
        assert ended.period.upper == ended_on + dt.timedelta(days=1)  # inclusive end
    else:
        assert message in " ".join(_errors(services.placement_end, **kwargs)[field])


@pytest.mark.parametrize(("ended_on", "outcome", "field", "message"), END_CASES)
def test_end_through_the_form(client, praktik, hr_sof, ended_on, outcome, field, message):
    client.force_login(hr_sof)
    url = reverse("placements:placement_end", kwargs={"placement": praktik.pk})
    response = client.post(url, {"ended_on": ended_on.isoformat(), "outcome": outcome})
    praktik.refresh_from_db()
    if field is None:
        assert response.status_code == 302
        assert praktik.ended_on == ended_on
    else:
        assert message in " ".join(response.context["form"].errors[field])
        assert praktik.ended_on is None


def test_the_form_requires_an_outcome(client, praktik, hr_sof):
    client.force_login(hr_sof)
    url = reverse("placements:placement_end", kwargs={"placement": praktik.pk})
    response = client.post(url, {"ended_on": "2024-01-31", "outcome": ""})
    assert response.context["form"].errors["outcome"]
    assert "ended_on" not in response.context["form"].errors


def test_a_wrong_date_shows_at_the_first_submit_with_the_missing_outcome(client, praktik, hr_sof):
    client.force_login(hr_sof)
    url = reverse("placements:placement_end", kwargs={"placement": praktik.pk})
    response = client.post(url, {"ended_on": "2023-12-31", "outcome": ""})
    errors = response.context["form"].errors
    assert "før startdatoen" in " ".join(errors["ended_on"]) and errors["outcome"]
    assert response.context["placement"].ended_on is None
    praktik.refresh_from_db()
    assert praktik.ended_on is None and praktik.history.count() == 1
    assert "<title>Fejl: Afslut forløb" in response.text
    assert 'data-testid="error-summary"' in response.text


def test_an_ended_placement_cannot_be_ended_again(praktik, hr_sof):
    services.placement_end(
        placement=praktik, ended_on=D(2024, 1, 31), outcome="moved", acting_user=hr_sof
    )
    errors = _errors(
        services.placement_end,
        placement=praktik,
        ended_on=D(2024, 2, 1),
        outcome="moved",
        acting_user=hr_sof,
    )
    assert "allerede afsluttet den 31-01-2024" in errors["ended_on"][0]


def test_ending_frees_the_slot_from_the_next_day(praktik, hr_sof):
    services.placement_end(
        placement=praktik, ended_on=D(2024, 1, 31), outcome="ordinary_job", acting_user=hr_sof
    )
    slot = type(praktik.slot).objects.with_state_on(D(2024, 2, 1)).get(pk=praktik.slot_id)
    assert slot.state == SlotState.OPEN
    slot = type(praktik.slot).objects.with_state_on(D(2024, 1, 31)).get(pk=praktik.slot_id)
    assert slot.state == SlotState.FILLED


# --- Edit --------------------------------------------------------------------------------------


def test_edit_keeps_the_ordinary_cap_for_a_placement_not_extended(praktik, hr_sof):
    errors = _errors(
        services.placement_update,
        placement=praktik,
        starts_on=D(2023, 12, 31),  # one day longer than 13 weeks
        hours_per_week=Decimal("30"),
        benefit=praktik.benefit,
        readiness=praktik.readiness,
        acting_user=hr_sof,
    )
    assert "13 uger" in errors["starts_on"][0]


def test_edit_of_an_extended_placement_keeps_the_extension(praktik, hr_sof):
    services.placement_extend(placement=praktik, planned_end_on=D(2024, 6, 1), acting_user=hr_sof)
    updated = services.placement_update(
        placement=praktik,
        starts_on=D(2024, 1, 1),
        hours_per_week=Decimal("25"),
        benefit=praktik.benefit,
        acting_user=hr_sof,
    )
    assert updated.hours_per_week == Decimal("25")


def test_edit_through_the_form_shows_hours_on_the_field(client, praktik, hr_sof):
    client.force_login(hr_sof)
    url = reverse("placements:placement_update", kwargs={"placement": praktik.pk})
    response = client.post(
        url, {"starts_on": "2024-01-01", "hours_per_week": "38", "benefit": praktik.benefit_id}
    )
    assert "højst være 37 timer" in response.context["form"].errors["hours_per_week"][0]


# --- The database's exclusion constraint ---------------------------------------------------------


def _skip_the_service_overlap_check(monkeypatch):
    """As if two requests had passed the check at the same moment."""
    monkeypatch.setattr(
        verdict, "slot_terms", lambda slot, exclude_pk=None: SlotTerms(opened_on=slot.opened_on)
    )


def test_an_overlap_the_service_missed_is_a_field_error_not_a_500(praktik, hr_sof, monkeypatch):
    _skip_the_service_overlap_check(monkeypatch)
    errors = _errors(
        services.placement_create,
        slot=praktik.slot,
        citizen=CitizenFactory(),
        starts_on=D(2024, 2, 1),
        planned_end_on=D(2024, 2, 20),
        hours_per_week=Decimal("10"),
        benefit=praktik.benefit,
        acting_user=hr_sof,
    )
    assert errors["starts_on"] == ["Pladsen er allerede besat i en del af perioden."]
    assert Placement.objects.filter(slot=praktik.slot).count() == 1


def test_the_form_shows_the_database_refusal(client, praktik, hr_sof, monkeypatch):
    _skip_the_service_overlap_check(monkeypatch)
    citizen = CitizenFactory()
    client.force_login(hr_sof)
    client.post(reverse("placements:citizen_search"), {"cpr": citizen.cpr})
    url = reverse(
        "placements:placement_create", kwargs={"slot": praktik.slot_id, "citizen": citizen.pk}
    )
    response = client.post(
        url,
        {
            "citizen": citizen.pk,
            "starts_on": "2024-02-01",
            "planned_end_on": "2024-02-20",
            "hours_per_week": "10",
            "benefit": praktik.benefit_id,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["starts_on"] == [
        "Pladsen er allerede besat i en del af perioden."
    ]


# --- Rimelighedskrav: a warning, never a refusal --------------------------------------------------


def test_a_placement_breaking_the_rimelighedskrav_is_saved_with_a_warning(client, hr_sof):
    workplace = WorkplaceFactory(department=department("SOF"), ordinary_employees=9)  # limit 1
    first, second = (
        SlotFactory(workplace=workplace, scheme=scheme("loentilskud")) for _ in range(2)
    )
    PlacementFactory(slot=first, starts_on=D(2024, 1, 1), planned_end_on=D(2024, 6, 30))
    citizen = CitizenFactory()
    client.force_login(hr_sof)
    client.post(reverse("placements:citizen_search"), {"cpr": citizen.cpr})
    url = reverse("placements:placement_create", kwargs={"slot": second.pk, "citizen": citizen.pk})
    response = client.post(
        url,
        {
            "citizen": citizen.pk,
            "starts_on": "2024-06-30",
            "planned_end_on": "2024-07-31",
            "hours_per_week": "30",
            "benefit": "",
        },
    )
    assert response.status_code == 302
    assert Placement.objects.filter(citizen=citizen).exists()
    warnings = [m.message for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]
    found = [w for w in warnings if w.startswith("Rimelighedskravet")]
    assert len(found) == 1, warnings
    # 37 + 30 hours on 30 June: 1.81 årsværk against at most 1 for 9 ordinary employees.
    assert "1,81 årsværk i løntilskud og virksomhedspraktik på samme tid, men højst 1" in found[0]


def _reasonableness(placement) -> list[str]:
    return [w for w in placement.rule_warnings if w.startswith("Rimelighedskravet")]


def test_no_warning_when_the_other_placement_ended_the_day_before(db, hr_sof):
    workplace = WorkplaceFactory(department=department("SOF"), ordinary_employees=9)
    first, second, third = (
        SlotFactory(workplace=workplace, scheme=scheme(code))
        for code in ("loentilskud", "loentilskud", "fleksjob")
    )
    PlacementFactory(slot=first, starts_on=D(2024, 1, 1), planned_end_on=D(2024, 6, 30))
    create = {"hours_per_week": Decimal("37"), "benefit": None, "acting_user": hr_sof}
    placement = services.placement_create(
        slot=second,
        citizen=CitizenFactory(),
        starts_on=D(2024, 7, 1),
        planned_end_on=D(2024, 7, 31),
        **create,
    )
    assert _reasonableness(placement) == []
    fleksjob = services.placement_create(
        slot=third,
        citizen=CitizenFactory(has_fleksjob_visitation=True),
        starts_on=D(2024, 7, 1),
        planned_end_on=None,
        **create,
    )
    assert _reasonableness(fleksjob) == []  # fleksjob does not count


@pytest.mark.parametrize(
    ("figures", "expected"),
    [
        # 4-month average before a 1 July start: March-June. 10 årsværk allow 2 (1 per 5).
        pytest.param({3: "10", 4: "10", 5: "10", 6: "10"}, None, id="10 årsværk: room for 2"),
        # The average of 9.5 allows 1: the second full-time placement breaks it.
        pytest.param({3: "9", 4: "10", 5: "9", 6: "10"}, "højst 1 ved 9,5", id="9.5 årsværk"),
        # February's figure is outside the 4 months and does not count.
        pytest.param({2: "100", 3: "9", 4: "9", 5: "9", 6: "9"}, "højst 1 ved 9", id="Feb not"),
        # No monthly figures: the workplace's undated figure (9) is used, and the text says so.
        pytest.param({}, "ingen månedstal", id="no figures"),
    ],
)
def test_the_rimelighedskrav_averages_the_four_months_before_the_start(
    db, hr_sof, figures, expected
):
    workplace = WorkplaceFactory(department=department("SOF"), ordinary_employees=9)
    for month, fte in figures.items():
        WorkplaceMonthlyFigure.objects.create(
            workplace=workplace, month=D(2024, month, 1), ordinary_fte=Decimal(fte)
        )
    first, second = (
        SlotFactory(workplace=workplace, scheme=scheme("virksomhedspraktik")) for _ in range(2)
    )
    PlacementFactory(slot=first, starts_on=D(2024, 7, 1), planned_end_on=D(2024, 7, 28))
    placement = services.placement_create(
        slot=second,
        citizen=CitizenFactory(),
        starts_on=D(2024, 7, 1),
        planned_end_on=D(2024, 7, 28),
        hours_per_week=Decimal("37"),
        benefit=None,
        acting_user=hr_sof,
    )
    found = _reasonableness(placement)
    if expected is None:
        assert found == []
    else:
        assert len(found) == 1 and expected in found[0], found


def test_an_under_18_does_not_count_in_the_rimelighedskrav(db, hr_sof):
    workplace = WorkplaceFactory(department=department("SOF"), ordinary_employees=9)
    first, second = (
        SlotFactory(workplace=workplace, scheme=scheme("virksomhedspraktik")) for _ in range(2)
    )
    # Born 1 March 2007: 17 on 1 July 2024.
    young = CitizenFactory(cpr="0103074000")
    PlacementFactory(
        slot=first, citizen=young, starts_on=D(2024, 7, 1), planned_end_on=D(2024, 7, 28)
    )
    placement = services.placement_create(
        slot=second,
        citizen=CitizenFactory(),
        starts_on=D(2024, 7, 1),
        planned_end_on=D(2024, 7, 28),
        hours_per_week=Decimal("37"),
        benefit=None,
        acting_user=hr_sof,
    )
    assert _reasonableness(placement) == []
