"""Who may see which status: the one place views ask.

Secretaries and administrators see the whole municipality; HR sees their own departments;
nobody else sees status (`status_reader_required`: 403 before the view runs). Reports and
exports hold aggregates only, never a person.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from core.views import role_required
from organisation.models import Department
from organisation.scope import ADMINISTRATOR, HR, SECRETARY, department_ids_for, roles_of
from reports.models import StatusReport

STATUS_READERS = (SECRETARY, ADMINISTRATOR, HR)
status_reader_required = role_required(*STATUS_READERS)


def sees_whole_municipality(user) -> bool:
    roles = roles_of(user)
    return SECRETARY in roles or ADMINISTRATOR in roles


def status_departments(user):
    """The departments the user may choose on the status page."""
    if sees_whole_municipality(user):
        return Department.objects.all()
    if HR in roles_of(user):
        return Department.objects.filter(pk__in=department_ids_for(user) or [])
    return Department.objects.none()


def access_status(user, department: Department | None) -> list[int] | None:
    """Department ids of the asked status (None: the municipality), or PermissionDenied."""
    if sees_whole_municipality(user):
        return None if department is None else [department.pk]
    if HR not in roles_of(user):
        raise PermissionDenied
    if department is None:
        raise PermissionDenied  # HR sees their own department, not the municipality
    if department.pk not in (department_ids_for(user) or set()):
        raise PermissionDenied
    return [department.pk]


def access_report(user, pk: int) -> StatusReport:
    """A stored report the user may open, or 404 / PermissionDenied."""
    report = get_object_or_404(StatusReport.objects.select_related("department"), pk=pk)
    if sees_whole_municipality(user):
        return report
    if HR not in roles_of(user):
        raise PermissionDenied
    if report.department_id is None:
        raise PermissionDenied
    if report.department_id not in (department_ids_for(user) or set()):
        raise PermissionDenied
    return report


def reports_for(user):
    """The archive: every report for secretaries and administrators, own departments for HR."""
    if sees_whole_municipality(user):
        return StatusReport.objects.all()
    if HR in roles_of(user):
        return StatusReport.objects.filter(department_id__in=department_ids_for(user) or [])
    raise PermissionDenied
