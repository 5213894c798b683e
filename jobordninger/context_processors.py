"""Navigation by role for the base template."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

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
    (_("Status"), "reports:status", {SECRETARY, ADMINISTRATOR, HR}),
    (_("Rapporter"), "reports:archive", {SECRETARY, ADMINISTRATOR}),
    (_("Måltal"), "reports:target_list", {ADMINISTRATOR}),
    (_("Administration"), "admin:index", {ADMINISTRATOR}),
]


def navigation(request):
    roles = roles_of(request.user)
    items = []
    for label, name, allowed in NAVIGATION:
        if not roles & allowed:
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue  # the app that serves it is not installed yet
        items.append(
            {
                "label": label,
                "url": url,
                "active": request.path.startswith(url) and (url != "/" or request.path == "/"),
            }
        )
    return {"nav_items": items, "user_roles": roles}
