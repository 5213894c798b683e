"""Danish number formatting for the status tables (decimal comma, thousands separator)."""

from django import template

from reports.presentation import format_cell, rounded

register = template.Library()


@register.filter
def cell(value) -> str:
    """A rounded table cell for people: '1.234,5'; '–' for no value."""
    return format_cell(rounded(value))
