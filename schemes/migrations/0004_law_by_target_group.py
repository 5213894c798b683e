"""The law by målgruppe (benefit × visitation), corrected against LAB and the frikort laws.

The caps of 0002 were keyed on the benefit alone and were wrong for most målgrupper; they
went with the DurationCap model in 0003. Here the målgrupper and their caps, extensions and
exclusions are entered as rows with their legal source and validity, from the day the
current LAB (lov nr. 548 af 7. maj 2019) came into force. Rows marked unconfirmed could not
be checked against the law text when this was written (docs/regler.md lists them); an
administrator corrects them by closing the row and adding a new one.

Also: uddannelseshjælp and ressourceforløbsydelse end for new placements; revalideringsydelse
is added (ended) so old placements can carry it; jobrotation gets a last start date;
seniorjob its hours by insurance; the TR requirement per scheme; nytteindsats counts in the
rimelighedskrav until 30-06-2025; the frikort limit is 40.000 kr. for the whole of 2023 and
2025's amount no longer runs on into 2026.
"""

import datetime as dt
from decimal import Decimal

from django.db import migrations

D = dt.date
EPOCH = D(2010, 1, 1)
LAB = D(2020, 1, 1)

# code, name, benefit, readiness, qualifier, source, confirmed
GROUPS = [
    ("forsikret-ledig", "Forsikret ledig (dagpenge)", "dagpenge", None, "", "LAB § 6, nr. 1", True),
    (
        "dimittend",
        "Dimittend på dagpenge",
        "dagpenge",
        None,
        "dimittend",
        "LAB § 61, stk. 1",
        False,
    ),
    (
        "jobparat-kontanthjaelp",
        "Jobparat kontanthjælpsmodtager",
        "kontanthjaelp",
        "jobparat",
        "",
        "LAB § 6, nr. 2",
        True,
    ),
    (
        "jobparat-hjemrejseydelse",
        "Jobparat på selvforsørgelses- og hjemrejseydelse",
        "hjemrejseydelse",
        "jobparat",
        "",
        "LAB § 6, nr. 12",
        False,
    ),
    (
        "jobparat-uden-erhvervserfaring",
        "Jobparat uden erhvervserfaring",
        None,
        "jobparat",
        "uden_erhvervserfaring",
        "LAB § 61, stk. 1",
        False,
    ),
    (
        "aktivitetsparat",
        "Aktivitetsparat",
        None,
        "aktivitetsparat",
        "",
        "LAB § 6, nr. 3 og 5",
        True,
    ),
    ("uddannelsesparat", "Uddannelsesparat", None, "uddannelsesparat", "", "LAB § 6, nr. 4", True),
    (
        "uddannelsesparat-uden-erhvervserfaring",
        "Uddannelsesparat uden erhvervserfaring",
        None,
        "uddannelsesparat",
        "uden_erhvervserfaring",
        "LAB § 61, stk. 1",
        False,
    ),
    (
        "aabenlyst-uddannelsesparat",
        "Åbenlyst uddannelsesparat",
        None,
        "aabenlyst-uddannelsesparat",
        "",
        "LAB § 6, nr. 4; § 66, stk. 1",
        True,
    ),
    ("sygedagpenge", "Sygedagpengemodtager", "sygedagpenge", None, "", "LAB § 6, nr. 6", True),
    (
        "ressourceforloeb",
        "Ressourceforløb eller jobafklaringsforløb",
        "ressourceforloebsydelse",
        None,
        "",
        "LAB § 6, nr. 7 og 8",
        False,
    ),
    ("revalidering", "Revalidend", "revalideringsydelse", None, "", "LAB § 6, nr. 10", False),
    (
        "ledighedsydelse",
        "Fleksjobvisiteret på ledighedsydelse",
        "ledighedsydelse",
        None,
        "",
        "LAB § 6, nr. 9",
        True,
    ),
    ("foertidspension", "Førtidspensionist", "foertidspension", None, "", "LAB § 6, nr. 11", False),
]

