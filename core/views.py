"""Shared view building blocks: role checks, list views from table + filter + export, and
the bridge from a service's rule failures to a form."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import EmptyPage
from django_filters.views import FilterView
from django_tables2 import RequestConfig, SingleTableMixin
from django_tables2.export import ExportMixin

from core import exports
from core.replica import replica_reads
from core.roles import has_role

T = TypeVar("T")


def role_required(*roles: str):
    """Function views: anonymous users go to the login page, users without a role get 403."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_role(request.user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.required_roles = roles
        return wrapper

    return decorator


class RoleRequiredMixin(LoginRequiredMixin):
    """Class-based views: set `required_roles`; 403 for a logged-in user without one."""

    required_roles: tuple[str, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not has_role(request.user, *self.required_roles):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def replica_reads_view(view):
    """A read-only function view whose queries may go to the read replica (core.replica)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        with replica_reads():
            return view(request, *args, **kwargs)

    return wrapper


class ReplicaReadsMixin:
    """A read-only page whose queries may go to the read replica (core.replica). The page
    is rendered inside, as its queries run while the template is rendered."""

    def dispatch(self, request, *args, **kwargs):
        with replica_reads():
            response = super().dispatch(request, *args, **kwargs)
            if callable(getattr(response, "render", None)) and not response.is_rendered:
                response.render()
        return response


class FilteredTableView(ExportMixin, SingleTableMixin, FilterView):
    """A list page: django-filter form, django-tables2 table, CSV/XLSX export of the
    filtered rows, and pagination with the number of rows and pages (one COUNT).

    Subclasses set `table_class`, `filterset_class`, `template_name`, `export_name`
    and implement `get_queryset` through the model's `for_user`.
    """

    paginate_per_page = 25
    max_per_page = 100
    export_formats = ("csv", "xlsx")
    # The filter form is optional: an empty or invalid filter shows every row in scope.
    strict = False

    def get_table(self, **kwargs):
        table = self.get_table_class()(data=self.get_table_data(), **kwargs)
        RequestConfig(self.request, paginate=False).configure(table)  # sorting
        return self.paginate_table(table)

    def paginate_table(self, table):
        per_page = min(
            _positive_int(self.request.GET.get("per_page"), self.paginate_per_page),
            self.max_per_page,
        )
        page = _positive_int(self.request.GET.get("page"), 1)
        try:
            table.paginate(page=page, per_page=per_page)
        except EmptyPage:  # past the last page: show the first
            table.paginate(page=1, per_page=per_page)
        return table

    def create_export(self, export_format):
        header, rows = self.export_rows()
        content = exports.render(export_format, header, rows, title=self.export_name)
        return exports.response(content, export_format, self.export_name)

    def export_rows(self) -> tuple[list, list[list]]:
        """Every filtered row in the table's columns; a view may export other columns."""
        table = self.get_table(**self.get_table_kwargs())
        return exports.table_rows(table, self.exclude_columns)


# Larger page numbers would overflow PostgreSQL's bigint OFFSET; no list is that long.
MAX_PAGE = 10**9


def _positive_int(value, default: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return number if 0 < number <= MAX_PAGE else default


def run_service(form, service: Callable[..., T], **kwargs) -> T | None:
    """Call a service; its rule failures become errors on the form's fields (None then)."""
    try:
        return service(**kwargs)
    except ValidationError as error:
        form.add_service_errors(error)
        return None
