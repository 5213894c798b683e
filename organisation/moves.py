"""Moving a workplace to another department from a date, keeping its department history.

Every figure counts a day in the department the workplace belonged to on that day
(`DepartmentSpell`); `Workplace.department` is the department in force today, which
decides who may see the workplace.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import formatting
from organisation.models import HISTORY_ORIGIN, Department, DepartmentSpell, Workplace


def department_history(workplace: Workplace) -> list[DepartmentSpell]:
    """The workplace's departments, oldest first."""
    return list(workplace.department_spells.select_related("department").order_by("valid_from"))


def department_on(workplace: Workplace, day: dt.date) -> Department | None:
    spell = workplace.department_spells.filter(valid_from__lte=day).order_by("-valid_from").first()
    if spell is None or (spell.valid_to is not None and spell.valid_to < day):
        return None
    return spell.department


@transaction.atomic
def move_workplace(
    *, workplace: Workplace, department: Department, from_date: dt.date
) -> DepartmentSpell:
    """The workplace belongs to `department` from `from_date` on; earlier days keep their
    department. A later move already recorded is replaced. The history rows are audited
    (simple-history) in this transaction."""
    today = timezone.localdate()
    if from_date > today:
        raise ValidationError(
            {"from_date": _("En flytning kan gælde fra i dag eller en tidligere dato.")}
        )
    if from_date <= HISTORY_ORIGIN:
        raise ValidationError(
            {
                "from_date": _("Vælg en dato efter %(day)s.")
                % {"day": formatting.date(HISTORY_ORIGIN)}
            }
        )
    workplace = Workplace.objects.select_for_update().get(pk=workplace.pk)
    if department_on(workplace, from_date) == department:
        raise ValidationError(
            {
                "department": _("Arbejdsstedet hører allerede til %(department)s den dag.")
                % {"department": department}
            }
        )
    spell = DepartmentSpell.start(workplace, department.pk, from_date)
    # The move is dated today or earlier, so the new department is the current one.
    workplace.department = department
    workplace.save(update_fields=["department"])
    return spell
