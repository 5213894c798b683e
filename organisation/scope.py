"""Roles and scope: the one place that decides which departments a user may see.

Every user-facing queryset goes through a model's `for_user(user)`, and each of those asks
`department_ids_for`. Conditions stand on their own lines so coverage shows each case.
"""

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


def department_ids_for(user) -> set[int] | None:
    """Departments whose rows the user may see: None means all, an empty set means none."""
    roles = roles_of(user)
    if ADMINISTRATOR in roles:
        return None
    if CONSULTANT in roles:
        return None  # the jobcenter works across the whole municipality
    if HR in roles:
        cached = getattr(user, "_jobordninger_departments", None)
        if cached is None:
            cached = (
                set(user.scope.departments.values_list("pk", flat=True))
                if hasattr(user, "scope")
                else set()
            )
            user._jobordninger_departments = cached
        return cached
    return set()  # secretaries and users without a role see no rows, only aggregates
