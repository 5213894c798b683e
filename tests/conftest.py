"""Named personas (healthchecks' hc/test.py style) and shared fixtures."""

import pytest

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
