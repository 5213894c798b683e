"""The placement keeps the citizen's målgruppe as it was at the start; warnings on every path."""

import datetime as dt
from decimal import Decimal

from django.contrib.messages import get_messages
from django.db import transaction
from django.test import Client
from django.urls import reverse

from core.periods import Period
from matching.models import Referral
from placements import services
from placements.models import Placement
from reports.selectors import outcomes_of_ended
from schemes.models import Benefit, ReadinessCategory
from tests.factories import CitizenFactory, PlacementFactory, SlotFactory, WorkplaceFactory, scheme

D = dt.date


def _category(code):
    return ReadinessCategory.objects.get(code=code)


def test_re_assessing_the_citizen_changes_neither_the_cap_nor_the_outcome_table(db, hr_sof):
    """Aktivitetsparat at the start (13 weeks); re-assessed jobparat (4 weeks) a month later."""
    activity, job_ready = _category("aktivitetsparat"), _category("jobparat")
    citizen = CitizenFactory(benefit=Benefit.objects.get(code="kontanthjaelp"), readiness=activity)
    placement = services.placement_create(
        slot=SlotFactory(scheme=scheme("virksomhedspraktik")),
        citizen=citizen,
        starts_on=D(2024, 1, 1),
        planned_end_on=D(2024, 3, 24),
        hours_per_week=Decimal("20"),
        benefit=citizen.benefit,
        readiness=citizen.readiness,
        acting_user=hr_sof,
    )
    assert placement.readiness == activity
    services.citizen_update(citizen=citizen, readiness=job_ready, acting_user=hr_sof)

    # The cap is still the 13 weeks of the målgruppe at the start: ending on its last day,
    # and correcting the hours, are accepted although jobparat allows only 4 weeks.
    placement = Placement.objects.get(pk=placement.pk)
    services.placement_update(
        placement=placement,
        starts_on=placement.starts_on,
        hours_per_week=Decimal("25"),
        benefit=placement.benefit,
        readiness=placement.readiness,
        acting_user=hr_sof,
    )
    services.placement_end(
        placement=placement, ended_on=D(2024, 3, 31), outcome="ordinary_job", acting_user=hr_sof
    )
    placement.refresh_from_db()
    assert (placement.ended_on, placement.readiness) == (D(2024, 3, 31), activity)

    # The outcome table of H1 2024 keeps it under aktivitetsparat.
    period = Period.h1(2024)
    praktik = scheme("virksomhedspraktik").pk
    before = outcomes_of_ended(period)
    services.citizen_update(
        citizen=citizen, readiness=_category("uddannelsesparat"), acting_user=hr_sof
    )
    assert outcomes_of_ended(period) == before == {(praktik, activity.pk): {"ordinary_job": 1}}


def test_hr_corrects_the_snapshot_and_the_history_keeps_both(client, hr_sof):
    placement = PlacementFactory(
        slot__workplace=WorkplaceFactory(),
        slot__scheme=scheme("fritidsjob"),
        readiness=_category("jobparat"),
    )
    client.force_login(hr_sof)
    url = reverse("placements:placement_update", kwargs={"placement": placement.pk})
    response = client.post(
        url,
        {
            "starts_on": placement.starts_on.isoformat(),
            "hours_per_week": "20",
            "benefit": "",
            "readiness": _category("aktivitetsparat").pk,
        },
    )
    assert response.status_code == 302
    readiness = [h.readiness_id for h in placement.history.order_by("history_date")]
    assert readiness[-2:] == [_category("jobparat").pk, _category("aktivitetsparat").pk]


def test_expired_benefits_are_not_offered_for_new_placements_but_shown_on_old(client, hr_sof):
    expired = Benefit.objects.get(code="uddannelseshjaelp")  # merged into kontanthjælp 2025
    citizen = CitizenFactory()
    slot = SlotFactory(workplace=WorkplaceFactory(), scheme=scheme("fritidsjob"))
    client.force_login(hr_sof)
    client.post(reverse("placements:citizen_search"), {"cpr": citizen.cpr})
    form = client.get(
        reverse("placements:placement_create", kwargs={"slot": slot.pk, "citizen": citizen.pk})
    ).context["form"]
    assert expired not in form.fields["benefit"].queryset
    old = PlacementFactory(slot=slot, benefit=expired, starts_on=D(2024, 1, 1))
    form = client.get(reverse("placements:placement_update", kwargs={"placement": old.pk})).context[
        "form"
    ]
    assert expired in form.fields["benefit"].queryset


def _warnings(response) -> list[str]:
    return [m.message for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]