PRAKTIK_4 = {"max_weeks": 4}
PRAKTIK_13 = {"max_weeks": 13, "extendable_to_weeks": 26, "special_need_weeks": 13}
S61_1 = "LAB § 61, stk. 1, nr. 1"
S61_2 = "LAB § 61, stk. 1, nr. 2, og stk. 2"
S68_1 = "LAB § 68, nr. 1; § 69"
# scheme, group (None: all others), valid from, valid to, values, source, confirmed
GROUP_RULES = [
    ("virksomhedspraktik", "forsikret-ledig", LAB, None, PRAKTIK_4, S61_1, True),
    ("virksomhedspraktik", "dimittend", LAB, None, {"max_weeks": 8}, "LAB § 61, stk. 1", False),
    ("virksomhedspraktik", "jobparat-kontanthjaelp", LAB, None, PRAKTIK_4, S61_1, True),
    ("virksomhedspraktik", "jobparat-hjemrejseydelse", LAB, None, PRAKTIK_4, S61_1, False),
    ("virksomhedspraktik", "uddannelsesparat", LAB, None, PRAKTIK_4, S61_1, True),
    ("virksomhedspraktik", "aabenlyst-uddannelsesparat", LAB, None, PRAKTIK_4, S61_1, True),
    ("virksomhedspraktik", "jobparat-uden-erhvervserfaring", LAB, None, PRAKTIK_13, S61_2, False),
    (
        "virksomhedspraktik",
        "uddannelsesparat-uden-erhvervserfaring",
        LAB,
        None,
        PRAKTIK_13,
        S61_2,
        False,
    ),
    ("virksomhedspraktik", None, LAB, None, PRAKTIK_13, S61_2, True),
    (
        "loentilskud",
        "forsikret-ledig",
        LAB,
        None,
        {"max_months": 4, "prior_benefit_months": 6},
        S68_1,
        True,
    ),
    (
        "loentilskud",
        "dimittend",
        LAB,
        None,
        {"max_months": 4, "prior_benefit_months": 6},
        S68_1,
        False,
    ),
    (
        "loentilskud",
        "jobparat-kontanthjaelp",
        LAB,
        None,
        {"max_months": 4, "prior_benefit_months": 6},
        S68_1,
        True,
    ),
    (
        "loentilskud",
        "jobparat-hjemrejseydelse",
        LAB,
        None,
        {"max_months": 4, "prior_benefit_months": 6},
        S68_1,
        True,
    ),
    (
        "loentilskud",
        "jobparat-uden-erhvervserfaring",
        LAB,
        None,
        {"max_months": 4, "prior_benefit_months": 6},
        S68_1,
        True,
    ),
    (
        "loentilskud",
        "uddannelsesparat",
        LAB,
        None,
        {"max_months": 4, "prior_benefit_months": 6},
        S68_1,
        True,
    ),
    (
        "loentilskud",
        "uddannelsesparat-uden-erhvervserfaring",
        LAB,
        None,
        {"max_months": 4, "prior_benefit_months": 6},
        S68_1,
        True,
    ),
    (
        "loentilskud",
        "aktivitetsparat",
        LAB,
        None,
        {"max_months": 6, "prior_benefit_months": 6},
        "LAB § 68, nr. 2; § 69",
        False,
    ),
    ("loentilskud", "sygedagpenge", LAB, None, {"max_months": 12}, "LAB § 68", True),
    ("loentilskud", "ressourceforloeb", LAB, None, {"max_months": 12}, "LAB § 68", True),
    (
        "loentilskud",
        "aabenlyst-uddannelsesparat",
        LAB,
        None,
        {"excluded": True},
        "LAB § 66, stk. 1",
        True,
    ),
    ("loentilskud", "ledighedsydelse", LAB, None, {"excluded": True}, "LAB § 66, stk. 1", True),
    ("loentilskud", None, LAB, None, {"max_months": 6}, "LAB § 68", False),
    # The 2025 arbejdspligt law lifted the 13-week cap from 1 July 2025.
    (
        "nytteindsats",
        None,
        EPOCH,
        D(2025, 6, 30),
        {"max_weeks": 13},
        "LAB kapitel 13 (nytteindsats)",
        False,
    ),
]

# born from, born to, years, months, confirmed (efterlønsalder, lov om arbejdsløshedsforsikring § 74 a)
EARLY_RETIREMENT = [
    (D(1900, 1, 1), D(1953, 12, 31), 60, 0, True),
    (D(1954, 1, 1), D(1954, 6, 30), 60, 6, True),
    (D(1954, 7, 1), D(1954, 12, 31), 61, 0, True),
    (D(1955, 1, 1), D(1955, 6, 30), 61, 6, True),
    (D(1955, 7, 1), D(1955, 12, 31), 62, 0, True),
    (D(1956, 1, 1), D(1956, 6, 30), 62, 6, True),
    (D(1956, 7, 1), D(1958, 12, 31), 63, 0, True),
    (D(1959, 1, 1), D(1959, 6, 30), 63, 6, True),
    (D(1959, 7, 1), D(1962, 12, 31), 64, 0, True),
    (D(1963, 1, 1), D(1966, 12, 31), 65, 0, True),
    (D(1967, 1, 1), None, 66, 0, False),
]
EARLY_RETIREMENT_SOURCE = "Lov om arbejdsløshedsforsikring § 74 a (efterlønsalder)"


