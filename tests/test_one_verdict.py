"""One verdict for one proposed placement, whichever path proposes it.

The registry (service and form), the import, the referral accept and the matching ranking
must refuse the same proposals with the same messages, and the registry paths must give the
same warnings. The ranking is asked about eligibility only (its SQL has already kept only
vacant slots, and warnings are not shown there), so these cases use an open slot.
"""

import pytest

from tests.rule_paths import (
    OK,
    D,
    Proposed,
    by_form,
    by_import,
    by_ranking,
    by_referral_accept,
    by_service,
    setup,
)

FRIKORT = {"frikort_number": "FK-1"}
SENIOR = {"has_seniorjob_entitlement": True}
CASES = [
    Proposed("praktik, jobparat: 4 weeks", "virksomhedspraktik", D(2024, 1, 1), D(2024, 1, 28),
             OK, benefit="kontanthjaelp", readiness="jobparat"),
    Proposed("praktik, jobparat: 4 weeks and a day", "virksomhedspraktik", D(2024, 1, 1),
             D(2024, 1, 29), "4 uger", benefit="kontanthjaelp", readiness="jobparat"),
    Proposed("praktik, dagpenge: to the leap day", "virksomhedspraktik", D(2024, 2, 2),
             D(2024, 2, 29), OK, benefit="dagpenge"),
    Proposed("praktik, dagpenge: to 1 March", "virksomhedspraktik", D(2024, 2, 2),
             D(2024, 3, 1), "4 uger", benefit="dagpenge"),
    Proposed("praktik, aktivitetsparat: 13 weeks", "virksomhedspraktik", D(2024, 4, 1),
             D(2024, 6, 30), OK, benefit="kontanthjaelp", readiness="aktivitetsparat"),
    Proposed("praktik, aktivitetsparat: to 1 July", "virksomhedspraktik", D(2024, 4, 1),
             D(2024, 7, 1), "13 uger", benefit="kontanthjaelp", readiness="aktivitetsparat"),
    Proposed("praktik, sygedagpenge, open-ended", "virksomhedspraktik", D(2024, 4, 1), None,
             "angiv en slutdato", benefit="sygedagpenge"),
    Proposed("praktik, 38 hours", "virksomhedspraktik", D(2024, 4, 1), D(2024, 4, 28),
             "37 timer", benefit="dagpenge", hours=38),
    Proposed("praktik, uddannelsesparat: 4 weeks and a day", "virksomhedspraktik",
             D(2025, 6, 3), D(2025, 7, 1), "4 uger", readiness="uddannelsesparat"),
    Proposed("løntilskud, jobparat: 4 months", "loentilskud", D(2024, 1, 1), D(2024, 4, 30),
             OK, benefit="kontanthjaelp", readiness="jobparat"),
    Proposed("løntilskud, jobparat: to 1 May", "loentilskud", D(2024, 1, 1), D(2024, 5, 1),
             "4 måneder", benefit="kontanthjaelp", readiness="jobparat"),
    Proposed("løntilskud, aktivitetsparat: 6 months", "loentilskud", D(2024, 1, 1),
             D(2024, 6, 30), OK, benefit="kontanthjaelp", readiness="aktivitetsparat"),
    Proposed("løntilskud, sygedagpenge: 12 months and a day", "loentilskud", D(2024, 2, 29),
             D(2025, 3, 1), "12 måneder", benefit="sygedagpenge"),
    Proposed("løntilskud, ledighedsydelse", "loentilskud", D(2024, 1, 1), D(2024, 2, 1),
             "kan ikke gives", benefit="ledighedsydelse"),
    Proposed("løntilskud, åbenlyst uddannelsesparat", "loentilskud", D(2024, 1, 1),
             D(2024, 2, 1), "kan ikke gives", readiness="aabenlyst-uddannelsesparat"),
    Proposed("nytteindsats: 20 weeks from 1 June 2025", "nytteindsats", D(2025, 6, 1),
             D(2025, 10, 18), "13 uger", benefit="kontanthjaelp", readiness="jobparat"),
    Proposed("nytteindsats: 20 weeks from 1 July 2025", "nytteindsats", D(2025, 7, 1),
             D(2025, 11, 17), OK, benefit="kontanthjaelp", readiness="jobparat"),
    Proposed("småjob without a frikort", "smaajob", D(2024, 1, 1), None, "frikort"),
    Proposed("småjob, frikort to the leap day", "smaajob", D(2024, 2, 29), None, OK,
             citizen={**FRIKORT, "frikort_valid_until": D(2024, 2, 29)}),
    Proposed("småjob, frikort ended the day before", "smaajob", D(2024, 3, 1), None,
             "frikort", citizen={**FRIKORT, "frikort_valid_until": D(2024, 2, 29)}),
    Proposed("fleksjob without a visitation", "fleksjob", D(2024, 1, 1), None, "fleksjob"),
    Proposed("seniorjob, fuldtidsforsikret 37 hours", "seniorjob", D(2024, 1, 1), None, OK,
             hours=37, citizen=SENIOR),
    Proposed("seniorjob, fuldtidsforsikret 30 hours", "seniorjob", D(2024, 1, 1), None,
             "37 timer", hours=30, citizen=SENIOR),
    Proposed("seniorjob, deltidsforsikret 30 hours", "seniorjob", D(2024, 1, 1), None, OK,
             hours=30, citizen=SENIOR, part_time_insured=True),
    Proposed("jobrotation from 1 January 2026", "jobrotation", D(2026, 1, 1), D(2026, 2, 1),
             "31-12-2025"),
    Proposed("citizen already in a placement", "fritidsjob", D(2024, 6, 1), D(2024, 7, 1),
             "allerede i et forløb", busy=((D(2024, 1, 1), D(2024, 6, 30)),)),
    Proposed("citizen's placement ended the day before", "fritidsjob", D(2024, 7, 1),
             D(2024, 7, 31), OK, busy=((D(2024, 1, 1), D(2024, 6, 30)),)),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_every_path_gives_the_same_verdict(client, hr_sof, case):
    slot, citizen = setup(case)
    client.force_login(hr_sof)
    paths = {
        "service": by_service(case, slot, citizen, hr_sof),
        "form": by_form(case, slot, citizen, client),
        "import": by_import(case, slot, citizen, hr_sof),
        "referral accept": by_referral_accept(case, slot, citizen, hr_sof),
        "ranking": by_ranking(case, slot, citizen),
    }
    refusals = {name: sorted(found) for name, (found, _warnings) in paths.items()}
    assert len({tuple(found) for found in refusals.values()}) == 1, refusals
    found = refusals["service"]
    if case.refused is None:
        assert found == []
    else:
        assert any(case.refused in message for message in found), found
    warnings = {name: sorted(w) for name, (_found, w) in paths.items() if w is not None}
    assert len({tuple(w) for w in warnings.values()}) == 1, warnings