def test_accepting_a_referral_that_breaks_the_rimelighedskrav_warns_as_the_form(client, hr_sof):
    """9 ordinary employees allow 1 årsværk; one full-time praktik is already there."""
    workplace = WorkplaceFactory(ordinary_employees=9)
    taken, slot = (
        SlotFactory(workplace=workplace, scheme=scheme("virksomhedspraktik")) for _ in range(2)
    )
    PlacementFactory(slot=taken, starts_on=D(2024, 1, 1), planned_end_on=D(2024, 3, 31))
    proposal = {
        "starts_on": D(2024, 2, 1),
        "planned_end_on": D(2024, 2, 28),
        "hours_per_week": Decimal("37"),
    }
    client.force_login(hr_sof)

    citizen = CitizenFactory()

    # The HR form, undone afterwards so the referral meets the same workplace.
    with transaction.atomic():
        client.post(reverse("placements:citizen_search"), {"cpr": citizen.cpr})
        url = reverse(
            "placements:placement_create", kwargs={"slot": slot.pk, "citizen": citizen.pk}
        )
        response = client.post(
            url,
            {
                "citizen": citizen.pk,
                "starts_on": "2024-02-01",
                "planned_end_on": "2024-02-28",
                "hours_per_week": "37",
            },
        )
        assert response.status_code == 302
        transaction.set_rollback(True)
    form_warning = [w for w in _warnings(response) if w.startswith("Rimelighedskravet")]
    assert not Placement.objects.filter(citizen=citizen).exists()

    # The referral accept: the same citizen, slot and days, proposed by the jobcenter.
    referral = Referral.objects.create(slot=slot, citizen=citizen, **proposal)
    client = Client()  # a fresh session: no messages left from the form's request
    client.force_login(hr_sof)
    response = client.post(reverse("matching:referral_accept", kwargs={"referral": referral.pk}))
    referral.refresh_from_db()
    assert referral.placement is not None
    referral_warning = [w for w in _warnings(response) if w.startswith("Rimelighedskravet")]

    assert form_warning == [
        f"Rimelighedskravet for {workplace} er overskredet: 2 årsværk i løntilskud og "
        "virksomhedspraktik på samme tid, men højst 1 ved 9 ordinært ansatte i årsværk "
        "(arbejdsstedets oplyste antal; der er ingen månedstal)."
    ]
    assert referral_warning == form_warning


def _create(hr, slot, citizen, **extra):
    values = {
        "starts_on": D(2025, 1, 1),
        "planned_end_on": D(2025, 1, 28),
        "hours_per_week": Decimal("37"),
        "benefit": None,
        "acting_user": hr,
    }
    values.update(extra)
    return services.placement_create(slot=slot, citizen=citizen, **values)


def test_a_missing_tr_statement_warns_on_praktik_and_a_given_one_does_not(db, hr_sof):
    slot = SlotFactory(scheme=scheme("virksomhedspraktik"))
    without = _create(hr_sof, slot, CitizenFactory())
    assert any("udtalelse fra tillidsrepræsentanten" in w for w in without.rule_warnings)
    with_statement = _create(
        hr_sof,
        slot,
        CitizenFactory(),
        starts_on=D(2025, 2, 1),
        planned_end_on=D(2025, 2, 28),
        tr_name="Tove Tillid",
        tr_statement_on=D(2025, 1, 20),
    )
    assert not any("tillidsrepræsentant" in w for w in with_statement.rule_warnings)
    nytte = _create(hr_sof, SlotFactory(scheme=scheme("nytteindsats")), CitizenFactory())
    assert any("tillidsrepræsentanten er orienteret" in w for w in nytte.rule_warnings)


def test_seniorjob_past_the_early_retirement_age_warns(db, hr_sof):
    """Born 15 June 1962: efterlønsalder 64, reached 15-06-2026."""
    citizen = CitizenFactory(cpr="1506621234", has_seniorjob_entitlement=True)
    slot = SlotFactory(scheme=scheme("seniorjob"))
    placement = _create(hr_sof, slot, citizen, planned_end_on=None)
    assert placement.rule_warnings == [
        "Seniorjob ophører ved efterlønsalderen: borgeren når den 15-06-2026."
    ]
    services.placement_end(
        placement=placement, ended_on=D(2026, 6, 14), outcome="other_scheme", acting_user=hr_sof
    )
    before = _create(
        hr_sof,
        SlotFactory(scheme=scheme("seniorjob")),
        CitizenFactory(cpr="1506621235", has_seniorjob_entitlement=True),
        planned_end_on=D(2026, 6, 14),
    )
    assert before.rule_warnings == []
