"""Named personas (healthchecks' hc/test.py style) and shared fixtures."""

import os

import pytest

# Before Django settings load: this run's own Celery queue.
os.environ.setdefault("CELERY_TASK_DEFAULT_QUEUE", f"test-{os.getpid()}")

from organisation.scope import ADMINISTRATOR, CONSULTANT, HR, SECRETARY
from tests.factories import user_with_role


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


# Tests that another process must see committed data in (live server, Celery worker).
# serialized_rollback restores the reference data from migrations after each flush.
transactional = pytest.mark.django_db(transaction=True, serialized_rollback=True)


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
