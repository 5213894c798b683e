"""render_status_pdf: the municipality PDF synchronously, with time and peak memory."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.factories import PlacementFactory
from tests.status_scenario import D


def test_it_renders_the_pdf_and_prints_time_and_peak_rss(db, tmp_path):
    PlacementFactory(starts_on=D(2024, 1, 1))
    out = StringIO()
    target = tmp_path / "kommunen.pdf"
    call_command(
        "render_status_pdf", "--year", "2024", "--period", "h1", "--output", target, stdout=out
    )
    assert target.read_bytes().startswith(b"%PDF")
    assert "total:" in out.getvalue() and "peak RSS:" in out.getvalue()


def test_it_refuses_an_unknown_department(db):
    with pytest.raises(CommandError, match="Unknown department"):
        call_command("render_status_pdf", "--year", "2024", "--period", "h1", "--department", "XYZ")
