"""Schemes other municipalities use, and no one municipality's target policy by default.

- "Småjob med ordinære timer": ordinary paid hours with a wage at the level of the
  citizen's benefit, no socialt frikort; 10–30 hours a week for up to 6 months. It is
  municipal practice (decided locally, e.g. in a budget agreement), not a scheme of the
  law, so its hours and duration are a rule version an administrator can close and replace
  with the municipality's own.
- "Skånejob": a job with wage subsidy for a person who receives førtidspension (LAB,
  løntilskud til personer, der modtager førtidspension); no duration cap; private and
  public employers alike.

Neither is linked to a target category here: which schemes a council's targets count is
that council's decision, entered by the administrator.

Migration 0002 also loaded two of one council's decisions: open nytteindsats slots count
towards the target, and småjob under socialt frikort counts among the virksomhedsrettede
forløb (beside løntilskud and virksomhedspraktik). On an installation without any target
yet, both are undone, so a fresh install starts from the schemes' own categories and
counts open slots nowhere until its administrator decides otherwise; an installation that
has targets keeps its policy unchanged.
"""

import datetime as dt
from decimal import Decimal

from django.db import migrations

EPOCH = dt.date(2010, 1, 1)
# legal_source holds at most 200 characters.
ORDINARY_HOURS_SOURCE = "Kommunal praksis (ordinær ansættelse, løn på ydelsesniveau), ikke lov"
SKAANEJOB_SOURCE = "LAB: løntilskud til personer, der modtager førtidspension (skånejob)"


def load(apps, schema_editor):
    Scheme = apps.get_model("schemes", "Scheme")
    Rule = apps.get_model("schemes", "SchemeRule")
    GroupRule = apps.get_model("schemes", "TargetGroupRule")
    Link = apps.get_model("schemes", "TargetCategoryScheme")
    Target = apps.get_model("schemes", "Target")

    ordinary, _ = Scheme.objects.get_or_create(
        code="smaajob-ordinaer",
        defaults={"name": "Småjob med ordinære timer", "sort_order": 15, "valid_from": EPOCH},
    )
    if not ordinary.rules.exists():
        Rule.objects.create(
            scheme=ordinary,
            valid_from=EPOCH,
            min_hours_per_week=Decimal("10"),
            max_hours_per_week=Decimal("30"),
            legal_source=ORDINARY_HOURS_SOURCE,
        )
        # Every målgruppe: at most 6 months.
        GroupRule.objects.create(
            scheme=ordinary,
            target_group=None,
            valid_from=EPOCH,
            max_months=6,
            legal_source=ORDINARY_HOURS_SOURCE,
        )
    skaanejob, _ = Scheme.objects.get_or_create(
        code="skaanejob",
        defaults={"name": "Skånejob", "sort_order": 65, "valid_from": EPOCH},
    )
    if not skaanejob.rules.exists():
        Rule.objects.create(scheme=skaanejob, valid_from=EPOCH, legal_source=SKAANEJOB_SOURCE)

    if not Target.objects.exists():
        Link.objects.filter(category__code="nytteindsats", scheme__code="nytteindsats").update(
            open_slots_count=False
        )
        Link.objects.filter(category__code="virksomhedsrettede", scheme__code="smaajob").delete()


class Migration(migrations.Migration):
    dependencies = [("schemes", "0004_law_by_target_group")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
