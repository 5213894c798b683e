"""The HR flow (docs/design.md) in Chromium: HR logs in, creates a slot, places a new citizen
found by CPR, ends the placement with an outcome and sees the slot vacant again.
axe-core checks the slot list, the placement form and the citizen page on the way.
"""

import datetime as dt

from organisation.scope import HR
from placements.models import CitizenAccess, Placement, Slot
from tests.browser.conftest import check_accessibility, login
from tests.conftest import transactional
from tests.factories import WorkplaceFactory, department, user_with_role

CPR = "2402851234"  # 24-02-1985; never shown in full


@transactional
def test_hr_registers_a_slot_and_a_placement_and_ends_it(page, demo):
    user_with_role("hanne-browser", HR, departments=[demo.hr_department])
    WorkplaceFactory(
        department=department(demo.hr_department), name="Værestedet", ordinary_employees=12
    )
    today = dt.date.today()
    opened = today - dt.timedelta(days=60)
    start = today - dt.timedelta(days=30)
    last_day = start + dt.timedelta(days=20)  # within the 4 weeks of a jobparat praktik

    login(page, "hanne-browser")
    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Pladser").click()
    page.get_by_role("heading", name="Pladser").wait_for()

    # Ny plads
    page.get_by_role("link", name="Ny plads").click()
    page.get_by_label("Arbejdssted").select_option(label="Værestedet")
    page.get_by_test_id("headroom").wait_for()
    assert "højst 2 årsværk" in page.get_by_test_id("headroom").inner_text()
    page.get_by_label("Ordning").select_option(label="Virksomhedspraktik")
    page.get_by_label("Betegnelse").fill("Køkkenhjælper")
    page.get_by_label("Timer pr. uge").fill("30")
    page.get_by_label("Oprettet fra").fill(opened.isoformat())
    page.get_by_role("button", name="Gem plads").click()
    page.get_by_role("heading", name="Køkkenhjælper").wait_for()
    assert page.get_by_test_id("slot-state").inner_text().endswith("åben")

    # Nyt forløb for en borger, der ikke findes: søges på CPR og oprettes
    page.get_by_role("link", name="Nyt forløb").click()
    page.get_by_label("CPR-nummer").fill(CPR)
    page.get_by_role("button", name="Find borger").click()
    page.get_by_text("Der er ingen borger med dette CPR-nummer").wait_for()
    assert CPR not in page.url
    page.get_by_label("Navn").fill("Mette Hansen")
    page.get_by_label("Ydelse", exact=True).select_option(label="Kontanthjælp")
    page.get_by_label("Visitationskategori").select_option(label="Jobparat")
    page.get_by_role("button", name="Opret borger").click()

    page.get_by_role("heading", name="Nyt forløb").wait_for()
    assert CPR not in page.url
    assert "240285-xxxx" in page.content()
    assert CPR not in page.content()
    page.get_by_label("Startdato").fill(start.isoformat())
    page.get_by_label("Planlagt slutdato").fill((start + dt.timedelta(days=90)).isoformat())
    page.get_by_label("Timer pr. uge").fill("40")
    page.get_by_role("button", name="Opret forløb").click()
    # A rule failure is shown in Danish on the field at fault, and nothing is saved; the
    # summary at the top links to the field.
    page.locator("#id_hours_per_week_error").get_by_text(
        "Virksomhedspraktik må højst være 37 timer om ugen."
    ).wait_for()
    assert page.get_by_label("Timer pr. uge").get_attribute("aria-invalid") == "true"
    # Jobparat on kontanthjælp: praktik for at most 4 weeks (the snapshot from the citizen).
    page.locator("#id_planned_end_on_error").get_by_text("må højst vare 4 uger").wait_for()
    summary = page.get_by_test_id("error-summary")
    assert summary.get_by_role("link", name="Timer pr. uge:").get_attribute("href") == (
        "#id_hours_per_week"
    )
    assert page.title().startswith("Fejl: ")
    check_accessibility(page, "hr-placement-form")
    page.get_by_label("Planlagt slutdato").fill((start + dt.timedelta(days=27)).isoformat())
    page.get_by_label("Timer pr. uge").fill("30")
    page.get_by_role("button", name="Opret forløb").click()
    page.get_by_text("Forløbet er oprettet.").wait_for()

    # The citizen's page: CPR masked, the view logged
    page.get_by_role("link", name="Mette Hansen").first.click()
    page.get_by_role("heading", name="Mette Hansen").wait_for()
    assert page.get_by_test_id("citizen-cpr").inner_text() == "240285-xxxx"
    check_accessibility(page, "hr-citizen")
    assert CitizenAccess.objects.filter(
        citizen__cpr=CPR, username="hanne-browser", purpose="Visning af borger"
    ).exists()

    # Afslut forløb with an outcome, then the slot is vacant again
    page.get_by_role("link", name="Køkkenhjælper").click()  # her forløb
    page.get_by_role("link", name="Afslut forløb").click()
    page.get_by_label("Sidste dag i forløbet").fill(last_day.isoformat())
    page.get_by_label("Udfald").select_option(label="ordinært job")
    page.get_by_role("button", name="Afslut forløbet").click()
    page.get_by_text("Forløbet er afsluttet.").wait_for()

    page.get_by_role("link", name="Køkkenhjælper").click()
    assert page.get_by_test_id("slot-state").inner_text().endswith("åben")
    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Pladser").click()
    row = page.get_by_test_id("slot-table").get_by_role("row", name="Køkkenhjælper")
    assert "åben" in row.inner_text()
    check_accessibility(page, "hr-slot-list")

    placement = Placement.objects.get(citizen__cpr=CPR)
    assert (placement.ended_on, placement.outcome) == (last_day, "ordinary_job")
    assert Slot.objects.get(title="Køkkenhjælper").history.first().history_user.username == (
        "hanne-browser"
    )
