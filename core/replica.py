"""Reads that may go to a PostgreSQL read replica (docs/operations.md).

With `DATABASE_REPLICA_URL` set, settings add the database alias `replica` and this router.
Only code run inside `replica_reads()` reads from it: the read-heavy pages that show figures
(the status, the vacant-slot board). Everything else, and every write, uses `default`, so
a page never reads its own write from a replica that lags behind.
"""

from __future__ import annotations

import contextvars
from contextlib import contextmanager

from django.conf import settings

REPLICA = "replica"

_reading_from_replica: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "reading_from_replica", default=False
)


@contextmanager
def replica_reads():
    """Within this block, reads go to the replica when one is configured."""
    token = _reading_from_replica.set(True)
    try:
        yield
    finally:
        _reading_from_replica.reset(token)


class ReplicaRouter:
    """Reads inside `replica_reads()` go to the replica; all else to `default`."""

    def db_for_read(self, model, **hints):
        if _reading_from_replica.get() and getattr(settings, "REPLICA_READS", True):
            return REPLICA
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same data on both

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"  # the replica follows the primary by itself
