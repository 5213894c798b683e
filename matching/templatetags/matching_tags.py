"""The unread-notices link shown at the top of every matching page."""

from django import template

from matching.models import Notice

register = template.Library()


@register.inclusion_tag("matching/includes/notice_link.html", takes_context=True)
def notice_link(context):
    request = context["request"]
    count = Notice.objects.filter(user=request.user).unread().count()
    return {"count": count}


@register.filter
def hours(value) -> str:
    """20.0 → '20', 17.5 → '17,5'."""
    if value is None:
        return "–"
    return f"{value.normalize():f}".replace(".", ",")


@register.filter
def user_name(user) -> str:
    """A user's full name, else the username; '–' for none (a deleted user)."""
    if user is None:
        return "–"
    return user.get_full_name() or user.get_username()
