from django.apps import AppConfig
from django.db.models.signals import post_migrate


class OrganisationConfig(AppConfig):
    name = "organisation"
    verbose_name = "Organisation"

    def ready(self):
        post_migrate.connect(grant_administrator_permissions, dispatch_uid="administrator-perms")


# The Administrator role keeps departments, workplaces, schemes, targets, users and their
# scope in the Django admin (docs/design.md, roles); these are the apps it administers.
ADMINISTERED_APPS = ("organisation", "schemes", "placements", "matching", "reports", "auth")


def grant_administrator_permissions(sender=None, using="default", **kwargs):
    """Give the Administrator group every permission of the administered apps.

    Runs after each migrate, when Django has created the permissions of new models.
    """
    from django.contrib.auth.models import Group, Permission

    group = Group.objects.using(using).filter(name="Administrator").first()
    if group is None:  # before organisation's reference data migration
        return
    permissions = Permission.objects.using(using).filter(
        content_type__app_label__in=ADMINISTERED_APPS
    )
    group.permissions.add(*permissions)
