"""A fresh install keeps no municipality's organisation; one already in use stays.

Migration 0002 loaded one municipality's departments and districts into every install.
The portal serves any municipality, so its organisation now comes from the onboarding
import (or the demo data). This migration removes those rows only when none of them is in
use: when no workplace, headcount, user scope, target, citizen, report, subscription or
history row refers to any of them. An installation that has started using them keeps all
of them unchanged; nothing in use is ever deleted. The role groups stay.
"""

from django.db import migrations

# The codes migration 0002 loaded.
DEPARTMENT_CODES = ["BIF", "BUF", "KFF", "SOF", "SUF", "TMF", "ØKF"]
DISTRICT_CODES = [
    "indre-by",
    "oesterbro",
    "noerrebro",
    "vesterbro-kongens-enghave",
    "valby",
    "vanloese",
    "broenshoej-husum",
    "bispebjerg",
    "amager-oest",
    "amager-vest",
]


def _in_use(model, ids) -> bool:
    """Whether any row of any other model (or another relation) refers to one of `ids`."""
    for relation in model._meta.related_objects:
        if relation.related_model is model:
            continue  # districts' neighbours: part of the organisation itself
        lookup = f"{relation.field.name}__in"
        if relation.related_model._base_manager.filter(**{lookup: ids}).exists():
            return True
    return False


def remove_if_unused(apps, schema_editor):
    Department = apps.get_model("organisation", "Department")
    District = apps.get_model("organisation", "District")
    departments = list(
        Department.objects.filter(code__in=DEPARTMENT_CODES).values_list("pk", flat=True)
    )
    districts = list(District.objects.filter(code__in=DISTRICT_CODES).values_list("pk", flat=True))
    if _in_use(Department, departments) or _in_use(District, districts):
        return
    District.neighbours.through.objects.filter(from_district_id__in=districts).delete()
    District.neighbours.through.objects.filter(to_district_id__in=districts).delete()
    District.objects.filter(pk__in=districts).delete()
    Department.objects.filter(pk__in=departments).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("organisation", "0004_municipality"),
        # Every app whose rows may refer to a department or a district, so that the
        # check above sees their relations.
        ("schemes", "0004_law_by_target_group"),
        ("placements", "0004_fill_placement_snapshot"),
        ("matching", "0002_referral_terms"),
        ("reports", "0001_initial"),
    ]

    operations = [migrations.RunPython(remove_if_unused, migrations.RunPython.noop)]
