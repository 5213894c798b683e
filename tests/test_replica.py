"""The read replica: the status and the board read from it when one is configured; every
write, and every other page, stays on the primary. The suite's settings name a second alias,
`replica`, on the same server (jobordninger/settings.py), as DATABASE_REPLICA_URL would."""

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.replica import ReplicaRouter, replica_reads
from placements.models import Slot
from tests.factories import vacant_slot
from tests.status_scenario import build_scenario

both = pytest.mark.django_db(databases=["default", "replica"])


@pytest.fixture
def replica_on(settings):
    settings.REPLICA_READS = True
    yield
    connections["replica"].close()  # its own connection: the test database is dropped later


def test_the_router_reads_from_the_replica_only_inside_replica_reads(replica_on):
    router = ReplicaRouter()
    assert router.db_for_read(Slot) == "default"
    with replica_reads():
        assert router.db_for_read(Slot) == "replica"
        assert router.db_for_write(Slot) == "default"
        assert Slot.objects.all().db == "replica"
    assert Slot.objects.all().db == "default"
    assert not router.allow_migrate("replica", "placements")


def test_without_replica_reads_setting_nothing_goes_to_the_replica():
    with replica_reads():
        assert ReplicaRouter().db_for_read(Slot) == "default"


def _tables_read(queries) -> str:
    return " ".join(q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT"))


@both
def test_the_board_reads_vacancy_from_the_replica(client, consultant, replica_on):
    vacant_slot()
    client.force_login(consultant)
    with (
        CaptureQueriesContext(connections["replica"]) as replica,
        CaptureQueriesContext(connections["default"]) as primary,
    ):
        assert client.get(reverse("matching:board")).status_code == 200
    assert '"placements_slot"' in _tables_read(replica)
    assert '"placements_slot"' not in _tables_read(primary)


@both
def test_the_status_of_a_finished_period_is_built_on_the_replica(client, secretary, replica_on):
    build_scenario()
    client.force_login(secretary)
    with (
        CaptureQueriesContext(connections["replica"]) as replica,
        CaptureQueriesContext(connections["default"]) as primary,
    ):
        assert client.get(reverse("reports:status") + "?year=2024&half=1").status_code == 200
    assert '"placements_placement"' in _tables_read(replica)
    assert '"placements_placement"' not in _tables_read(primary)
    assert '"auth_user"' in _tables_read(primary)  # everything else stays on the primary
