"""CPR numbers on screen: always through `cpr_masked` (ddmmyy-xxxx), never in full."""

from django import template

register = template.Library()


def mask_cpr(cpr: str | None) -> str:
    """'0101701234' → '010170-xxxx': the birth date stays, the serial never shows."""
    if not cpr or len(cpr) < 6:
        return "–"
    return f"{cpr[:6]}-xxxx"


@register.filter(name="cpr_masked")
def cpr_masked(cpr: str | None) -> str:
    return mask_cpr(cpr)
