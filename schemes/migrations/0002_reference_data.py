"""Schemes with their rule versions, duration caps, frikort limits, readiness categories,
benefits and target categories, as the law stood when this was written (docs/design.md).

Later changes are new rows with validity dates, added by administrators or by a new
data migration; this one is never edited after it has run in production.
"""

import datetime as dt
from decimal import Decimal

from django.db import migrations

D = dt.date
EPOCH = D(2010, 1, 1)

BENEFITS = [
    ("kontanthjaelp", "Kontanthjælp"),
    ("uddannelseshjaelp", "Uddannelseshjælp"),
    ("dagpenge", "Arbejdsløshedsdagpenge"),
    ("sygedagpenge", "Sygedagpenge"),
    ("ledighedsydelse", "Ledighedsydelse"),
    ("ressourceforloebsydelse", "Ressourceforløbsydelse"),
    ("foertidspension", "Førtidspension"),
    ("hjemrejseydelse", "Selvforsørgelses- og hjemrejseydelse"),
    ("ingen", "Ingen ydelse (selvforsørgende)"),
]

READINESS = [
    ("jobparat", "Jobparat"),
    ("aktivitetsparat", "Aktivitetsparat"),
    ("uddannelsesparat", "Uddannelsesparat"),
    ("aabenlyst-uddannelsesparat", "Åbenlyst uddannelsesparat"),
    ("ressourceforloeb", "Ressourceforløb"),
    ("sygemeldt", "Sygemeldt"),
]

# code, name, sort order, valid from, valid to
SCHEMES = [
    ("smaajob", "Småjob under socialt frikort", 10, D(2019, 1, 1), None),
    ("fleksjob", "Fleksjob", 20, EPOCH, None),
    ("loentilskud", "Løntilskud", 30, EPOCH, None),
    ("virksomhedspraktik", "Virksomhedspraktik", 40, EPOCH, None),
    ("nytteindsats", "Nytteindsats", 50, EPOCH, None),
    ("seniorjob", "Seniorjob", 60, EPOCH, None),
    # Abolished by the 2026 employment reform; kept so history still counts.
    ("jobrotation", "Jobrotation", 70, EPOCH, D(2025, 12, 31)),
    ("fritidsjob", "Fritidsjob", 80, EPOCH, None),
]

# scheme, valid from, valid to, rule flags, caps [(benefit or None, weeks, months, extendable)]
RULES = [
    ("smaajob", D(2019, 1, 1), None, {"needs_frikort": True}, []),
    ("fleksjob", EPOCH, None, {"needs_fleksjob_visitation": True}, []),
    (
        "loentilskud", EPOCH, None, {"counts_in_reasonableness": True},
        [("dagpenge", None, 4, None), ("kontanthjaelp", None, 6, None),
         ("uddannelseshjaelp", None, 6, None), ("ressourceforloebsydelse", None, 12, None),
         ("ledighedsydelse", None, 12, None), (None, None, 6, None)],
    ),
    (
        "virksomhedspraktik", EPOCH, None,
        {"counts_in_reasonableness": True, "max_hours_per_week": Decimal("37")},
        [("dagpenge", 4, None, None), ("kontanthjaelp", 8, None, 26),
         ("uddannelseshjaelp", 8, None, 26), (None, 13, None, 26)],
    ),
    # The 2025 arbejdspligt law lifted nytteindsats' 13-week cap from 1 July 2025.
    ("nytteindsats", EPOCH, D(2025, 6, 30), {"public_workplace_only": True}, [(None, 13, None, None)]),
    ("nytteindsats", D(2025, 7, 1), None, {"public_workplace_only": True}, []),
    (
        "seniorjob", EPOCH, None,
        {"needs_seniorjob_entitlement": True, "max_hours_per_week": Decimal("37")}, [],
    ),
    ("jobrotation", EPOCH, D(2025, 12, 31), {}, []),
    ("fritidsjob", EPOCH, None, {}, []),
]

FRIKORT_LIMITS = [
    (D(2019, 1, 1), D(2023, 6, 30), Decimal("20000")),
    (D(2023, 7, 1), D(2023, 12, 31), Decimal("40000")),
    (D(2024, 1, 1), D(2024, 12, 31), Decimal("41280")),
    # Open-ended until an administrator enters next year's amount.
    (D(2025, 1, 1), None, Decimal("42766")),
]

# code, name, sort order, [(scheme, open slots count)]
TARGET_CATEGORIES = [
    ("fleksjob", "Fleksjob", 10, [("fleksjob", False)]),
    (
        "virksomhedsrettede", "Virksomhedsrettede forløb", 20,
        [("loentilskud", False), ("virksomhedspraktik", False), ("smaajob", False)],
    ),
    ("loentilskud", "Løntilskud", 30, [("loentilskud", False)]),
    ("virksomhedspraktik", "Virksomhedspraktik", 40, [("virksomhedspraktik", False)]),
    ("smaajob", "Småjob under socialt frikort", 50, [("smaajob", False)]),
    # The council let open nytteindsats slots count; virksomhedspraktik's did not (as the council decided).
    ("nytteindsats", "Nytteindsats", 60, [("nytteindsats", True)]),
    ("seniorjob", "Seniorjob", 70, [("seniorjob", False)]),
    ("jobrotation", "Jobrotation", 80, [("jobrotation", False)]),
    ("fritidsjob", "Fritidsjob", 90, [("fritidsjob", False)]),
]


def load(apps, schema_editor):
    Benefit = apps.get_model("schemes", "Benefit")
    Readiness = apps.get_model("schemes", "ReadinessCategory")
    Scheme = apps.get_model("schemes", "Scheme")
    Rule = apps.get_model("schemes", "SchemeRule")
    Cap = apps.get_model("schemes", "DurationCap")
    Limit = apps.get_model("schemes", "FrikortLimit")
    Category = apps.get_model("schemes", "TargetCategory")
    Link = apps.get_model("schemes", "TargetCategoryScheme")

    benefits = {
        code: Benefit.objects.create(code=code, name=name, valid_from=EPOCH)
        for code, name in BENEFITS
    }
    for code, name in READINESS:
        Readiness.objects.create(code=code, name=name, valid_from=EPOCH)
    schemes = {
        code: Scheme.objects.create(
            code=code, name=name, sort_order=order, valid_from=start, valid_to=end
        )
        for code, name, order, start, end in SCHEMES
    }
    for code, start, end, flags, caps in RULES:
        rule = Rule.objects.create(scheme=schemes[code], valid_from=start, valid_to=end, **flags)
        for benefit, weeks, months, extendable in caps:
            Cap.objects.create(
                rule=rule, benefit=benefits.get(benefit), max_weeks=weeks, max_months=months,
                extendable_to_weeks=extendable,
            )
    for start, end, amount in FRIKORT_LIMITS:
        Limit.objects.create(valid_from=start, valid_to=end, amount=amount)
    for code, name, order, links in TARGET_CATEGORIES:
        category = Category.objects.create(code=code, name=name, sort_order=order)
        for scheme, open_slots_count in links:
            Link.objects.create(
                category=category, scheme=schemes[scheme], open_slots_count=open_slots_count
            )


class Migration(migrations.Migration):
    dependencies = [("schemes", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
