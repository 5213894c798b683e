"""What every service does the same way: save or delete with the acting user on the history
row (django-simple-history reads `_history_user`, also when there is no request), and turn
rule failures into one ValidationError keyed by field."""

from __future__ import annotations

from django.core.exceptions import ValidationError


def save_as(obj, acting_user) -> None:
    """Save with the acting user on the history row."""
    obj._history_user = acting_user
    obj.save()


def delete_as(obj, acting_user) -> None:
    """Delete with the acting user on the history row (the history survives the row)."""
    obj._history_user = acting_user
    obj.delete()


def raise_errors(errors: dict[str, list[str]]) -> None:
    """Rule failures ({field: [Danish message]}) as a ValidationError; nothing when none."""
    if errors:
        raise ValidationError(errors)
