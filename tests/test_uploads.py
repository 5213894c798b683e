"""Uploads within a budget: a spreadsheet that declares or holds too many rows or columns is
refused before it is loaded, and the pending import waits encrypted, then is removed."""

import base64
import io
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from core.spreadsheets import SpreadsheetTooLarge, csv_rows, xlsx_rows
from tests.factories import WorkplaceFactory, department

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "hr"
RSS_BOUND_MIB = 100  # the interpreter with Django and openpyxl loaded is about 50


def _xlsx(dimension: str | None = None, extra_row_xml: str = "") -> bytes:
    """A two-row workbook whose sheet XML then claims `dimension` or holds `extra_row_xml`."""
    book = Workbook()
    book.active.append(["P-nummer", "Ordning"])
    book.active.append(["1234567890", "Fleksjob"])
    buffer = io.BytesIO()
    book.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                if dimension:
                    text = text.replace(
                        '<dimension ref="A1:B2" />', f'<dimension ref="{dimension}" />'
                    )
                text = text.replace("</sheetData>", extra_row_xml + "</sheetData>")
                data = text.encode()
            target.writestr(info, data)
    return out.getvalue()


@pytest.mark.parametrize(
    "content",
    [
        _xlsx(dimension="A1:XFD1048576"),
        _xlsx(dimension="A1:B1048576"),
        _xlsx(dimension="A1:XFD2"),
        # A file whose dimension says two rows but whose last row is row 1,048,576.
        _xlsx(extra_row_xml='<row r="1048576"><c r="A1048576" t="n"><v>1</v></c></row>'),
    ],
    ids=["huge-dimension", "million-rows-declared", "16384-columns", "lying-dimension"],
)
def test_spreadsheets_beyond_the_budget_are_refused(settings, content):
    started = time.monotonic()
    with pytest.raises(SpreadsheetTooLarge):
        xlsx_rows(content)
    assert time.monotonic() - started < 5


def test_a_huge_dimension_is_refused_within_the_memory_bound():
    """In a process of its own, so its peak resident memory can be measured."""
    path = ROOT / ".local" / "huge-dimension.xlsx"
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(_xlsx(dimension="A1:XFD1048576"))
    script = textwrap.dedent(
        f"""
        import re, django
        from django.conf import settings
        settings.configure(IMPORT_MAX_ROWS=2000, USE_I18N=False)
        django.setup()
        from core.spreadsheets import SpreadsheetTooLarge, xlsx_rows
        try:
            xlsx_rows(open({str(path)!r}, "rb").read())
        except SpreadsheetTooLarge:
            # VmHWM: this process's peak resident memory (ru_maxrss may carry the parent's).
            peak_kib = re.search(r"VmHWM:\\s+(\\d+)", open("/proc/self/status").read()).group(1)
            print("refused", int(peak_kib) // 1024)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    path.unlink()
    verdict, peak_mib = result.stdout.split()
    print(
        f"\nhuge-dimension XLSX ({len(_xlsx(dimension='A1:XFD1048576'))} bytes): {verdict}, peak RSS {peak_mib} MiB"
    )
    assert verdict == "refused" and int(peak_mib) < RSS_BOUND_MIB


def test_a_csv_with_too_many_rows_is_refused_quickly(settings):
    text = "a;b\n" + "1;2\n" * 100_000
    started = time.monotonic()
    with pytest.raises(SpreadsheetTooLarge, match="mere end 2.000 rækker"):
        csv_rows(text, ";")
    assert time.monotonic() - started < 1


def test_the_upload_page_says_why_a_file_is_refused(client, hr_sof):
    client.force_login(hr_sof)
    response = client.post(
        reverse("placements:import"),
        {"file": SimpleUploadedFile("pladser.xlsx", _xlsx(dimension="A1:XFD1048576"))},
    )
    assert "mere end 2.000 rækker" in response.context["form"].errors["file"][0]


def test_the_pending_import_waits_encrypted_and_is_removed_after_use(client, hr_sof):
    WorkplaceFactory(department=department("SOF"), p_number="1234567890")
    WorkplaceFactory(department=department("SOF"), p_number="1234567891")
    content = (FIXTURES / "valid.csv").read_bytes()
    client.force_login(hr_sof)
    client.post(reverse("placements:import"), {"file": SimpleUploadedFile("valid.csv", content)})
    stored = str(client.session.load())
    assert "0101701234" not in stored and base64.b64encode(content).decode()[:40] not in stored
    assert "placements_pending_import" in client.session
    client.post(reverse("placements:import_confirm"))
    assert "placements_pending_import" not in client.session
