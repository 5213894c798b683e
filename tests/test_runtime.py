"""The embedded default is the real thing: PostgreSQL (never SQLite) and a Redis that answers."""

import redis
from django.conf import settings
from django.db import connection


def test_database_is_postgresql(db):
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        assert int(cursor.fetchone()[0]) >= 150000


def test_redis_answers():
    assert redis.Redis.from_url(settings.REDIS_URL).ping()


def test_exclusion_constraint_is_in_the_schema(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT contype FROM pg_constraint WHERE conname = 'one_placement_per_slot_per_day'"
        )
        assert cursor.fetchone() == ("x",)
