"""Onboarding workbooks for a Slagelse-like municipality: 5 centres, 40 workplaces, 3 users."""

from organisation.spreadsheets import template_xlsx

CENTRES = [
    ("CAI", "Center for Arbejdsmarked og Integration"),
    ("CSK", "Center for Skole"),
    ("CKF", "Center for Kultur og Fritid"),
    ("CÆS", "Center for Ældre og Sundhed"),
    ("CHP", "Center for Handicap og Psykiatri"),
]
AREAS = [
    ("slagelse-by", "Slagelse By", "korsoer, skaelskoer"),
    ("korsoer", "Korsør", ""),
    ("skaelskoer", "Skælskør", ""),
]


def workplaces(bad_row: int | None = None) -> list[list]:
    """40 workplaces; `bad_row` (a spreadsheet row number, 2–41) gets an unknown centre."""
    rows = []
    for index in range(40):
        code = CENTRES[index % 5][0]
        area = AREAS[index % 3][0]
        public = "nej" if index % 10 == 9 else "ja"
        if bad_row == index + 2:
            code = "CXX"
        rows.append(
            [f"{3000000000 + index}", f"Arbejdssted {index + 1}", code, area, public, 12 + index]
        )
    return rows


def workbook(bad_row: int | None = None) -> bytes:
    return template_xlsx(
        [
            ("Centre", ["Kode", "Navn"], [list(c) for c in CENTRES]),
            ("Lokalområder", ["Kode", "Navn", "Naboer"], [list(a) for a in AREAS]),
            (
                "Arbejdssteder",
                ["P-nummer", "Navn", "Center", "Lokalområde", "Offentlig", "Ordinært ansatte"],
                workplaces(bad_row),
            ),
            (
                "Antal ansatte",
                ["Center", "År", "Antal ansatte"],
                [
                    [code, year, 400 + 100 * i]
                    for i, (code, _n) in enumerate(CENTRES)
                    for year in (2025, 2026)
                ],
            ),
            (
                "Brugere",
                ["Brugernavn", "Fornavn", "Efternavn", "E-mail", "Rolle", "Centre"],
                [
                    ["hr.chp", "Helle", "Hald", "helle@slagelse.invalid", "HR", "CHP"],
                    ["konsulent.cai", "Kim", "Krog", "kim@slagelse.invalid", "Jobkonsulent", ""],
                    ["admin.slagelse", "Aja", "Ager", "aja@slagelse.invalid", "Administrator", ""],
                ],
            ),
        ]
    )
