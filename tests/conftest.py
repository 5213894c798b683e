"""Named personas (healthchecks' hc/test.py style) and shared fixtures."""

import os

import pytest

# Before Django settings load: this run's own Celery queue.
os.environ.setdefault("CELERY_TASK_DEFAULT_QUEUE", f"test-{os.getpid()}")

from organisation.scope import ADMINISTRATOR, CONSULTANT, HR, SECRETARY
from tests.factories import user_with_role


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: the database is rolled back between tests, the
    shared Redis cache is not. Only this run's keys (they name its database): another run
    on the same Redis keeps its own."""
    from django.core.cache import cache
    from django.db import connections

    database = connections["default"].settings_dict["NAME"]
    client = cache._cache.get_client(None, write=True)
    keys = list(client.scan_iter(match=f"{database}:*", count=1000))
    if keys:
        client.delete(*keys)
    from core import versioned_cache

    versioned_cache._local.clear()  # keyed by data versions, which the cache just forgot


@pytest.fixture
def hr_sof(db):
    """Hanne, HR in Socialforvaltningen."""
    return user_with_role("hanne", HR, departments=["SOF"])


@pytest.fixture
def hr_buf(db):
    """Bo, HR in Børne- og Ungdomsforvaltningen."""
    return user_with_role("bo", HR, departments=["BUF"])


@pytest.fixture
def consultant(db):
    """Karim, jobkonsulent in the jobcenter (BIF)."""
    return user_with_role("karim", CONSULTANT, departments=["BIF"])


@pytest.fixture
def secretary(db):
    """Sofie, udvalgssekretær in ØKF."""
    return user_with_role("sofie", SECRETARY, departments=["ØKF"])


@pytest.fixture
def administrator(db):
    """Anders, administrator in ØKF."""
    return user_with_role("anders", ADMINISTRATOR, is_staff=True)


@pytest.fixture(autouse=True)
def _small_numbers_shown(request, settings):
    """The hand-computed scenarios hold cells of one person; they check figures, not hiding.

    Tests marked `small_numbers` run with the real threshold (tests/test_small_numbers.py);
    the rest see every figure, as an administrator does.
    """
    if "small_numbers" not in request.keywords:
        settings.SMALL_NUMBER_THRESHOLD = 1


# Tests that another process must see committed data in (live server, Celery worker).
# serialized_rollback restores the reference data from migrations after each flush.
transactional = pytest.mark.django_db(transaction=True, serialized_rollback=True)


# What the migrations alone left in the test database: a fresh install's organisation.
FRESH_INSTALL: dict[str, int] = {}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Migrations load no municipality's organisation; the tests use the Copenhagen demo's
    organisation and target policy (open nytteindsats slots count; småjob is a
    virksomhedsrettet forløb).

    Loaded once per run, and serialized again so that transactional tests restore it too.
    """
    from django.db import connection

    from jobordninger.demo_municipalities import COPENHAGEN, load_organisation, load_policy
    from organisation.models import Department, District
    from schemes.models import TargetCategoryScheme

    with django_db_blocker.unblock():
        FRESH_INSTALL.update(
            departments=Department.objects.count(),
            districts=District.objects.count(),
            open_slot_links=TargetCategoryScheme.objects.filter(open_slots_count=True).count(),
            smaajob_in_virksomhedsrettede=TargetCategoryScheme.objects.filter(
                category__code="virksomhedsrettede", scheme__code="smaajob"
            ).count(),
        )
        load_organisation(COPENHAGEN, with_settings=False)
        load_policy(COPENHAGEN)
        connection._test_serialized_contents = connection.creation.serialize_db_to_string()


@pytest.fixture(autouse=True)
def _municipality_settings_per_test(django_db_setup, django_db_blocker):
    """Settings are cached per process: each test starts from the saved (default) ones,
    already read, as a running server has them, and a test's change does not leak."""
    from organisation.models import Municipality

    Municipality.forget()
    with django_db_blocker.unblock():
        Municipality.current()
    yield
    Municipality.forget()


@pytest.fixture(scope="session", autouse=True)
def _own_celery_queue():
    """Each test run sends its tasks to a queue of its own (see tests/worker.py)."""
    from django.conf import settings

    settings.CELERY_TASK_DEFAULT_QUEUE = os.environ["CELERY_TASK_DEFAULT_QUEUE"]
    from jobordninger.celery import app

    app.conf.task_default_queue = settings.CELERY_TASK_DEFAULT_QUEUE
    yield
    try:
        with app.connection_for_write() as conn:
            conn.default_channel.queue_purge(settings.CELERY_TASK_DEFAULT_QUEUE)
    except Exception:  # noqa: BLE001  (a broker test may have stopped Redis; nothing to purge)
        pass
