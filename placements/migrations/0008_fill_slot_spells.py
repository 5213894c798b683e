"""Every slot gets its open spells: one from its opening to its closing.

Until now a slot had one opening and one closing, and reopening a closed slot stored the
closed days as a pause whose reason begins "Nedlagt, genåbnet". Such a pause is turned
back into what it was: the spell ends on the pause's first day and a new spell begins the
day after its last day, so those days show as nedlagt, not i bero. The pause is deleted.
"""

import datetime as dt

from django.db import migrations

REOPEN_REASON = "Nedlagt, genåbnet"


def spells_of(opened_on, closed_on, gaps):
    """[(opened, closed)] for a slot's life with the closed gaps [(first, last)] cut out."""
    spells = [(opened_on, closed_on)]
    for first, last in sorted(gaps):
        after = None if last is None else last + dt.timedelta(days=1)
        cut = []
        for start, end in spells:
            if start < first and (end is None or first < end):
                cut.append((start, first))
                if after is not None and (end is None or after < end):
                    cut.append((after, end))
            else:
                cut.append((start, end))
        spells = cut
    return spells


def forwards(apps, schema_editor):
    Slot = apps.get_model("placements", "Slot")
    SlotPause = apps.get_model("placements", "SlotPause")
    SlotSpell = apps.get_model("placements", "SlotSpell")
    gaps: dict[int, list] = {}
    reopen_pauses = SlotPause.objects.filter(reason__startswith=REOPEN_REASON)
    for slot_id, starts_on, ends_on in reopen_pauses.values_list("slot_id", "starts_on", "ends_on"):
        gaps.setdefault(slot_id, []).append((starts_on, ends_on))
    batch = []
    for slot_id, opened_on, closed_on in Slot.objects.values_list("pk", "opened_on", "closed_on"):
        for start, end in spells_of(opened_on, closed_on, gaps.get(slot_id, [])):
            batch.append(SlotSpell(slot_id=slot_id, opened_on=start, closed_on=end))
        if len(batch) >= 5000:
            SlotSpell.objects.bulk_create(batch)
            batch = []
    SlotSpell.objects.bulk_create(batch)
    reopen_pauses.delete()


def backwards(apps, schema_editor):
    """The days between spells become "Nedlagt, genåbnet" pauses again."""
    SlotPause = apps.get_model("placements", "SlotPause")
    SlotSpell = apps.get_model("placements", "SlotSpell")
    previous = None
    for spell in SlotSpell.objects.order_by("slot_id", "opened_on"):
        if previous is not None and previous.slot_id == spell.slot_id:
            SlotPause.objects.create(
                slot_id=spell.slot_id,
                starts_on=previous.closed_on,
                ends_on=spell.opened_on - dt.timedelta(days=1),
                reason=f"{REOPEN_REASON} {spell.opened_on:%d-%m-%Y}",
            )
        previous = spell
    SlotSpell.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("placements", "0007_slot_spells")]

    operations = [migrations.RunPython(forwards, backwards)]