def load(apps, schema_editor):
    Benefit = apps.get_model("schemes", "Benefit")
    Readiness = apps.get_model("schemes", "ReadinessCategory")
    Scheme = apps.get_model("schemes", "Scheme")
    Rule = apps.get_model("schemes", "SchemeRule")
    Group = apps.get_model("schemes", "TargetGroup")
    GroupRule = apps.get_model("schemes", "TargetGroupRule")
    Limit = apps.get_model("schemes", "FrikortLimit")
    Age = apps.get_model("schemes", "EarlyRetirementAge")

    # Benefits ending for new placements (still shown on old ones).
    Benefit.objects.filter(code="uddannelseshjaelp").update(valid_to=D(2025, 6, 30))
    Benefit.objects.filter(code="ressourceforloebsydelse").update(valid_to=D(2025, 12, 31))
    Benefit.objects.create(
        code="revalideringsydelse",
        name="Revalideringsydelse",
        valid_from=EPOCH,
        valid_to=D(2025, 12, 31),
    )
    benefits = {b.code: b for b in Benefit.objects.all()}
    readiness = {r.code: r for r in Readiness.objects.all()}
    groups = {}
    for code, name, benefit, ready, qualifier, source, confirmed in GROUPS:
        groups[code] = Group.objects.create(
            code=code,
            name=name,
            benefit=benefits.get(benefit),
            readiness=readiness.get(ready),
            qualifier=qualifier,
            legal_source=source,
            confirmed=confirmed,
            valid_from=LAB,
        )
    schemes = {s.code: s for s in Scheme.objects.all()}
    for scheme, group, start, end, values, source, confirmed in GROUP_RULES:
        GroupRule.objects.create(
            scheme=schemes[scheme],
            target_group=groups.get(group),
            valid_from=start,
            valid_to=end,
            legal_source=source,
            confirmed=confirmed,
            **values,
        )

    Rule.objects.filter(scheme__code__in=["virksomhedspraktik", "loentilskud"]).update(
        tr_requirement="statement"
    )
    Rule.objects.filter(scheme__code="virksomhedspraktik").update(legal_source="LAB §§ 57-65")
    Rule.objects.filter(scheme__code="loentilskud").update(legal_source="LAB §§ 66-80")
    Rule.objects.filter(scheme__code="nytteindsats").update(
        tr_requirement="orientation", legal_source="LAB kapitel 13 (nytteindsats)"
    )
    # Nytteindsats counted in the rimelighedskrav until the arbejdspligt law (30-06-2025).
    Rule.objects.filter(scheme__code="nytteindsats", valid_to=D(2025, 6, 30)).update(
        counts_in_reasonableness=True
    )
    Rule.objects.filter(scheme__code="seniorjob").update(
        max_hours_per_week=None,
        full_time_insured_hours=Decimal("37"),
        part_time_insured_hours=Decimal("30"),
        runs_until_early_retirement=True,
        legal_source="Lov om seniorjob §§ 2 og 5",
    )
    # Lov nr. 1750 af 29-12-2025: no new jobrotation after 2025; running forløb may finish.
    # The scheme itself stays closed for new slots from 2026.
    Rule.objects.create(
        scheme=schemes["jobrotation"],
        valid_from=D(2026, 1, 1),
        last_start_on=D(2025, 12, 31),
        legal_source="Lov nr. 1750 af 29-12-2025",
    )

    frikort_trial = "Lov om forsøg med et socialt frikort § 2, stk. 3"
    Limit.objects.filter(valid_from=D(2019, 1, 1)).update(
        valid_to=D(2022, 12, 31), legal_source=frikort_trial
    )
    # 40.000 kr. for the whole calendar year 2023 (lov om ændring, in force 1 July 2023).
    Limit.objects.create(
        valid_from=D(2023, 1, 1),
        valid_to=D(2023, 6, 30),
        amount=Decimal("40000"),
        legal_source=frikort_trial + " (2023-2024: 40.000 kr. pr. kalenderår)",
    )
    Limit.objects.filter(valid_from=D(2023, 7, 1)).update(
        legal_source=frikort_trial + " (2023-2024: 40.000 kr. pr. kalenderår)"
    )
    Limit.objects.filter(valid_from=D(2024, 1, 1)).update(
        legal_source="Lov om socialt frikort § 1 (41.280 kr., 2024-niveau)"
    )
    Limit.objects.filter(valid_from=D(2025, 1, 1)).update(
        valid_to=D(2025, 12, 31),
        confirmed=False,
        legal_source="Lov om socialt frikort § 1, reguleret (2025-niveau)",
    )
    for born_from, born_to, years, months, confirmed in EARLY_RETIREMENT:
        Age.objects.create(
            born_from=born_from,
            born_to=born_to,
            years=years,
            months=months,
            legal_source=EARLY_RETIREMENT_SOURCE,
            confirmed=confirmed,
        )


class Migration(migrations.Migration):
    dependencies = [("schemes", "0003_target_groups")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
