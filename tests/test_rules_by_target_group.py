"""The law by målgruppe (benefit × visitation × qualifier), scheme and edge date.

Each row goes through the HR form, the import and the referral accept, and each must
accept it or refuse it with the same Danish message (docs/regler.md).
"""

import pytest

from tests.rule_paths import (
    OK,
    D,
    Proposed,
    by_form,
    by_import,
    by_referral_accept,
    setup,
)

SPECIAL = "special_need"
CASES = [
    # Virksomhedspraktik (LAB § 61)
    Proposed(
        "praktik, jobparat kontanthjælp: 4 weeks",
        "virksomhedspraktik", D(2024, 1, 1), D(2024, 1, 28), OK,
        benefit="kontanthjaelp", readiness="jobparat",
    ),
    Proposed(
        "praktik, jobparat kontanthjælp: 4 weeks and a day",
        "virksomhedspraktik", D(2024, 1, 1), D(2024, 1, 29), "højst vare 4 uger",
        benefit="kontanthjaelp", readiness="jobparat",
    ),
    Proposed(
        "praktik, jobparat kontanthjælp: no extension beyond 4 weeks",
        "virksomhedspraktik", D(2024, 1, 1), D(2024, 1, 29), "højst vare 4 uger",
        benefit="kontanthjaelp", readiness="jobparat", extension="assessed",
    ),
    Proposed(
        "praktik, dagpenge: 4 weeks to the leap day",
        "virksomhedspraktik", D(2024, 2, 2), D(2024, 2, 29), OK, benefit="dagpenge",
    ),
    Proposed(
        "praktik, dagpenge: to 1 March",
        "virksomhedspraktik", D(2024, 2, 2), D(2024, 3, 1), "højst vare 4 uger",
        benefit="dagpenge",
    ),
    Proposed(
        "praktik, dimittend: 8 weeks",
        "virksomhedspraktik", D(2024, 1, 1), D(2024, 2, 25), OK,
        benefit="dagpenge", qualifier="dimittend",
    ),
    Proposed(
        "praktik, dimittend: 8 weeks and a day",
        "virksomhedspraktik", D(2024, 1, 1), D(2024, 2, 26), "højst vare 8 uger",
        benefit="dagpenge", qualifier="dimittend",
    ),
    Proposed(
        "praktik, uddannelsesparat: 4 weeks and a day",
        "virksomhedspraktik", D(2025, 6, 3), D(2025, 7, 1), "højst vare 4 uger",
        benefit="uddannelseshjaelp", readiness="uddannelsesparat",
    ),
    Proposed(
        "praktik, jobparat without work experience: 13 weeks",
        "virksomhedspraktik", D(2024, 4, 1), D(2024, 6, 30), OK,
        benefit="kontanthjaelp", readiness="jobparat", qualifier="uden_erhvervserfaring",
    ),
    Proposed(
        "praktik, aktivitetsparat: 13 weeks to 30 June",
        "virksomhedspraktik", D(2024, 4, 1), D(2024, 6, 30), OK,
        benefit="kontanthjaelp", readiness="aktivitetsparat",
    ),
    Proposed(
        "praktik, aktivitetsparat: to 1 July without an extension",
        "virksomhedspraktik", D(2024, 4, 1), D(2024, 7, 1), "forlænges til 26 uger",
        benefit="kontanthjaelp", readiness="aktivitetsparat",
    ),
    Proposed(
        "praktik, aktivitetsparat: 26 weeks with an extension",
        "virksomhedspraktik", D(2024, 1, 1), D(2024, 6, 30), OK,
        benefit="kontanthjaelp", readiness="aktivitetsparat", extension="assessed",
    ),
    Proposed(
        "praktik, aktivitetsparat: 26 weeks and a day with an extension",
        "virksomhedspraktik", D(2024, 1, 1), D(2024, 7, 1), "helt særligt behov",
        benefit="kontanthjaelp", readiness="aktivitetsparat", extension="assessed",
    ),
    Proposed(
        "praktik, aktivitetsparat: 39 weeks for a helt særligt behov",
        "virksomhedspraktik", D(2024, 1, 1), D(2024, 9, 29), OK,
        benefit="kontanthjaelp", readiness="aktivitetsparat",
        extension=SPECIAL, extension_reason="Skal nå at afprøve nattevagter.",
    ),
    Proposed(
        "praktik, aktivitetsparat: helt særligt behov without a reason",
        "virksomhedspraktik", D(2024, 1, 1), D(2024, 9, 29), "Skriv begrundelsen",
        benefit="kontanthjaelp", readiness="aktivitetsparat", extension=SPECIAL,
    ),
    Proposed(
        "praktik, aktivitetsparat: 39 weeks and a day",
        "virksomhedspraktik", D(2024, 1, 1), D(2024, 9, 30), "højst vare 39 uger",
        benefit="kontanthjaelp", readiness="aktivitetsparat",
        extension=SPECIAL, extension_reason="Skal nå at afprøve nattevagter.",
    ),
    # Løntilskud at a public employer (LAB §§ 66-69)
    Proposed(
        "løntilskud, dagpenge: 4 months to 30 June 2025",
        "loentilskud", D(2025, 3, 1), D(2025, 6, 30), OK, benefit="dagpenge",
    ),
    Proposed(
        "løntilskud, dagpenge: to 1 July 2025",
        "loentilskud", D(2025, 3, 1), D(2025, 7, 1), "højst vare 4 måneder",
        benefit="dagpenge",
    ),
    Proposed(
        "løntilskud, aktivitetsparat: 6 months from 31 August",
        "loentilskud", D(2024, 8, 31), D(2025, 2, 28), OK,
        benefit="kontanthjaelp", readiness="aktivitetsparat",
    ),
    Proposed(
        "løntilskud, sygedagpenge: 12 months from the leap day",
        "loentilskud", D(2024, 2, 29), D(2025, 2, 28), OK, benefit="sygedagpenge",
    ),
    Proposed(
        "løntilskud, ledighedsydelse: refused",
        "loentilskud", D(2024, 1, 1), D(2024, 2, 1), "kan ikke gives til målgruppen",
        benefit="ledighedsydelse",
    ),
    Proposed(
        "løntilskud, åbenlyst uddannelsesparat: refused",
        "loentilskud", D(2024, 1, 1), D(2024, 2, 1), "kan ikke gives til målgruppen",
        benefit="uddannelseshjaelp", readiness="aabenlyst-uddannelsesparat",
    ),
    # Nytteindsats: 13 weeks until 30-06-2025
    Proposed(
        "nytteindsats: 20 weeks from 1 June 2025",
        "nytteindsats", D(2025, 6, 1), D(2025, 10, 18), "højst vare 13 uger",
        benefit="kontanthjaelp", readiness="jobparat",
    ),
    Proposed(
        "nytteindsats: 20 weeks from 1 July 2025",
        "nytteindsats", D(2025, 7, 1), D(2025, 11, 17), OK,
        benefit="kontanthjaelp", readiness="jobparat",
    ),
    # Seniorjob (37 hours fuldtid, 30 deltid) and jobrotation (no new starts after 2025)
    Proposed(
        "seniorjob, deltidsforsikret: 30 hours",
        "seniorjob", D(2025, 1, 1), None, OK, hours=30,
        citizen={"has_seniorjob_entitlement": True}, part_time_insured=True,
    ),
    Proposed(
        "seniorjob, fuldtidsforsikret: 30 hours",
        "seniorjob", D(2025, 1, 1), None, "fuldtidsforsikret skal være 37 timer", hours=30,
        citizen={"has_seniorjob_entitlement": True},
    ),
    Proposed(
        "jobrotation starting 31 December 2025",
        "jobrotation", D(2025, 12, 31), D(2026, 3, 31), OK,
    ),
    Proposed(
        "jobrotation starting 1 January 2026",
        "jobrotation", D(2026, 1, 1), D(2026, 3, 31), "kan ikke starte efter 31-12-2025",
    ),
]  # fmt: skip
IDS = [case.id for case in CASES]


def _check(case: Proposed, refusals: list[str]):
    if case.refused is None:
        assert refusals == [], refusals
    else:
        assert any(case.refused in message for message in refusals), refusals


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_the_form(client, hr_sof, case):
    slot, citizen = setup(case)
    client.force_login(hr_sof)
    refusals, _warnings = by_form(case, slot, citizen, client)
    _check(case, refusals)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_the_import(hr_sof, case):
    slot, citizen = setup(case)
    refusals, _warnings = by_import(case, slot, citizen, hr_sof)
    _check(case, refusals)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_the_referral_accept(hr_sof, case):
    slot, citizen = setup(case)
    refusals, _warnings = by_referral_accept(case, slot, citizen, hr_sof)
    _check(case, refusals)
