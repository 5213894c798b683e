"""The consultant's flow (docs/design.md) in Chromium: a consultant filters the vacant-slot board, opens a
slot, sees its candidates ranked and proposes one; the workplace's HR accepts; the
placement exists and the slot shows as besat. axe-core checks the board and the
candidate page on the way.
"""

import datetime as dt
from decimal import Decimal

from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from matching.models import Referral, ReferralState
from organisation.scope import CONSULTANT, HR
from placements.models import CitizenAccess, Placement
from tests.browser.conftest import check_accessibility, login
from tests.conftest import transactional
from tests.factories import (
    CandidateProfileFactory,
    CitizenFactory,
    SlotFactory,
    WorkplaceFactory,
    department,
    district,
    scheme,
    user_with_role,
)

CPR = "1503881234"


def _data(demo):
    today = timezone.localdate()
    home, other = district(demo.home_district[0]), district(demo.other_district[0])
    sof = WorkplaceFactory(
        department=department(demo.hr_department), name="Værestedet", district=home
    )
    tmf = WorkplaceFactory(
        department=department(demo.other_department), name="Park og Vej", district=other
    )
    slot = SlotFactory(
        workplace=sof,
        scheme=scheme("virksomhedspraktik"),
        title="Køkkenhjælper",
        hours_per_week=Decimal("20"),
        opened_on=today - dt.timedelta(days=45),
    )
    SlotFactory(  # another scheme, district and hours: filtered away
        workplace=tmf,
        scheme=scheme("nytteindsats"),
        title="Parkarbejder",
        hours_per_week=Decimal("30"),
        opened_on=today - dt.timedelta(days=90),
    )
    best = CandidateProfileFactory(
        citizen=CitizenFactory(name="Mette Hansen", cpr=CPR, district=home),
        wanted_hours_per_week=Decimal("20"),
    )
    best.preferred_schemes.set([scheme("virksomhedspraktik")])
    CandidateProfileFactory(
        citizen=CitizenFactory(name="Omar Nielsen", district=other),
        wanted_hours_per_week=Decimal("37"),
    )
    return slot, best


@transactional
def test_consultant_fills_a_vacant_slot_and_hr_accepts(page, browser, live_server, demo):
    cache.clear()  # the time-to-fill panel is cached; other tests' figures must not show
    user_with_role("karim-browser", CONSULTANT, first_name="Karim", last_name="Jobkonsulent")
    user_with_role("hanne-browser", HR, departments=[demo.hr_department])
    slot, best = _data(demo)

    # The consultant: the board, filtered by scheme, district and hours
    login(page, "karim-browser")
    menu = page.get_by_role("navigation", name="Hovedmenu")
    menu.get_by_role("link", name="Ledige pladser").click()
    page.get_by_role("heading", name="Ledige pladser i hele kommunen").wait_for()
    board = page.get_by_test_id("board-table")
    assert "Parkarbejder" in board.inner_text() and "Køkkenhjælper" in board.inner_text()
    page.get_by_label("Ordning").select_option(label="Virksomhedspraktik")
    page.get_by_label(demo.district_word).select_option(label=demo.home_district[1])
    page.get_by_label("Timer pr. uge, højst").fill("25")
    page.get_by_role("button", name="Filtrér").click()
    page.wait_for_url("**scheme=*")
    assert "Parkarbejder" not in board.inner_text()
    row = board.get_by_role("row").filter(has_text="Køkkenhjælper")
    assert row.get_by_test_id("days-vacant").inner_text() == "45"
    page.get_by_text("Ingen forløb er startet de seneste 12 måneder.").wait_for()  # htmx panel
    check_accessibility(page, "matching-board")

    # The slot: its candidates ranked, with the reasons
    row.get_by_role("link", name="Køkkenhjælper").click()
    page.get_by_role("heading", name="Køkkenhjælper").wait_for()
    ranking = page.get_by_test_id("candidate-ranking")
    first = ranking.get_by_test_id("candidate-row").first
    assert "Mette Hansen" in first.inner_text()
    assert f"Bor i samme bydel ({demo.home_district[1]})" in first.inner_text()
    assert "Ønsker Virksomhedspraktik" in first.inner_text()
    assert "150388-xxxx" in page.content() and CPR not in page.content()
    check_accessibility(page, "matching-candidates")

    # Propose the best candidate
    first.get_by_role("link", name="Foreslå").click()
    page.get_by_role("heading", name="Foreslå Mette Hansen").wait_for()
    page.get_by_label("Bemærkning til arbejdsstedet").fill("Har erfaring fra storkøkken.")
    page.get_by_role("button", name="Send forslag til arbejdsstedet").click()
    page.get_by_text("Kandidaten er foreslået.").wait_for()
    assert page.get_by_test_id("referral-state").inner_text() == "foreslået"
    page.get_by_role("button", name="Log af").click()

    # HR, in a browser context of its own: the proposal for its department, accepted
    context = browser.new_context(base_url=live_server.url, locale="da-DK")
    hr_page = context.new_page()
    try:
        login(hr_page, "hanne-browser")
        nav = hr_page.get_by_role("navigation", name="Hovedmenu")
        nav.get_by_role("link", name="Henvisninger").click()
        hr_page.get_by_role("heading", name="Henvisninger").wait_for()
        assert "Beskeder (1 ulæst)" in hr_page.content()
        table = hr_page.get_by_test_id("referral-table")
        table.get_by_role("row").filter(has_text="Mette Hansen").get_by_role("link").click()
        hr_page.get_by_role("heading", name="Henvisning til Køkkenhjælper").wait_for()
        assert "Har erfaring fra storkøkken." in hr_page.content()
        hr_page.get_by_role("button", name="Acceptér og opret forløb").click()
        hr_page.get_by_text("Henvisningen er accepteret, og forløbet er oprettet.").wait_for()
        assert hr_page.get_by_test_id("slot-state").inner_text() == "besat"
        assert hr_page.get_by_test_id("referral-state").inner_text() == "accepteret"
    finally:
        context.close()

    placement = Placement.objects.get(slot=slot)
    assert placement.citizen == best.citizen
    assert Referral.objects.get().state == ReferralState.ACCEPTED
    assert CitizenAccess.objects.filter(
        citizen=best.citizen, username="hanne-browser", purpose="Accept af henvisning"
    ).exists()

    # Back on the consultant's side the slot is besat and off the board
    login(page, "karim-browser")
    page.goto(reverse("matching:slot_detail", args=[slot.pk]))
    assert page.get_by_test_id("slot-state").inner_text() == "besat"
    page.goto(reverse("matching:board"))
    assert "Køkkenhjælper" not in page.get_by_test_id("board-table").inner_text()
