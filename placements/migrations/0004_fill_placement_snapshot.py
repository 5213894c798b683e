"""Fill each existing placement's snapshot from its citizen.

Placements made before the snapshot existed get the citizen's visitation category (and,
where the placement had none, the citizen's benefit) as they are when this runs: the best
record there is of the målgruppe at the start. HR corrects a placement where the citizen
has been re-assessed since; the history keeps both.
"""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def fill(apps, schema_editor):
    Placement = apps.get_model("placements", "Placement")
    Citizen = apps.get_model("placements", "Citizen")
    citizen = Citizen.objects.filter(pk=OuterRef("citizen_id"))
    Placement.objects.filter(readiness__isnull=True).update(
        readiness=Subquery(citizen.values("readiness")[:1])
    )
    Placement.objects.filter(benefit__isnull=True).update(
        benefit=Subquery(citizen.values("benefit")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [("placements", "0003_placement_snapshot_and_terms")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
