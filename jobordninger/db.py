"""Kept only because placements/migrations/0001_initial.py imports `jobordninger.db.DateRange`
by this path; migrations already applied are never edited. New code imports `core.db`."""

from core.db import DateRange

__all__ = ["DateRange"]
