"""Small helpers shared by the HR views."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.core.exceptions import ValidationError

from placements.forms import DKFDSFormMixin

T = TypeVar("T")


def run_service(form: DKFDSFormMixin, service: Callable[..., T], **kwargs) -> T | None:
    """Call a service; its rule failures become errors on the form's fields."""
    try:
        return service(**kwargs)
    except ValidationError as error:
        form.add_service_errors(error)
        return None
