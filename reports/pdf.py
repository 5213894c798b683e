"""The half-year status as PDF: a Django template and a print stylesheet, laid out by WeasyPrint.

Never inside a model. The numbers come from reports.status via
reports.presentation, the same cells the page and the exports show.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone, translation

from organisation.models import Municipality
from reports import breakdowns, presentation, suppression
from reports.charts import bar_chart, chart_rows
from reports.status import ReportData

PRINT_CSS = Path(__file__).resolve().parent / "static" / "reports" / "print.css"
FONT_DIR = "vendor/dkfds/fonts/IBMPlexSans/complete/woff"
FONTS = [("Regular", 400, "normal"), ("SemiBold", 600, "normal"), ("Italic", 400, "italic")]

PDF_VARIANT = "pdf/ua-1"

Progress = Callable[[int, str], None]

# WeasyPrint reports every layout step at INFO; the worker's log needs only its warnings.
logging.getLogger("weasyprint").setLevel(logging.WARNING)
logging.getLogger("fontTools").setLevel(logging.WARNING)


def _font_faces() -> str:
    """@font-face rules for the design system's IBM Plex Sans, from the vendored files."""
    rules = []
    for name, weight, style in FONTS:
        path = finders.find(f"{FONT_DIR}/IBMPlexSans-{name}.woff")
        if path:
            rules.append(
                "@font-face { font-family: 'IBM Plex Sans'; "
                f"src: url('{Path(path).as_uri()}'); font-weight: {weight}; font-style: {style}; }}"
            )
    return "\n".join(rules)


def report_context(data: ReportData, *, requested_by: str = "", generated_at=None) -> dict:
    """Everything the PDF template shows; the page view uses the same tables and charts."""
    status = data.status
    municipality = Municipality.current()
    return {
        "municipality": municipality,
        "logo_uri": Path(municipality.logo.path).as_uri() if municipality.logo else "",
        "data": data,
        "status": status,
        "period": data.period,
        "scope_label": status.departments[0].name
        if not status.whole_municipality and len(status.departments) == 1
        else translation.gettext("Hele kommunen"),
        "total_table": presentation.status_total_table(data),
        "department_tables": [
            (department, presentation.status_department_table(data, department))
            for department in status.departments
        ],
        "charts": [
            {
                "svg": bar_chart(series, f"chart-{series.category.code}"),
                "series": series,
                "rows": chart_rows(series),
            }
            for series in status.charts
        ],
        "outcomes_table": presentation.outcomes_table(data),
        "slot_states_table": presentation.slot_states_table(data),
        "hours_and_forecast_table": presentation.hours_and_forecast_table(data),
        "breakdowns": breakdowns.report_tables(data),
        "small_number_threshold": suppression.threshold(),
        "requested_by": requested_by,
        "generated_at": generated_at or timezone.now(),
    }


def render_report_html(data: ReportData, **kwargs) -> str:
    """The PDF's HTML; small numbers hidden for everyone: secretaries open every archived PDF."""
    with translation.override(settings.LANGUAGE_CODE):
        context = suppression.hide_in_report(report_context(data, **kwargs))
        return render_to_string("reports/pdf/status.html", context)


def render_report_pdf(data: ReportData, *, progress: Progress | None = None, **kwargs) -> bytes:
    """The report as PDF bytes; `progress(percent, message)` is told as layout proceeds."""
    import weasyprint  # imported here: it is large and only the worker needs it
    from weasyprint.text.fonts import FontConfiguration

    report = progress or (lambda percent, message: None)
    report(55, translation.gettext("Sætter rapporten op"))
    html = render_report_html(data, **kwargs)
    fonts = FontConfiguration()  # @font-face rules only apply through one
    stylesheets = [
        weasyprint.CSS(string=_font_faces(), font_config=fonts),
        weasyprint.CSS(filename=str(PRINT_CSS), font_config=fonts),
    ]
    document = weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).render(
        stylesheets=stylesheets, font_config=fonts
    )
    report(85, translation.gettext("Skriver PDF-filen"))
    # Tagged PDF/UA-1: language, title, headings and table headers reach screen readers.
    # WeasyPrint takes one variant per file, so PDF/UA is chosen over PDF/A.
    return document.write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True)
