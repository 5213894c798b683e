"""Small helpers shared by the matching views."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.core.exceptions import ValidationError
from django_tables2.export import ExportMixin

from jobordninger.mixins import FilteredTableView
from matching.access import log_citizen_access

T = TypeVar("T")


def run_service(form, service: Callable[..., T], **kwargs) -> T | None:
    """Call a service; its rule failures become errors on the form's fields."""
    try:
        return service(**kwargs)
    except ValidationError as error:
        form.add_service_errors(error)
        return None


class PersonalTableView(FilteredTableView):
    """A list of people: no CSV/XLSX export, and the rows on the page are access-logged."""

    export_formats = ()
    access_purpose = ""

    def render_to_response(self, context, **kwargs):
        return super(ExportMixin, self).render_to_response(context, **kwargs)

    def citizen_ids_on_page(self, table) -> list[int]:
        return [row.record.citizen_id for row in table.paginated_rows]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        log_citizen_access(
            self.request,
            self.citizen_ids_on_page(context["table"]),
            purpose=self.access_purpose,
        )
        return context
