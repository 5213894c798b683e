"""The shared cache's address and keys (settings.CACHES).

Several databases may share one Redis: the demo, a 10x copy for measuring, each test run's
own database. Every key therefore names the database it was computed from, and the code
that computed it: a new release never reads values (pickled objects) an older one stored.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

CACHE_DB = 1  # Celery's broker keeps Redis database 0


def cache_url(redis_url: str) -> str:
    """The broker's Redis, database 1: `redis://h:6379/0` → `redis://h:6379/1`, and a unix
    socket `unix:///path.sock` → `unix:///path.sock?db=1`."""
    parts = urlsplit(redis_url)
    if parts.scheme == "unix":  # urlunsplit would drop the empty host ("unix:///")
        query = {**dict(parse_qsl(parts.query)), "db": str(CACHE_DB)}
        return f"unix://{parts.path}?{urlencode(query)}"
    return urlunsplit(parts._replace(path=f"/{CACHE_DB}"))


APPS = ("core", "organisation", "schemes", "placements", "matching", "reports", "jobordninger")


@cache
def code_version() -> str:
    """A digest of the application's Python source, once per process."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha1()
    for path in sorted(p for app in APPS for p in (root / app).rglob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def make_key(key: str, key_prefix: str, version: int) -> str:
    """Django's key with the database the value came from and the code that made it."""
    from django.db import connections

    database = connections["default"].settings_dict["NAME"]
    return f"{database}:{code_version()}:{key_prefix}:{version}:{key}"
