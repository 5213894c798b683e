"""The one access path to the registry's rows, and to every citizen shown anywhere.

A view reaches a row through these calls only: each one goes through the model's
`for_user` (which asks `organisation.scope.department_ids_for`) and answers 404 for anything
outside it. Roles are checked by the decorators and mixins below before the view runs.

Every page, list, export or admin page that shows a citizen writes one read-log row
(`CitizenAccess`) per citizen with its purpose, through `log_citizen_access`: `get_personal`
for one object, `PersonalTableView` for a list, `ReadLoggedAdmin` for the admin.
tests/test_access_walk.py walks every URL and fails on a citizen page without a row.

A citizen is reachable when placed in the user's departments (HR), in the register
(consultants, administrators), or when the user has just found them by exact CPR in this
session (nobody browses the register to find a person).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.contrib.admin.utils import unquote
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django_tables2.export import ExportMixin

from core.views import FilteredTableView, RoleRequiredMixin, role_required
from organisation.models import Workplace
from organisation.scope import ADMINISTRATOR, HR
from placements.models import Citizen, Placement, Slot
from placements.services import citizen_access_log

HR_ROLES = (HR, ADMINISTRATOR)
hr_required = role_required(*HR_ROLES)

GRANTS_SESSION_KEY = "placements_citizens_found"
GRANTS_KEPT = 20


class HRRequiredMixin(RoleRequiredMixin):
    required_roles = HR_ROLES


# --- The read log -------------------------------------------------------------------------


def log_citizen_access(request, citizen_ids: Iterable[int], *, purpose: str) -> None:
    """One CitizenAccess row per citizen shown: who, when, which page, and why."""
    ids = list(dict.fromkeys(pk for pk in citizen_ids if pk is not None))
    if ids:
        citizen_access_log(
            user=request.user, citizen_ids=ids, purpose=str(purpose), path=request.path
        )


def get_personal(
    request,
    queryset: QuerySet,
    *,
    purpose: str,
    citizen_of: Callable[[object], int | None] = lambda obj: obj.citizen_id,
    **lookup,
):
    """The one call for a single object that shows a citizen: the (already scoped) queryset,
    404 outside it, and the read-log row with its purpose."""
    obj = get_object_or_404(queryset, **lookup)
    log_citizen_access(request, [citizen_of(obj)], purpose=purpose)
    return obj


class PersonalTableView(FilteredTableView):
    """A list of people: the rows on the page are access-logged, and so is every row of an
    export. Without `export_purpose` the list has no CSV/XLSX export."""

    access_purpose = ""
    export_purpose = ""

    def get_export_formats(self):
        return self.export_formats if self.export_purpose else ()

    def render_to_response(self, context, **kwargs):
        if not self.export_purpose:
            return super(ExportMixin, self).render_to_response(context, **kwargs)
        return super().render_to_response(context, **kwargs)

    def citizen_ids_on_page(self, table) -> list[int]:
        return [row.record.citizen_id for row in table.paginated_rows]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        log_citizen_access(
            self.request, self.citizen_ids_on_page(context["table"]), purpose=self.access_purpose
        )
        return context

    def create_export(self, export_format):
        log_citizen_access(
            self.request,
            self.object_list.values_list("citizen_id", flat=True).distinct(),
            purpose=self.export_purpose,
        )
        return super().create_export(export_format)


class ReadLoggedAdmin:
    """For a ModelAdmin whose pages show citizens: they are logged like any other page (the
    change page its object's citizen, the list the citizens on the page, the history pages
    their object's). Put it before the ModelAdmin class in the bases."""

    citizen_path = "citizen_id"  # attribute path from a row to its citizen's id

    def citizen_id_of(self, obj) -> int | None:
        value = obj
        for name in self.citizen_path.split("."):
            value = getattr(value, name, None)
        return value

    def _log(self, request, objects, purpose: str) -> None:
        log_citizen_access(request, (self.citizen_id_of(o) for o in objects), purpose=purpose)

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = (getattr(response, "context_data", None) or {}).get("cl")
        if changelist is not None:
            self._log(request, changelist.result_list, _("Administration: liste"))
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        original = (getattr(response, "context_data", None) or {}).get("original")
        if original is not None:
            self._log(request, [original], _("Administration: visning"))
        return response

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and getattr(response, "status_code", 200) == 200:
            self._log(request, [obj], _("Administration: historik"))
        return response

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """simple_history's page of one historical version."""
        response = super().history_form_view(request, object_id, version_id, extra_context)
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and getattr(response, "status_code", 200) == 200:
            self._log(request, [obj], _("Administration: historik"))
        return response

    def delete_view(self, request, object_id, extra_context=None):
        response = super().delete_view(request, object_id, extra_context)
        context = getattr(response, "context_data", None) or {}
        if context.get("object") is not None:
            self._log(request, [context["object"]], _("Administration: sletning"))
        return response


# --- Registry rows ------------------------------------------------------------------------


def slots_for(request):
    return Slot.objects.for_user(request.user)


def get_slot(request, pk: int) -> Slot:
    """A slot in the user's scope (every slot for the jobcenter), else 404."""
    return get_object_or_404(
        slots_for(request).select_related("workplace__department", "workplace__district", "scheme"),
        pk=pk,
    )


def get_placement(request, pk: int, *, purpose: str) -> Placement:
    return get_personal(
        request,
        Placement.objects.for_user(request.user).select_related(
            "slot__workplace", "slot__scheme", "citizen", "benefit", "readiness"
        ),
        purpose=purpose,
        pk=pk,
    )


def get_workplace(request, pk: int) -> Workplace:
    return get_object_or_404(Workplace.objects.for_user(request.user), pk=pk)


# --- Citizens -----------------------------------------------------------------------------


def grant_citizen(request, citizen: Citizen) -> None:
    """Remember that this session found the citizen by CPR (the newest few are kept)."""
    found = [pk for pk in request.session.get(GRANTS_SESSION_KEY, []) if pk != citizen.pk]
    request.session[GRANTS_SESSION_KEY] = [citizen.pk, *found][:GRANTS_KEPT]


def citizens_for(request, among: QuerySet | None = None) -> QuerySet:
    """The citizens in the user's scope (or `among`, a narrower set such as the candidates),
    plus those found by CPR in this session."""
    found = request.session.get(GRANTS_SESSION_KEY, [])
    in_scope = (Citizen.objects.for_user(request.user) if among is None else among).values("pk")
    return Citizen.objects.filter(Q(pk__in=in_scope) | Q(pk__in=found))


def get_citizen(request, pk: int, *, purpose: str, among: QuerySet | None = None) -> Citizen:
    return get_personal(
        request,
        citizens_for(request, among).select_related("district", "readiness", "benefit"),
        purpose=purpose,
        citizen_of=lambda citizen: citizen.pk,
        pk=pk,
    )
