"""Copenhagen's seven departments, its ten districts (with neighbours), and the role groups."""

from django.db import migrations

DEPARTMENTS = [
    ("BIF", "Beskæftigelses- og Integrationsforvaltningen"),
    ("BUF", "Børne- og Ungdomsforvaltningen"),
    ("KFF", "Kultur- og Fritidsforvaltningen"),
    ("SOF", "Socialforvaltningen"),
    ("SUF", "Sundheds- og Omsorgsforvaltningen"),
    ("TMF", "Teknik- og Miljøforvaltningen"),
    ("ØKF", "Økonomiforvaltningen"),
]

DISTRICTS = [
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
]

NEIGHBOURS = [
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
]

ROLES = ["HR", "Jobkonsulent", "Udvalgssekretær", "Administrator"]


def load(apps, schema_editor):
    Department = apps.get_model("organisation", "Department")
    District = apps.get_model("organisation", "District")
    Group = apps.get_model("auth", "Group")
    for code, name in DEPARTMENTS:
        Department.objects.update_or_create(code=code, defaults={"name": name})
    by_code = {}
    for code, name in DISTRICTS:
        by_code[code], _ = District.objects.update_or_create(code=code, defaults={"name": name})
    for a, b in NEIGHBOURS:
        by_code[a].neighbours.add(by_code[b])  # symmetrical: adds both directions
    for role in ROLES:
        Group.objects.get_or_create(name=role)


class Migration(migrations.Migration):
    dependencies = [
        ("organisation", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
