"""Render a half-year status PDF synchronously, and print the time and peak memory taken."""

import resource
import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.periods import Period
from organisation.models import Department
from reports.pdf import render_report_pdf
from reports.status import build_report


class Command(BaseCommand):
    help = "Render the status PDF for a half-year or a whole year, and measure it."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument(
            "--period", choices=("h1", "h2", "year"), default="year", help="Default: the year"
        )
        parser.add_argument("--department", help="A department code; default: the municipality")
        parser.add_argument("--output", help="Where to write the PDF (default: no file)")

    def handle(self, *args, year, period, department=None, output=None, **options):
        department_ids = None
        if department:
            try:
                department_ids = [Department.objects.get(code=department).pk]
            except Department.DoesNotExist as error:
                raise CommandError(f"Unknown department {department!r}") from error
        started = time.perf_counter()
        data = build_report(Period.of(period, year), department_ids)
        figures_done = time.perf_counter()
        pdf = render_report_pdf(data, requested_by="render_status_pdf")
        finished = time.perf_counter()
        if output:
            Path(output).write_bytes(pdf)
        # ru_maxrss is in kilobytes on Linux (bytes on macOS).
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        peak_mb = peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024
        self.stdout.write(
            f"figures: {figures_done - started:.2f} s, pdf: {finished - figures_done:.2f} s, "
            f"total: {finished - started:.2f} s, {len(pdf) / 1024:.0f} KiB, "
            f"peak RSS: {peak_mb:.0f} MiB" + (f", written to {output}" if output else "")
        )
