"""Values kept in the shared cache until the data they were computed from change.

A *data version* is a random token under a name ("status", "matching"). Cache keys include
the current token; saving or deleting a row of any model listed for that name replaces the
token, so values computed from the old rows are never read again (they expire on their
own). A random token, not a counter: a cache that lost the token (restart, eviction)
starts a new version instead of reviving an old one.
"""

from __future__ import annotations

import hashlib
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterable
from functools import partial
from typing import TypeVar

from django.apps import apps
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

T = TypeVar("T")


def _version_key(name: str) -> str:
    return f"data-version:{name}"


def data_version(name: str) -> str:
    key = _version_key(name)
    version = cache.get(key)
    if version is None:
        cache.add(key, uuid.uuid4().hex, timeout=None)
        version = cache.get(key)
    return version


def new_data_version(name: str, **_signal) -> None:
    """The data changed: values cached so far are stale. Once now (this transaction's own
    later reads) and once after commit (a value computed meanwhile from the old rows)."""
    cache.set(_version_key(name), uuid.uuid4().hex, timeout=None)
    transaction.on_commit(lambda: cache.set(_version_key(name), uuid.uuid4().hex, timeout=None))


def invalidate_on_change(name: str, model_labels: Iterable[str]) -> None:
    """Every save and delete of these models (app_label.ModelName), and every change to
    their many-to-many fields, gives `name` a new version. Call from AppConfig.ready."""
    receiver = partial(new_data_version, name)
    _receivers.append(receiver)  # signals hold receivers weakly
    for label in model_labels:
        model = apps.get_model(label)
        uid = f"versioned_cache:{name}:{label}"
        post_save.connect(receiver, sender=model, dispatch_uid=uid + ":save")
        post_delete.connect(receiver, sender=model, dispatch_uid=uid + ":delete")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                receiver, sender=field.remote_field.through, dispatch_uid=f"{uid}:{field.name}"
            )


def invalidate_on_signal(name: str, signal) -> None:
    """A change made without saving models (a queryset `update()` that sends `signal`)
    gives `name` a new version too. Call from AppConfig.ready."""
    receiver = partial(new_data_version, name)
    _receivers.append(receiver)
    signal.connect(receiver, dispatch_uid=f"versioned_cache:{name}:signal:{id(signal)}")


_receivers: list = []


# While one process computes a value, others asking for it wait this long for it (polling)
# before computing it themselves: many users opening the same page at once cost one build.
WAIT_SECONDS = 30.0  # a cold status build at 10x under load takes longer than 10 s
POLL_SECONDS = 0.05


def get_or_compute(name: str, key: str, compute: Callable[[], T], timeout: int) -> T:
    """The cached value for `key` under the current version of `name`, else computed (by
    one process at a time; the others wait for its answer)."""
    full_key = f"{name}:{data_version(name)}:{key}"
    value = cache.get(full_key)
    if value is not None:
        return value
    lock = full_key + ":computing"
    if not cache.add(lock, True, timeout=int(WAIT_SECONDS) + 1):
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            time.sleep(POLL_SECONDS)
            value = cache.get(full_key)
            if value is not None:
                return value
    try:
        value = compute()
        cache.set(full_key, value, timeout)
    finally:
        cache.delete(lock)
    return value


# The latest few values each process has read through `get_or_compute_local`, by full key.
LOCAL_ENTRIES = 8
_local: OrderedDict[str, tuple[float, object]] = OrderedDict()
_local_lock = threading.Lock()


def get_or_compute_local(
    name: str, key: str, compute: Callable[[], T], timeout: int, *, shared: bool = True
) -> T:
    """As `get_or_compute`, with the value also kept in this process's memory: for a large
    value that every request reads (unpickling it from the cache on each request would cost
    more than the rest of the page). The key includes the data version, so a change to the
    data is seen here as soon as it is in the shared cache. `shared=False` keeps the value
    in this process only (each process computes it once per version): for personal data,
    which stays out of the shared cache."""
    full_key = f"{name}:{data_version(name)}:{key}"
    now = time.monotonic()
    with _local_lock:
        found = _local.get(full_key)
        if found is not None and found[0] > now:
            _local.move_to_end(full_key)
            return found[1]
    value = get_or_compute(name, key, compute, timeout) if shared else compute()
    with _local_lock:
        _local[full_key] = (now + timeout, value)
        while len(_local) > LOCAL_ENTRIES:
            _local.popitem(last=False)
    return value


class CachedQuerySet:
    """A queryset whose count and slices (a list's page) come from the cache under a data
    version: the same query gives the same rows until the data change. Everything else
    (iterating for an export, its model, its query) is the queryset's own."""

    def __init__(self, queryset, name: str, timeout: int):
        self.queryset, self.name, self.timeout = queryset, name, timeout
        self.key = "qs:" + hashlib.sha1(str(queryset.query).encode()).hexdigest()

    def count(self) -> int:
        return get_or_compute(self.name, self.key + ":count", self.queryset.count, self.timeout)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, item):
        if not isinstance(item, slice):
            return self.queryset[item]
        return get_or_compute(
            self.name,
            f"{self.key}:{item.start}:{item.stop}",
            lambda: list(self.queryset[item]),
            self.timeout,
        )

    def __iter__(self):
        return iter(self.queryset)

    def __getattr__(self, name):
        return getattr(self.queryset, name)
