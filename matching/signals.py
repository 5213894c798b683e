"""When a slot opens or becomes vacant again, the consultants who follow it are told.

The registry (placements) knows nothing of matching; these receivers listen to its saves.
The work runs after the commit, so a rolled-back registration tells no one, and only
slots that really are vacant in the next weeks produce a notice (services.NOTICE_WINDOW_DAYS).
"""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from placements.models import Placement, Slot, SlotPause

from . import services, tasks


def notify_vacancy(slot_id: int) -> None:
    """In-app notices now; the e-mails through Celery."""
    notice_ids = services.notices_for_vacancy(slot_id=slot_id)
    if notice_ids:
        tasks.send_notice_emails.delay(notice_ids)


def _after_commit(slot_id: int) -> None:
    def notify_vacancy_after_commit():  # a named function: Django logs its __qualname__
        notify_vacancy(slot_id)

    # robust: a broker that is down must not turn the HR's saved registration into an error.
    transaction.on_commit(notify_vacancy_after_commit, robust=True)


@receiver(post_save, sender=Slot, dispatch_uid="matching_slot_saved")
def slot_saved(sender, instance: Slot, raw=False, **kwargs):
    """A new slot, or one reopened (its closing removed)."""
    if not raw:
        _after_commit(instance.pk)


@receiver(post_save, sender=SlotPause, dispatch_uid="matching_pause_saved")
def pause_saved(sender, instance: SlotPause, created=False, raw=False, **kwargs):
    """A pause shortened (the slot is reopened); a new pause opens nothing."""
    if not raw and not created:
        _after_commit(instance.slot_id)


@receiver(post_delete, sender=SlotPause, dispatch_uid="matching_pause_deleted")
def pause_deleted(sender, instance: SlotPause, **kwargs):
    _after_commit(instance.slot_id)


@receiver(post_save, sender=Placement, dispatch_uid="matching_placement_saved")
def placement_saved(sender, instance: Placement, created=False, raw=False, **kwargs):
    """A placement ended (early, or its end moved): the slot may be vacant again."""
    if not raw and not created:
        _after_commit(instance.slot_id)


@receiver(post_delete, sender=Placement, dispatch_uid="matching_placement_deleted")
def placement_deleted(sender, instance: Placement, **kwargs):
    _after_commit(instance.slot_id)
