"""core.versioned_cache: one computation while others wait for it; versions per name."""

import threading

import pytest
from django.core.cache import cache

from core import versioned_cache

pytestmark = pytest.mark.django_db  # a new version is also set after commit


def test_a_value_another_process_is_computing_is_waited_for():
    key = "one-build"
    full_key = f"test:{versioned_cache.data_version('test')}:{key}"
    cache.add(full_key + ":computing", True, timeout=5)  # someone else is building it
    threading.Timer(0.2, lambda: cache.set(full_key, "theirs", 60)).start()
    computed = []
    value = versioned_cache.get_or_compute("test", key, lambda: computed.append(1) or "ours", 60)
    assert value == "theirs" and not computed


def test_a_new_version_of_one_name_leaves_the_others():
    versioned_cache.get_or_compute("a", "k", lambda: 1, 60)
    versioned_cache.get_or_compute("b", "k", lambda: 1, 60)
    versioned_cache.new_data_version("a")
    assert versioned_cache.get_or_compute("a", "k", lambda: 2, 60) == 2
    assert versioned_cache.get_or_compute("b", "k", lambda: 2, 60) == 1


def test_a_local_value_is_kept_in_the_process_until_the_version_changes():
    computed = []

    def compute():
        computed.append(1)
        return len(computed)

    assert versioned_cache.get_or_compute_local("test", "k", compute, 60) == 1
    cache.delete(f"test:{versioned_cache.data_version('test')}:k")  # not read from Redis
    assert versioned_cache.get_or_compute_local("test", "k", compute, 60) == 1
    versioned_cache.new_data_version("test")
    assert versioned_cache.get_or_compute_local("test", "k", compute, 60) == 2


def test_a_value_not_shared_never_reaches_the_shared_cache():
    value = versioned_cache.get_or_compute_local("test", "mine", lambda: "x", 60, shared=False)
    assert value == "x"
    assert cache.get(f"test:{versioned_cache.data_version('test')}:mine") is None
