"""Navigation by role for the base template."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from organisation.scope import ADMINISTRATOR, CONSULTANT, HR, SECRETARY, roles_of

# (label, url name, roles that see it); the order they stand in the header.
NAVIGATION = [
    (_("Forside"), "home", {HR, CONSULTANT, SECRETARY, ADMINISTRATOR}),
    (_("Pladser"), "placements:slot_list", {HR, ADMINISTRATOR}),
    (_("Forløb"), "placements:placement_list", {HR, ADMINISTRATOR}),
    (_("Borgere"), "placements:citizen_search", {HR, ADMINISTRATOR}),
    (_("Import"), "placements:import", {HR, ADMINISTRATOR}),
    (_("Ledige pladser"), "matching:board", {CONSULTANT, ADMINISTRATOR}),
    (_("Kandidater"), "matching:candidate_list", {CONSULTANT, ADMINISTRATOR}),
    (_("Henvisninger"), "matching:referral_list", {HR, CONSULTANT, ADMINISTRATOR}),
    (_("Beskeder"), "matching:notice_list", {HR, CONSULTANT, ADMINISTRATOR}),
    (_("Mine abonnementer"), "matching:subscriptions", {CONSULTANT}),
    (_("Status"), "reports:status", {SECRETARY, ADMINISTRATOR, HR}),
    (_("Rapporter"), "reports:archive", {SECRETARY, ADMINISTRATOR}),
    (_("Måltal"), "schemes:target_list", {ADMINISTRATOR}),
    (_("Organisation"), "organisation:onboarding", {ADMINISTRATOR}),
    (_("Administration"), "admin:index", {ADMINISTRATOR}),
    (_("Hjælp"), "help", {HR, CONSULTANT, SECRETARY, ADMINISTRATOR}),
]
SEARCH_ROLES = {HR, CONSULTANT, ADMINISTRATOR}


def navigation(request):
    roles = roles_of(request.user)
    # Context processors run for every template rendered with the request (django-tables2
    # renders its own), so the count is kept on the request.
    if not hasattr(request, "_unread_notices"):
        request._unread_notices = _unread_notices(request.user, roles)
    unread = request._unread_notices
    items = []
    for label, name, allowed in NAVIGATION:
        if not roles & allowed:
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue  # the app that serves it is not installed
        if name == "matching:notice_list" and unread:
            label = ngettext(
                "Beskeder (%(count)s ulæst)", "Beskeder (%(count)s ulæste)", unread
            ) % {"count": unread}
        active = request.path.startswith(url) and (url != "/" or request.path == "/")
        items.append({"label": label, "url": url, "active": active})
    return {"nav_items": items, "user_roles": roles, "show_search": bool(roles & SEARCH_ROLES)}


def _unread_notices(user, roles) -> int:
    """One COUNT for those who receive notices; none for everyone else."""
    if not roles & {HR, CONSULTANT, ADMINISTRATOR}:
        return 0
    from matching.models import Notice  # the glue layer may reach the top apps

    return Notice.objects.filter(user=user).unread().count()


def municipality(request):
    """The municipality's name, council and words (forvaltning/center, bydel/…) for templates."""
    from organisation.models import Municipality

    return {"municipality": Municipality.current()}
