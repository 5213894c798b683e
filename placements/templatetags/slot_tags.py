"""The slot state's badge, for the hand-written rows of the slot list (tables.py)."""

from django import template

from placements.tables import state_badge

register = template.Library()
register.filter("state_badge", state_badge)
