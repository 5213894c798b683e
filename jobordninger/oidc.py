"""Single sign-on by OpenID Connect (mozilla-django-oidc) with roles from the provider's groups.

OIDC_GROUP_ROLES maps the identity provider's groups to the portal's roles and, for HR,
departments: "sg-hr-sof=HR:SOF;sg-hr-buf=HR:BUF;sg-jobcenter=Jobkonsulent". At every sign-in
the user's roles and departments are set from the groups in the token, so a change in the
provider takes effect at the next sign-in. Local accounts (no OIDC) keep working.
"""

from __future__ import annotations

import logging

import requests
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from organisation.models import Department, UserScope
from organisation.scope import ROLES

log = logging.getLogger(__name__)


def enabled() -> bool:
    return bool(settings.OIDC_RP_CLIENT_ID)


def parse_group_roles(text: str) -> dict[str, tuple[str, tuple[str, ...]]]:
    """{"sg-hr-sof": ("HR", ("SOF",))} from "sg-hr-sof=HR:SOF"; unknown roles are an error."""
    mapping = {}
    for entry in filter(None, (part.strip() for part in text.split(";"))):
        group, _, target = entry.partition("=")
        role, _, departments = target.partition(":")
        if role not in ROLES:
            raise ValueError(f"OIDC_GROUP_ROLES: unknown role {role!r} for group {group!r}")
        mapping[group.strip()] = (role, tuple(filter(None, departments.split("+"))))
    return mapping


def roles_from_groups(groups) -> tuple[set[str], set[str]]:
    """The roles and department codes that a user's provider groups give."""
    mapping = parse_group_roles(settings.OIDC_GROUP_ROLES)
    roles: set[str] = set()
    departments: set[str] = set()
    for group in groups or ():
        if group in mapping:
            role, codes = mapping[group]
            roles.add(role)
            departments.update(codes)
    return roles, departments


def username_from_email(email: str, claims=None) -> str:
    return email.lower()


class RoleMappingOIDCBackend(OIDCAuthenticationBackend):
    def authenticate(self, request, **kwargs):
        if not enabled() or request is None or "password" in kwargs:
            return None
        try:
            return super().authenticate(request, **kwargs)
        except requests.RequestException:
            log.warning("Single sign-on: the identity provider did not answer", exc_info=True)
            return None

    def filter_users_by_claims(self, claims):
        email = claims.get("email", "")
        return self.UserModel.objects.filter(username__iexact=email) if email else []

    def create_user(self, claims):
        user = super().create_user(claims)  # without a usable password: signs in by SSO only
        return self.update_user(user, claims)

    @transaction.atomic
    def update_user(self, user, claims):
        roles, codes = roles_from_groups(claims.get(settings.OIDC_GROUPS_CLAIM))
        user.first_name = claims.get("given_name", user.first_name)[:150]
        user.last_name = claims.get("family_name", user.last_name)[:150]
        user.email = claims.get("email", user.email)
        user.is_active = bool(roles)
        user.save()
        user.groups.remove(*Group.objects.filter(name__in=ROLES).exclude(name__in=roles))
        user.groups.add(*Group.objects.filter(name__in=roles))
        scope, _ = UserScope.objects.get_or_create(user=user)
        scope.departments.set(Department.objects.filter(code__in=codes))
        log.info("Single sign-on: %s signed in with roles %s", user.username, sorted(roles))
        return user
