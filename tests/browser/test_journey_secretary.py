"""The secretary's flow (docs/design.md) in Chromium: the secretary opens a half-year's status, generates the report,
follows its progress and downloads the PDF; the same numbers come as CSV; then a custom period."""

import time
from pathlib import Path

from organisation.scope import SECRETARY
from reports.models import StatusReport
from tests.browser.conftest import ARTIFACTS, check_accessibility, login
from tests.conftest import transactional
from tests.factories import user_with_role
from tests.status_scenario import build_scenario
from tests.worker import start_worker, stop_worker


@transactional
def test_secretary_generates_follows_and_downloads_the_half_year_report(
    page, tmp_path, settings, demo
):
    settings.MEDIA_ROOT = tmp_path
    user_with_role("sekretaer-rejse", SECRETARY)
    build_scenario(demo.hr_department, demo.other_department)

    login(page, "sekretaer-rejse")
    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Status").click()
    page.get_by_label("År", exact=True).select_option("2023")
    page.get_by_role("combobox", name="Periode").select_option("year")
    page.get_by_role("button", name="Vis status").click()
    page.wait_for_url("**/status/halvaar/?period=year&year=2023*")
    assert page.get_by_role("heading", name="Halvårsstatus: Helår 2023, Hele kommunen").is_visible()
    sof = page.get_by_test_id(f"table-status_{demo.hr_department}")
    assert sof.get_by_role("row", name="Virksomhedsrettede forløb").is_visible()
    assert page.get_by_role("img", name="Virksomhedsrettede forløb: måltal og realiseret").count()
    check_accessibility(page, "status-sekretaer")

    # The same numbers as CSV.
    with page.expect_download() as csv_download:
        words = demo.departments_word
        page.get_by_role("link", name=f"CSV (statustabellen (alle {words} og kategorier))").click()
    text = Path(csv_download.value.path()).read_text(encoding="utf-8-sig")
    assert (
        f"{demo.hr_department};Virksomhedsrettede forløb;2,0;helårspersoner;2,0;1,4;70,0;1,4;"
        in text
    )

    # No worker is running yet: the request waits in the queue, and the page says so.
    page.get_by_role("button", name="Generér rapport").click()
    page.wait_for_url("**/status/rapporter/*/")
    progress = page.get_by_test_id("report-progress")
    assert progress.is_visible()
    assert progress.get_attribute("max") == "100"
    seen = {page.get_by_test_id("report-progress-text").text_content()}
    check_accessibility(page, "rapport-fremdrift")

    worker = start_worker(extra_env={"MEDIA_ROOT": str(tmp_path)})
    try:
        download_link = page.get_by_test_id("download-report")
        deadline = time.monotonic() + 90
        while not download_link.count() and time.monotonic() < deadline:
            # Never waits: the text may be swapped away (report done) between two calls.
            seen.update(page.get_by_test_id("report-progress-text").all_text_contents())
            time.sleep(0.1)
        download_link.wait_for(timeout=5_000)
    finally:
        stop_worker(worker)
    assert any("I kø" in t for t in seen), seen
    page.screenshot(path=str(ARTIFACTS / "rapport-faerdig.png"), full_page=True)

    with page.expect_download() as pdf_download:
        download_link.click()
    pdf = Path(pdf_download.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    assert pdf_download.value.suggested_filename.startswith("status-2023-helaar-kommunen-")

    # The archive lists it with who asked.
    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Rapporter").click()
    archive = page.get_by_test_id("report-archive")
    assert archive.get_by_role("row", name="Helår 2023").get_by_text("sekretaer-rejse").is_visible()
    assert StatusReport.objects.get().state == "done"
    check_accessibility(page, "rapportarkiv")

    # A custom period: 1 January–14 March 2023 is 73 days; SOF's praktik (open-ended) and
    # løntilskud (1 January–14 March) are both in it all along: 2,0 full-year persons.
    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Status").click()
    page.get_by_role("combobox", name="Periode").select_option("custom")
    page.get_by_label("Fra og med").fill("2023-01-01")
    page.get_by_label("Til og med").fill("2023-03-14")
    page.get_by_label("Til og med").press("Enter")
    page.wait_for_url("**/status/halvaar/?period=custom*")
    heading = "Halvårsstatus: 01-01-2023 – 14-03-2023, Hele kommunen"
    assert page.get_by_role("heading", name=heading).is_visible()
    sof = page.get_by_test_id(f"table-status_{demo.hr_department}")
    cell = sof.get_by_role("row", name="Virksomhedsrettede forløb").locator(
        '[data-key="full_year_persons"]'
    )
    assert cell.text_content() == "2,0"
