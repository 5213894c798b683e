"""Finished periods' status reports come from the cache, until data they read change."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.periods import Period
from reports import cache as report_cache
from reports.cache import cached_report
from reports.status import build_report
from tests.factories import PlacementFactory, SlotFactory, SlotPauseFactory, department
from tests.status_scenario import build_scenario, html_tables

D = dt.date
H1_2024 = Period.h1(2024)

pytestmark = pytest.mark.django_db


@pytest.fixture
def scenario(db):
    return build_scenario()


def test_a_finished_period_is_built_once_then_read_from_the_cache(
    scenario, django_assert_max_num_queries
):
    first = cached_report(H1_2024)
    assert first == build_report(H1_2024)
    with django_assert_max_num_queries(0):
        assert cached_report(H1_2024) == first


def test_the_scope_is_part_of_the_key(scenario):
    whole = cached_report(H1_2024)
    sof = [department("SOF").pk]
    assert cached_report(H1_2024, sof) == build_report(H1_2024, sof)
    assert cached_report(H1_2024, sof) != whole
    assert cached_report(H1_2024) == whole


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(
            lambda: PlacementFactory(starts_on=D(2024, 2, 1), planned_end_on=D(2024, 3, 31)),
            id="a placement",
        ),
        pytest.param(
            lambda: SlotPauseFactory(
                slot=SlotFactory(opened_on=D(2023, 1, 1)),
                starts_on=D(2024, 1, 1),
                ends_on=D(2024, 6, 30),
            ),
            id="a slot and its pause",
        ),
    ],
)
def test_a_change_to_the_periods_data_is_seen_at_once(scenario, change):
    before = cached_report(H1_2024)
    change()
    after = cached_report(H1_2024)
    assert after == build_report(H1_2024)
    assert after != before


def test_a_deleted_placement_is_seen_at_once(scenario):
    placement = PlacementFactory(starts_on=D(2024, 2, 1), planned_end_on=D(2024, 3, 31))
    with_it = cached_report(H1_2024)
    placement.delete()
    assert cached_report(H1_2024) != with_it
    assert cached_report(H1_2024) == build_report(H1_2024)


def test_a_period_not_yet_over_is_never_cached(scenario):
    today = timezone.localdate()
    running = Period(today - dt.timedelta(days=30), today)
    cached_report(running)
    with CaptureQueriesContext(connection) as queries:
        cached_report(running)
    assert len(queries) > 0


def test_a_lost_version_never_revives_an_old_report(scenario):
    """The version is a fresh token, not a counter that could restart at an old value."""
    stale = cached_report(H1_2024)
    PlacementFactory(starts_on=D(2024, 2, 1), planned_end_on=D(2024, 3, 31))
    from django.core.cache import cache

    cache.delete(f"data-version:{report_cache.VERSION}")
    assert cached_report(H1_2024) != stale


def test_the_status_page_of_a_finished_half_year_answers_from_the_cache(
    client, secretary, scenario, monkeypatch
):
    client.force_login(secretary)
    url = reverse("reports:status") + "?year=2024&half=1"
    first = client.get(url)
    assert first.status_code == 200

    def no_build(*args, **kwargs):
        raise AssertionError("the report was built again")

    monkeypatch.setattr(report_cache, "build_report", no_build)
    again = client.get(url)
    assert again.status_code == 200
    tables = html_tables(again.content.decode())
    assert tables and tables == html_tables(first.content.decode())


@pytest.mark.small_numbers
def test_the_pages_cached_figures_are_kept_apart_for_roles_that_see_small_numbers(
    client, secretary, administrator, scenario
):
    """The rendered figures are cached per suppression: the secretary's "<5" never reaches
    the administrator's page, nor the administrator's small numbers the secretary's."""
    url = reverse("reports:status") + "?year=2024&half=1"
    client.force_login(secretary)
    hidden = html_tables(client.get(url).content.decode())
    client.force_login(administrator)
    shown = html_tables(client.get(url).content.decode())
    assert shown != hidden
    report_cache.versioned_cache.new_data_version(report_cache.VERSION)  # nothing cached
    assert html_tables(client.get(url).content.decode()) == shown
    client.force_login(secretary)
    assert html_tables(client.get(url).content.decode()) == hidden


def test_the_pages_cached_figures_follow_a_change_to_the_data(client, secretary, scenario):
    client.force_login(secretary)
    url = reverse("reports:status") + "?year=2024&half=1"
    before = html_tables(client.get(url).content.decode())
    PlacementFactory(starts_on=D(2024, 2, 1), planned_end_on=D(2024, 3, 31))
    after = html_tables(client.get(url).content.decode())
    assert after != before


def test_one_users_slot_date_never_reaches_anothers_cached_page(client, secretary, scenario):
    """The slot-date form shows the request's own input and errors; the cached figures
    around it are shared by everyone who asks for the same period."""
    client.force_login(secretary)
    url = reverse("reports:status") + "?year=2024&half=1"
    wrong = client.get(url + "&slots_on=banan").content.decode()
    assert "banan" in wrong and "Skriv datoen som dd-mm-åååå" in wrong
    plain = client.get(url).content.decode()
    assert "banan" not in plain and "Skriv datoen som dd-mm-åååå" not in plain
    again = client.get(url + "&slots_on=banan").content.decode()
    assert "banan" in again and "Skriv datoen som dd-mm-åååå" in again
    assert html_tables(plain) == html_tables(wrong)  # a bad date: the period's last day


@pytest.mark.small_numbers
def test_the_method_note_and_the_cached_figures_follow_the_threshold(
    client, secretary, scenario, settings
):
    client.force_login(secretary)
    url = reverse("reports:status") + "?year=2024&half=1"
    at_five = client.get(url).content.decode()
    assert "under 5 som" in at_five
    settings.SMALL_NUMBER_THRESHOLD = 2
    at_two = client.get(url).content.decode()
    assert "under 2 som" in at_two
    assert html_tables(at_two) != html_tables(at_five)
    report_cache.versioned_cache.new_data_version(report_cache.VERSION)  # nothing cached
    assert html_tables(client.get(url).content.decode()) == html_tables(at_two)


def test_every_listed_model_exists():
    from django.apps import apps

    for label in report_cache.STATUS_MODELS:
        assert apps.get_model(label)



def test_keys_name_the_database_and_the_code():
    """A new release never unpickles what an older one stored (its classes may differ)."""
    from django.core.cache import cache
    from django.db import connections

    from core.cache import code_version

    key = cache.make_key("x")
    assert key.startswith(f"{connections['default'].settings_dict['NAME']}:{code_version()}:")
