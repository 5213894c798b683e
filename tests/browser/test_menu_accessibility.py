"""Every menu item of every role, opened through the menu itself, on a phone (390×844,
the menu behind its button) and on a laptop (1366×900, items that do not fit under
"Mere"); axe-core finds no violation on any page, the 403 and 404 pages included."""

import pytest

from organisation.scope import ADMINISTRATOR, CONSULTANT, HR, SECRETARY
from tests.browser.conftest import ARTIFACTS, login
from tests.conftest import transactional
from tests.factories import (
    PlacementFactory,
    SlotFactory,
    WorkplaceFactory,
    department,
    user_with_role,
)

# username, role, departments, number of menu items
ROLES = [
    ("menu-hr", HR, ["SOF"], 9),
    ("menu-konsulent", CONSULTANT, ["BIF"], 7),
    ("menu-sekretaer", SECRETARY, ["ØKF"], 4),
    ("menu-admin", ADMINISTRATOR, [], 15),
]
PHONE, LAPTOP = {"width": 390, "height": 844}, {"width": 1366, "height": 900}


def _axe(page, name: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    if name in ("menu-hr-390-Forside", "menu-hr-1366-Forside", "menu-hr-390-404"):
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    assert violations == [], f"{name} ({page.url}): " + "; ".join(
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]}"
        for v in violations
    )


def _menu_labels(page, phone: bool) -> list[str]:
    links = page.locator(
        ".navigation-menu-mobile .mainmenu a.nav-link"
        if phone
        else ".navigation-menu .mainmenu > li:not(.more-option) a.nav-link"
    )
    return [text.strip() for text in links.all_text_contents()]


def _open_through_menu(page, label: str, phone: bool) -> None:
    if phone:
        button = page.get_by_role("button", name="Menu", exact=True)
        assert button.get_attribute("aria-expanded") == "false"
        button.click()
        assert button.get_attribute("aria-expanded") == "true"
        drawer = page.locator("#mobile-menu")
        drawer.get_by_role("link", name=label, exact=True).click()
        return
    menu = page.get_by_role("navigation", name="Hovedmenu")
    link = menu.locator(".mainmenu > li:not(.more-option)").get_by_role(
        "link", name=label, exact=True
    )
    if link.is_visible():
        link.click()
        return
    menu.get_by_role("button", name="Mere").click()
    menu.locator(".overflow-list").get_by_role("link", name=label, exact=True).click()


@transactional
@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["390x844", "1366x900"])
def test_every_menu_item_of_every_role_opens_through_the_menu_and_passes_axe(
    browser, live_server, viewport
):
    workplace = WorkplaceFactory(department=department("SOF"), name="Café Ravnsborg")
    PlacementFactory(slot=SlotFactory(workplace=workplace, title="Køkkenhjælper"))
    SlotFactory(workplace=workplace, title="Pedelmedhjælper")
    for username, role, departments, _count in ROLES:
        user_with_role(username, role, departments=departments, is_staff=role == ADMINISTRATOR)
    phone = viewport is PHONE
    for username, _role, _departments, count in ROLES:
        context = browser.new_context(base_url=live_server.url, locale="da-DK", viewport=viewport)
        context.set_default_timeout(15_000)
        page = context.new_page()
        login(page, username)
        labels = _menu_labels(page, phone)
        assert len(labels) == count and labels[0] == "Forside"
        assert page.get_by_role("button", name="Menu", exact=True).is_visible() is phone
        hrefs = page.locator(".navigation-menu-mobile .mainmenu a.nav-link").evaluate_all(
            "links => links.map(link => link.href)"
        )
        for label, href in zip(labels, hrefs, strict=True):
            page.goto("/")
            with page.expect_navigation():
                _open_through_menu(page, label, phone)
            page.wait_for_load_state("load")
            assert page.url == href
            _axe(page, f"{username}-{viewport['width']}-{label}")
        response = page.goto("/findes-ikke/")
        assert response.status == 404
        assert page.get_by_role("heading", name="Siden findes ikke").is_visible()
        _axe(page, f"{username}-{viewport['width']}-404")
        if username != "menu-admin":
            forbidden = "/hr/pladser/" if username != "menu-hr" else "/maaltal/"
            response = page.goto(forbidden)
            assert response.status == 403
            assert page.get_by_role("heading", name="Du har ikke adgang til siden").is_visible()
            _axe(page, f"{username}-{viewport['width']}-403")
        context.close()
