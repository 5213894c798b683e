"""The consultant's pages from the cache: the board's page and the rankings are kept until
a placement, slot, pause, profile or proposal changes, and then never shown stale."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    CandidateProfileFactory,
    PlacementFactory,
    ReferralFactory,
    SlotPauseFactory,
    vacant_slot,
)

pytestmark = pytest.mark.django_db


def _slot_queries(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in captured.captured_queries if '"placements_slot"' in q["sql"]]


def test_the_board_comes_from_the_cache_until_a_slot_is_filled(client, consultant):
    today = timezone.localdate()
    first, second = vacant_slot(title="Første"), vacant_slot(title="Anden")
    client.force_login(consultant)
    url = reverse("matching:board")
    assert _slot_queries(client, url)  # the vacancy, computed
    assert not _slot_queries(client, url)  # the same page: from the cache
    PlacementFactory(slot=first, starts_on=today - dt.timedelta(days=1))
    titles = [r.record.title for r in client.get(url).context["table"].paginated_rows]
    assert titles == ["Anden"]
    SlotPauseFactory(slot=second, starts_on=today)
    assert not list(client.get(url).context["table"].paginated_rows)


def test_the_boards_open_proposals_are_counted_afresh(client, consultant):
    slot = vacant_slot()
    client.force_login(consultant)
    url = reverse("matching:board")
    rows = client.get(url).context["table"].paginated_rows
    assert [r.record.open_referrals for r in rows] == [0]
    ReferralFactory(slot=slot)
    rows = client.get(url).context["table"].paginated_rows
    assert [r.record.open_referrals for r in rows] == [1]


def test_a_slots_candidates_are_ranked_afresh_when_a_profile_changes(client, consultant):
    slot = vacant_slot()
    first = CandidateProfileFactory()
    client.force_login(consultant)
    url = reverse("matching:slot_detail", args=[slot.pk])
    assert client.get(url).context["eligible_count"] == 1
    later = CandidateProfileFactory()
    response = client.get(url)
    assert response.context["eligible_count"] == 2
    assert {m.candidate.citizen_id for m, _p in response.context["eligible"]} == {
        first.citizen_id,
        later.citizen_id,
    }
    later.active = False
    later.save()
    assert client.get(url).context["eligible_count"] == 1


def test_a_candidates_slots_are_ranked_afresh_when_a_slot_is_filled(client, consultant):
    profile = CandidateProfileFactory()
    slot = vacant_slot()
    client.force_login(consultant)
    url = reverse("matching:candidate_detail", args=[profile.citizen_id])
    assert [row["pk"] for _m, row in client.get(url).context["matches"]] == [slot.pk]
    PlacementFactory(slot=slot, starts_on=timezone.localdate())
    assert client.get(url).context["matches"] == []


def test_the_candidates_facts_stay_in_the_process_and_never_reach_redis(client, consultant):
    """Birth dates and frikort numbers: the ranking's candidate facts are kept per process
    only; the vacant slots (no personal data) are shared."""
    from django.core.cache import cache

    slot = vacant_slot()
    CandidateProfileFactory()
    client.force_login(consultant)
    assert client.get(reverse("matching:slot_detail", args=[slot.pk])).status_code == 200
    redis = cache._cache.get_client(None, write=False)
    keys = [key.decode() for key in redis.scan_iter(match="*matching:*", count=1000)]
    assert any(":vacant:" in key for key in keys)
    assert not any(":candidates:" in key for key in keys)
