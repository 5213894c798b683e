"""The demo municipalities: their organisation, words, people and scheme mix.

Nothing here is reference data: a real municipality loads its own organisation with the
onboarding import. `seed_demo --municipality …` and the tests read these profiles.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from organisation.models import HISTORY_ORIGIN, Department, District, Municipality
from schemes.models import Scheme, TargetCategory, TargetCategoryScheme


@dataclass(frozen=True)
class Profile:
    settings: dict
    departments: list[tuple[str, str]]
    districts: list[tuple[str, str]]
    neighbours: list[tuple[str, str]]
    # Ordinary employees per department, in order of size.
    employees: dict[str, int]
    workplace_kinds: dict[str, list[str]]
    # username, role, departments, full name
    users: list[tuple[str, str, list[str], str]]
    # Scheme mix of new slots; `department_mix` adds department-specific shares.
    scheme_mix: dict[str, int]
    department_mix: dict[str, dict[str, int]]
    # Target categories the demo council sets targets for.
    target_categories: list[str]
    # Categories the demo council added: code, name, sort order, [(scheme, open slots count)]
    own_categories: list[tuple[str, str, int, list[tuple[str, bool]]]] = field(default_factory=list)
    # Schemes the demo council added to existing categories: (category code, scheme code).
    category_links: list[tuple[str, str]] = field(default_factory=list)
    # Schemes whose open slots the demo council lets count: (category code, scheme code).
    open_slots_count: list[tuple[str, str]] = field(default_factory=list)
    # Schemes for young people: their placements go to citizens aged 18–29.
    young_schemes: frozenset[str] = frozenset()


COPENHAGEN = Profile(
    settings={
        "name": "Københavns Kommune",
        "council_name": "Borgerrepræsentationen",
        "department_singular": "forvaltning",
        "department_plural": "forvaltninger",
        "district_singular": "bydel",
        "district_plural": "bydele",
        "primary_colour": "#004B87",
        "accent_colour": "#E8F0F7",
    },
    departments=[
        ("BIF", "Beskæftigelses- og Integrationsforvaltningen"),
        ("BUF", "Børne- og Ungdomsforvaltningen"),
        ("KFF", "Kultur- og Fritidsforvaltningen"),
        ("SOF", "Socialforvaltningen"),
        ("SUF", "Sundheds- og Omsorgsforvaltningen"),
        ("TMF", "Teknik- og Miljøforvaltningen"),
        ("ØKF", "Økonomiforvaltningen"),
    ],
    districts=[
        ("indre-by", "Indre By"),
        ("oesterbro", "Østerbro"),
        ("noerrebro", "Nørrebro"),
        ("vesterbro-kongens-enghave", "Vesterbro/Kongens Enghave"),
        ("valby", "Valby"),
        ("vanloese", "Vanløse"),
        ("broenshoej-husum", "Brønshøj-Husum"),
        ("bispebjerg", "Bispebjerg"),
        ("amager-oest", "Amager Øst"),
        ("amager-vest", "Amager Vest"),
    ],
    neighbours=[
        ("indre-by", "oesterbro"),
        ("indre-by", "noerrebro"),
        ("indre-by", "vesterbro-kongens-enghave"),
        ("indre-by", "amager-oest"),
        ("indre-by", "amager-vest"),
        ("oesterbro", "noerrebro"),
        ("oesterbro", "bispebjerg"),
        ("noerrebro", "bispebjerg"),
        ("noerrebro", "broenshoej-husum"),
        ("vesterbro-kongens-enghave", "valby"),
        ("vesterbro-kongens-enghave", "amager-vest"),
        ("valby", "vanloese"),
        ("vanloese", "broenshoej-husum"),
        ("broenshoej-husum", "bispebjerg"),
        ("amager-oest", "amager-vest"),
    ],
    employees={
        "BUF": 16_000,
        "SUF": 11_000,
        "SOF": 7_500,
        "BIF": 2_400,
        "TMF": 2_300,
        "KFF": 2_000,
        "ØKF": 1_600,
    },
    workplace_kinds={
        "BUF": ["Skole", "Børnehus", "Fritidscenter", "Ungdomsskole"],
        "SUF": ["Plejehjem", "Hjemmeplejen", "Sundhedshus", "Aktivitetscenter"],
        "SOF": ["Botilbud", "Værested", "Herberg", "Socialcenter", "Café"],
        "BIF": ["Jobcenter", "Ungecenter", "Virksomhedsservice"],
        "TMF": ["Driftsgård", "Genbrugsstation", "Parkafdeling"],
        "KFF": ["Bibliotek", "Kulturhus", "Svømmehal", "Idrætsanlæg"],
        "ØKF": ["Borgerservice", "Rådhuset", "Koncernservice"],
    },
    users=[
        ("hr", "HR", ["SOF"], "Hanne Holm"),
        ("hr-buf", "HR", ["BUF"], "Bo Brandt"),
        ("konsulent", "Jobkonsulent", ["BIF"], "Karim Kristensen"),
        ("sekretaer", "Udvalgssekretær", ["ØKF"], "Sofie Skov"),
        ("admin", "Administrator", ["ØKF"], "Anders Andersen"),
    ],
    scheme_mix={
        "fleksjob": 30,
        "virksomhedspraktik": 25,
        "loentilskud": 15,
        "nytteindsats": 5,
        "seniorjob": 5,
        "fritidsjob": 5,
        "jobrotation": 2,
    },
    # Småjob under socialt frikort is concentrated in the social department.
    department_mix={
        "SOF": {"smaajob": 40},
        "SUF": {"smaajob": 2},
        "BUF": {"smaajob": 1},
        "BIF": {"smaajob": 3},
        "KFF": {"smaajob": 3},
        "ØKF": {"smaajob": 3},
        "TMF": {"smaajob": 1},
    },
    target_categories=["fleksjob", "virksomhedsrettede", "nytteindsats", "seniorjob", "smaajob"],
    category_links=[("virksomhedsrettede", "smaajob")],
    open_slots_count=[("nytteindsats", "nytteindsats")],
)

SLAGELSE = Profile(
    settings={
        "name": "Slagelse Kommune",
        "council_name": "Byrådet",
        "department_singular": "center",
        "department_plural": "centre",
        "district_singular": "lokalområde",
        "district_plural": "lokalområder",
        "primary_colour": "#00594F",
        "accent_colour": "#E6F2EF",
    },
    departments=[
        ("CAI", "Center for Arbejdsmarked og Integration"),
        ("CSK", "Center for Skole"),
        ("CKF", "Center for Kultur og Fritid"),
        ("CÆS", "Center for Ældre og Sundhed"),
        ("CHP", "Center for Handicap og Psykiatri"),
    ],
    districts=[
        ("slagelse-by", "Slagelse By"),
        ("korsoer", "Korsør"),
        ("skaelskoer", "Skælskør"),
        ("dalmose-hashoej", "Dalmose-Hashøj"),
        ("vemmelev-hemmeshoej", "Vemmelev-Hemmeshøj"),
    ],
    neighbours=[
        ("slagelse-by", "vemmelev-hemmeshoej"),
        ("slagelse-by", "dalmose-hashoej"),
        ("slagelse-by", "skaelskoer"),
        ("korsoer", "vemmelev-hemmeshoej"),
        ("skaelskoer", "dalmose-hashoej"),
    ],
    employees={"CÆS": 2_100, "CSK": 1_900, "CHP": 900, "CKF": 400, "CAI": 350},
    workplace_kinds={
        "CAI": ["Jobcenter", "Ungeindsatsen", "Virksomhedsservice"],
        "CSK": ["Skole", "Ungdomsskole", "SFO"],
        "CKF": ["Bibliotek", "Kulturhus", "Idrætscenter"],
        "CÆS": ["Plejecenter", "Hjemmeplejen", "Aktivitetscenter"],
        "CHP": ["Bosted", "Værested", "Beskyttet beskæftigelse"],
    },
    users=[
        ("hr", "HR", ["CHP"], "Hanne Holm"),
        ("hr-buf", "HR", ["CSK"], "Bo Brandt"),
        ("konsulent", "Jobkonsulent", ["CAI"], "Karim Kristensen"),
        ("sekretaer", "Udvalgssekretær", ["CAI"], "Sofie Skov"),
        ("admin", "Administrator", ["CAI"], "Anders Andersen"),
    ],
    scheme_mix={
        "fleksjob": 30,
        "virksomhedspraktik": 25,
        "loentilskud": 15,
        "seniorjob": 5,
        "skaanejob": 5,
        "fritidsjob": 5,
    },
    # Småjob with ordinary hours for young people, run by the labour market centre.
    department_mix={"CAI": {"smaajob-ordinaer": 60}, "CÆS": {"smaajob-ordinaer": 10}},
    young_schemes=frozenset({"smaajob-ordinaer"}),
    target_categories=["fleksjob", "virksomhedsrettede", "seniorjob", "smaajob-ordinaer"],
    own_categories=[
        ("smaajob-ordinaer", "Småjob med ordinære timer", 55, [("smaajob-ordinaer", False)]),
        ("skaanejob", "Skånejob", 75, [("skaanejob", False)]),
    ],
)

PROFILES = {"copenhagen": COPENHAGEN, "slagelse": SLAGELSE}


@transaction.atomic
def load_organisation(profile: Profile, *, with_settings: bool = True) -> None:
    """Departments, districts with neighbours and (optionally) the municipality's words."""
    for code, name in profile.departments:
        Department.objects.update_or_create(code=code, defaults={"name": name})
    districts = {}
    for code, name in profile.districts:
        districts[code], _ = District.objects.update_or_create(code=code, defaults={"name": name})
    for a, b in profile.neighbours:
        districts[a].neighbours.add(districts[b])  # symmetrical: adds both directions
    if with_settings:
        Municipality(pk=1, **profile.settings).save()


@transaction.atomic
def load_policy(profile: Profile) -> None:
    """The demo council's target categories and open-slot decisions (the administrator's)."""
    schemes = {s.code: s for s in Scheme.objects.all()}
    for code, name, order, links in profile.own_categories:
        category, _ = TargetCategory.objects.get_or_create(
            code=code, defaults={"name": name, "sort_order": order}
        )
        for scheme, open_slots in links:
            TargetCategoryScheme.objects.get_or_create(
                category=category,
                scheme=schemes[scheme],
                defaults={"open_slots_count": open_slots, "valid_from": HISTORY_ORIGIN},
            )
    for category, scheme in profile.category_links:
        TargetCategoryScheme.objects.get_or_create(
            category=TargetCategory.objects.get(code=category),
            scheme=schemes[scheme],
            defaults={"valid_from": HISTORY_ORIGIN},
        )
    for category, scheme in profile.open_slots_count:
        TargetCategoryScheme.objects.filter(category__code=category, scheme__code=scheme).update(
            open_slots_count=True
        )
