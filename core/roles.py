"""The four roles and who has them. Roles are auth groups of these names; a superuser is
an administrator. Which departments a role may see is organisation.scope's business."""

from django.contrib.auth.models import AnonymousUser

HR = "HR"
CONSULTANT = "Jobkonsulent"
SECRETARY = "Udvalgssekretær"
ADMINISTRATOR = "Administrator"
ROLES = (HR, CONSULTANT, SECRETARY, ADMINISTRATOR)


def roles_of(user) -> set[str]:
    """The role groups a user belongs to (cached on the user object for the request)."""
    if isinstance(user, AnonymousUser) or not user.is_authenticated:
        return set()
    cached = getattr(user, "_jobordninger_roles", None)
    if cached is None:
        cached = set(user.groups.filter(name__in=ROLES).values_list("name", flat=True))
        if user.is_superuser:
            cached.add(ADMINISTRATOR)
        user._jobordninger_roles = cached
    return cached


def has_role(user, *roles: str) -> bool:
    return bool(roles_of(user) & set(roles))
