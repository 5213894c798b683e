"""Status page, exports, report requests with progress, the archive. Views stay thin."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from core.views import replica_reads_view
from reports import access, exports, presentation, suppression
from reports.access import status_reader_required
from reports.cache import cached_figures, cached_report
from reports.filters import ReportFilter
from reports.forms import ReportRequestForm, StatusForm, selection_query
from reports.pdf import report_context
from reports.services import status_report_request
from reports.slot_date import slot_date
from reports.tables import ReportTable

# The status page's parts cached rendered for a finished period (reports.cache.cached_figures).
FIGURES_TEMPLATES = {
    "figures": "reports/includes/status_figures.html",
    "slot_states": "reports/includes/status_slot_states.html",
    "breakdowns": "reports/includes/status_breakdowns.html",
}


def _selection(request: HttpRequest):
    """(form, period, department, department ids) from the query string, access checked."""
    form = StatusForm(request.GET, user=request.user)
    if not form.is_valid():
        return form, None, None, None
    period, department = form.selection()
    department_ids = access.access_status(request.user, department)
    return form, period, department, department_ids


@status_reader_required
@require_GET
@replica_reads_view
def status(request: HttpRequest) -> HttpResponse:
    form, period, department, department_ids = _selection(request)
    slot_date_form, slots_on = slot_date(request.GET)
    context = {"form": form, "slot_date_form": slot_date_form}
    if period is not None:
        hidden = suppression.hides_small_numbers(request.user)
        query = selection_query(period, department)
        if slots_on:
            query["slots_on"] = slots_on.isoformat()
        context |= {
            "period": period,
            "query": urlencode(query),
            "selection": query,
            "department": department,
            "recent_reports": access.reports_for(request.user).filter(
                starts_on=period.start, ends_on=period.end, department=department
            )[:5],
        }

        threshold = suppression.threshold()
        context["small_number_threshold"] = threshold

        def figures() -> dict:
            data = cached_report(period, department_ids, slots_on=slots_on)
            shown = context | report_context(data)
            if hidden:
                shown = suppression.hide_in_report(shown)
            parts = {
                name: mark_safe(render_to_string(template, shown, request=request))  # noqa: S308
                for name, template in FIGURES_TEMPLATES.items()
            }
            return parts | {"scope_label": shown["scope_label"]}

        # The slot-date form is the request's own (its input and errors): never cached.
        context |= cached_figures(
            period,
            department_ids,
            {"slots_on": slots_on},
            variant=f"{context['query']}:{hidden and threshold}:{get_language()}",
            render=figures,
        )
    return render(request, "reports/status.html", context)


@status_reader_required
@require_GET
@replica_reads_view
def export(request: HttpRequest, table: str, fmt: str) -> HttpResponse:
    builder = presentation.EXPORT_TABLES.get(table)
    if builder is None or fmt not in exports.CONTENT_TYPES:
        raise Http404
    form, period, department, department_ids = _selection(request)
    if period is None:
        return HttpResponse(_("Ugyldigt valg af periode."), status=400)
    slot_date_form, slots_on = slot_date(request.GET)
    if not slot_date_form.is_valid():
        return HttpResponse(_("Ugyldig dato for pladsernes tilstand."), status=400)
    data = cached_report(period, department_ids, slots_on=slots_on)
    scope = department.code if department else _("Hele kommunen")
    shown = builder(data)
    if suppression.hides_small_numbers(request.user):
        shown = suppression.hide_small_numbers(shown, data)
    body = exports.export(shown, data, fmt, scope)
    scope_name = department.code.lower() if department else "kommunen"
    scope_name = scope_name.replace("ø", "oe").replace("æ", "ae").replace("å", "aa")
    filename = f"{table}-{period.slug}-{scope_name}.{fmt}"
    if table == "slot_states" and slots_on:
        filename = f"{table}-{slots_on:%Y-%m-%d}-{scope_name}.{fmt}"
    response = HttpResponse(body, content_type=exports.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@status_reader_required
@require_POST
def request_report(request: HttpRequest) -> HttpResponse:
    form = ReportRequestForm(request.POST)
    if not form.is_valid():
        reasons = " ".join(str(e) for errors in form.errors.values() for e in errors)
        messages.error(
            request, _("Rapporten kunne ikke bestilles: %(reasons)s") % {"reasons": reasons}
        )
        return redirect("reports:status")
    slot_date_form, slots_on = slot_date(request.POST)
    if not slot_date_form.is_valid():
        messages.error(request, _("Rapporten kunne ikke bestilles: ugyldig dato for pladserne."))
        return redirect("reports:status")
    department = form.cleaned_data["department"]
    access.access_status(request.user, department)
    report = status_report_request(
        period=form.chosen_period(),
        department=department,
        slots_on=slots_on,
        requested_by=request.user,
    )
    report.refresh_from_db()
    if report.sent_at is None and report.state == "queued":
        messages.warning(
            request,
            _(
                "Køserveren svarer ikke lige nu. Din bestilling er gemt og bygges automatisk, "
                "så snart den svarer igen."
            ),
        )
    else:
        messages.success(request, _("Rapporten er bestilt. Du kan følge den her."))
    return redirect("reports:report_detail", pk=report.pk)


@status_reader_required
@require_GET
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = access.access_report(request.user, pk)
    query = urlencode(selection_query(report.period, report.department))
    return render(request, "reports/report_detail.html", {"report": report, "status_query": query})


@status_reader_required
@require_GET
def report_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The small partial the detail page polls (htmx) while the report is built."""
    report = access.access_report(request.user, pk)
    return render(request, "reports/includes/report_progress.html", {"report": report})


@status_reader_required
@require_GET
def report_download(request: HttpRequest, pk: int) -> FileResponse:
    report = access.access_report(request.user, pk)
    if report.state != "done" or not report.file:
        raise Http404(_("Rapporten er ikke færdig."))
    return FileResponse(
        report.file.open("rb"),
        as_attachment=True,
        filename=report.filename(),
        content_type="application/pdf",
    )


class ArchiveView(SingleTableMixin, FilterView):
    """Every report the user may see, who asked and when, newest first."""

    table_class = ReportTable
    filterset_class = ReportFilter
    template_name = "reports/archive.html"
    paginate_by = 25

    def get_queryset(self):
        return access.reports_for(self.request.user).select_related("department")

    def get(self, request, *args, **kwargs):
        department = request.GET.get("department")
        if department and not access.sees_whole_municipality(request.user):
            ids = {d.pk for d in access.status_departments(request.user)}
            if not department.isdigit() or int(department) not in ids:
                raise PermissionDenied
        return super().get(request, *args, **kwargs)

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["departments"] = access.status_departments(self.request.user)
        kwargs["whole_municipality"] = access.sees_whole_municipality(self.request.user)
        return kwargs


archive = status_reader_required(ArchiveView.as_view())
