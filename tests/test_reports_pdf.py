"""The status PDF is tagged PDF/UA: language, title, headings and table headers in its
structure tree (what a screen reader reads), checked with pypdf and poppler's pdfinfo."""

import io
import subprocess
from collections import Counter

from pypdf import PdfReader

from core.periods import Period
from reports.pdf import render_report_pdf
from reports.status import build_report


def _structure(node, counts: Counter) -> Counter:
    node = node.get_object()
    if isinstance(node, dict):
        if "/S" in node:
            counts[str(node["/S"])] += 1
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
            _structure(kid, counts)
    return counts


def test_the_status_pdf_is_tagged_with_language_title_headings_and_table_headers(db):
    pdf = render_report_pdf(build_report(Period.whole_year(2023)))

    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout
    assert b"Tagged:          yes" in info
    root = PdfReader(io.BytesIO(pdf)).trailer["/Root"]
    assert root["/Lang"] == "da"
    assert root["/MarkInfo"]["/Marked"]
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
    assert b"pdfuaid:part" in root["/Metadata"].get_object().get_data()
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.metadata.title.startswith("Halvårsstatus Helår 2023")
    tags = _structure(root["/StructTreeRoot"], Counter())
    assert tags["/H1"] == 1 and tags["/H2"] >= 3
    assert tags["/Table"] >= 3 and tags["/TH"] >= tags["/Table"] and tags["/Caption"] >= 1
