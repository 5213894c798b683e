"""CPR numbers on screen: always through `cpr_masked` (ddmmyy-xxxx), never in full."""

from django import template

from core import cpr

register = template.Library()


@register.filter(name="cpr_masked")
def cpr_masked(value: str | None) -> str:
    return cpr.mask(value)
