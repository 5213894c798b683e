"""Roles and scope: the one place that decides which departments a user may see.

Every user-facing queryset goes through a model's `for_user(user)`, and each of those asks
`department_ids_for`. Conditions stand on their own lines so coverage shows each case.
"""

from core.roles import (
    ADMINISTRATOR,
    CONSULTANT,
    HR,
    ROLES,
    SECRETARY,
    has_role,
    roles_of,
)

# The role names are defined in core (the view mixins need them); apps import them from here,
# next to the scope they decide.
__all__ = [
    "ADMINISTRATOR",
    "CONSULTANT",
    "HR",
    "ROLES",
    "SECRETARY",
    "department_ids_for",
    "has_role",
    "roles_of",
]


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
