"""Template filters for the matching pages."""

from django import template
from django.utils import timezone

from core import formatting

register = template.Library()


@register.filter
def hours(value) -> str:
    """20.0 → '20', 17.5 → '17,5'."""
    return formatting.number(value)


@register.filter
def user_name(user) -> str:
    """A user's full name, else the username; '–' for none (a deleted user)."""
    if user is None:
        return "–"
    return user.get_full_name() or user.get_username()


@register.filter
def upcoming(day) -> bool:
    """A day after today (a vacancy still to come on the board)."""
    return day > timezone.localdate()
