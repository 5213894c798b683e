"""Bar charts drawn on the server as inline SVG, so the page and the PDF show one picture.

Each chart is an accessible image (role="img" with a title and a description); the numbers
it draws always stand in a table beside it as well.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from reports.presentation import format_cell, rounded
from reports.status import ChartSeries

WIDTH = 640
LABEL_WIDTH = 56
VALUE_WIDTH = 64
BAR = 12
GAP = 3
GROUP_GAP = 12
TOP = 34
TARGET_FILL = "#ffffff"
TARGET_STROKE = "#1a1a1a"
REALISED_FILL = "#0059b3"


def _scale(series: ChartSeries) -> Decimal:
    values = [v for _, t, r in series.bars for v in (t, r) if v and not isinstance(v, str)]
    return max(values, default=Decimal(1))


def _bar(x: int, y: int, width: float, fill: str, stroke: str, value) -> str:
    label = format_cell(rounded(value)) if value is not None else "–"
    return format_html(
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="{}" stroke-width="1"/>'
        '<text x="{}" y="{}" font-size="11" dominant-baseline="middle">{}</text>',
        x,
        y,
        f"{width:.1f}",
        BAR,
        fill,
        stroke,
        f"{x + width + 4:.1f}",
        y + BAR / 2,
        label,
    )


def bar_chart(series: ChartSeries, chart_id: str) -> SafeString:
    """Target (white with a border) and realised (blue) per department, as inline SVG."""
    plot_width = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    scale = _scale(series)
    group_height = 2 * BAR + GAP + GROUP_GAP
    height = TOP + len(series.bars) * group_height + 4
    title = _("%(category)s: måltal og realiseret pr. forvaltning (%(unit)s)") % {
        "category": series.category.name,
        "unit": series.unit_label,
    }
    description = _(
        "Vandrette søjler pr. forvaltning: hvid søjle er måltallet, blå søjle er det "
        "realiserede, begge i %(unit)s. Tallene står også i tabellen under figuren: %(values)s."
    ) % {
        "unit": series.unit_label,
        "values": "; ".join(
            f"{label} {_('måltal')} {format_cell(rounded(target))}, "
            f"{_('realiseret')} {format_cell(rounded(realised))}"
            for label, target, realised in series.bars
        ),
    }
    parts = []
    for i, (label, target, realised) in enumerate(series.bars):
        y = TOP + i * group_height
        parts.append(
            format_html(
                '<text x="0" y="{}" font-size="12" font-weight="600" '
                'dominant-baseline="middle">{}</text>',
                y + BAR + GAP / 2,
                label,
            )
        )
        for offset, value, fill, stroke in (
            (0, target, TARGET_FILL, TARGET_STROKE),
            (BAR + GAP, realised, REALISED_FILL, REALISED_FILL),
        ):
            # A hidden small number (text such as "<5") is written, not drawn.
            drawn = value and not isinstance(value, str)
            width = float(value / scale * plot_width) if drawn else 0.0
            parts.append(_bar(LABEL_WIDTH, y + offset, width, fill, stroke, value))
    legend = format_html(
        '<rect x="{}" y="4" width="12" height="12" fill="{}" stroke="{}"/>'
        '<text x="{}" y="10" font-size="11" dominant-baseline="middle">{}</text>'
        '<rect x="{}" y="4" width="12" height="12" fill="{}" stroke="{}"/>'
        '<text x="{}" y="10" font-size="11" dominant-baseline="middle">{}</text>',
        LABEL_WIDTH,
        TARGET_FILL,
        TARGET_STROKE,
        LABEL_WIDTH + 16,
        _("Måltal"),
        LABEL_WIDTH + 90,
        REALISED_FILL,
        REALISED_FILL,
        LABEL_WIDTH + 106,
        _("Realiseret"),
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="status-chart" role="img" '
        'viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
        'aria-labelledby="{id}-title {id}-desc" font-family="IBM Plex Sans, Arial, sans-serif">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>'
        "{legend}{bars}</svg>",
        w=WIDTH,
        h=height,
        id=chart_id,
        title=title,
        desc=description,
        legend=legend,
        bars=mark_safe("".join(parts)),  # noqa: S308  (each part was built by format_html)
    )


def chart_rows(series: ChartSeries) -> list[tuple[str, Decimal | None, Decimal | None]]:
    """The chart's numbers, rounded as drawn, for the table beside it."""
    return [(label, rounded(t), rounded(r)) for label, t, r in series.bars]
