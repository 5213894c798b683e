"""The secretary picks 30-09-2015 for the slot-state table in Chromium: the page, its JSON
export and the PDF the real worker builds show the same figures (the reopened slots nedlagt)."""

import json
import time
from pathlib import Path

from organisation.scope import SECRETARY
from tests.browser.conftest import check_accessibility, login
from tests.conftest import transactional
from tests.factories import user_with_role
from tests.slot_history_scenario import ON_DAY, build_slot_history
from tests.status_scenario import pdf_text
from tests.worker import start_worker, stop_worker

STATES = ("closed", "paused", "open", "filled")
FIGURES = [str(ON_DAY[state]) for state in STATES] + [str(sum(ON_DAY.values()))]


@transactional
def test_secretary_gets_the_slot_states_on_30_september_2015(page, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    user_with_role("sekretaer-pladser", SECRETARY)
    build_slot_history()

    login(page, "sekretaer-pladser")
    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Status").click()
    page.get_by_label("År", exact=True).select_option("2015")
    page.get_by_role("combobox", name="Periode").select_option("year")
    page.get_by_role("button", name="Vis status").click()
    page.wait_for_url("**/status/halvaar/?period=year&year=2015*")

    page.get_by_label("Pladsernes tilstand pr.").fill("2015-09-30")
    page.get_by_role("button", name="Vis pladser pr. dato").click()
    page.wait_for_url("**slots_on=2015-09-30*")
    table = page.get_by_test_id("table-slot_states")
    assert table.get_by_text("Pladser pr. 30-09-2015 efter ordning og tilstand").is_visible()
    row = table.get_by_role("row", name="Virksomhedspraktik")
    assert row.locator("td").all_text_contents() == FIGURES
    check_accessibility(page, "pladser-pr-dato")

    # The same figures in the table's JSON export.
    with page.expect_download() as download:
        page.get_by_role("link", name="JSON (pladstabellen)").click()
    payload = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert payload["day"] == "2015-09-30"
    (exported,) = [r for r in payload["rows"] if r["scheme"] == "Virksomhedspraktik"]
    assert [exported[state] for state in STATES] == [ON_DAY[state] for state in STATES]

    # And in the PDF the worker builds for the day chosen.
    page.get_by_role("button", name="Generér rapport").click()
    page.wait_for_url("**/status/rapporter/*/")
    worker = start_worker(extra_env={"MEDIA_ROOT": str(tmp_path)})
    try:
        link = page.get_by_test_id("download-report")
        deadline = time.monotonic() + 90
        while not link.count() and time.monotonic() < deadline:
            time.sleep(0.2)
        link.wait_for(timeout=5_000)
    finally:
        stop_worker(worker)
    with page.expect_download() as pdf_download:
        link.click()
    text = "\n".join(pdf_text(Path(pdf_download.value.path()).read_bytes()))
    table_text = text[text.index("Pladser pr. 30-09-2015 efter ordning og tilstand") :]
    line = next(li for li in table_text.splitlines() if li.strip().startswith("Virksomhedspr"))
    assert line.split() == ["Virksomhedspraktik", *FIGURES]
