"""Each role logs in through the real login page in Chromium and lands on its start page."""

from organisation.scope import CONSULTANT, HR, SECRETARY
from tests.browser.conftest import check_accessibility, login
from tests.conftest import transactional
from tests.factories import user_with_role


@transactional
def test_each_role_logs_in_and_sees_its_start_page(page):
    user_with_role("hr-browser", HR, departments=["SOF"])
    user_with_role("konsulent-browser", CONSULTANT)
    user_with_role("sekretaer-browser", SECRETARY)

    login(page, "hr-browser")
    assert page.get_by_role("heading", name="Forvaltning: SOF").is_visible()
    check_accessibility(page, "start-hr")
    page.get_by_role("button", name="Log af").click()

    login(page, "konsulent-browser")
    assert page.get_by_role("heading", name="Ledige pladser i kommunen i dag").is_visible()
    page.get_by_role("button", name="Log af").click()

    login(page, "sekretaer-browser")
    assert page.get_by_test_id("secretary-table").is_visible()
    check_accessibility(page, "start-sekretaer")
