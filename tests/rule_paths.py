"""One proposed placement, put through each path that can create it.

Each path returns what it decided: (refusal messages, warnings). The form posts the HR
page; the import runs a one-row file through `import_hr`; the referral accept accepts a
proposal stored earlier; the ranking asks `matching.ranking` with the facts its selectors
fetch. Every path runs in a savepoint that is rolled back, so one case can go through all.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from matching import ranking, selectors
from matching import services as matching_services
from matching.models import CandidateProfile, Referral
from placements import services
from placements.importers import LABELS, import_hr
from placements.models import PartTimeInsurance
from schemes.models import Benefit, ReadinessCategory
from tests.factories import (
    CitizenFactory,
    PlacementFactory,
    SlotFactory,
    WorkplaceFactory,
    scheme,
)

D = dt.date
OK = None


@dataclass
class Proposed:
    id: str
    scheme: str
    starts_on: dt.date
    end_on: dt.date | None
    refused: str | None = OK  # a fragment of the refusal, None: accepted
    benefit: str | None = None
    readiness: str | None = None
    qualifier: str = ""
    extension: str = ""
    extension_reason: str = ""
    hours: Decimal = Decimal("20")
    citizen: dict = field(default_factory=dict)
    part_time_insured: bool = False
    busy: tuple = ()


def setup(case: Proposed):
    slot = SlotFactory(
        workplace=WorkplaceFactory(), scheme=scheme(case.scheme), opened_on=D(2015, 1, 1)
    )
    benefit = Benefit.objects.get(code=case.benefit) if case.benefit else None
    readiness = ReadinessCategory.objects.get(code=case.readiness) if case.readiness else None
    citizen = CitizenFactory(benefit=benefit, readiness=readiness, **case.citizen)
    if case.part_time_insured:
        PartTimeInsurance.objects.create(citizen=citizen, valid_from=D(2020, 1, 1))
    for start, end in case.busy:
        PlacementFactory(citizen=citizen, starts_on=start, planned_end_on=end, hours_per_week=10)
    return slot, citizen


def _rolled_back(call):
    """Run `call` in a savepoint and undo what it wrote; a refusal is returned, not raised."""
    try:
        with transaction.atomic():
            result = call()
            transaction.set_rollback(True)
            return result
    except ValidationError as error:
        return error.messages, []


def _terms(case: Proposed) -> dict:
    return {
        "qualifier": case.qualifier,
        "extension": case.extension,
        "extension_reason": case.extension_reason,
    }


def by_service(case: Proposed, slot, citizen, user):
    def call():
        placement = services.placement_create(
            slot=slot,
            citizen=citizen,
            starts_on=case.starts_on,
            planned_end_on=case.end_on,
            hours_per_week=case.hours,
            benefit=citizen.benefit,
            readiness=citizen.readiness,
            acting_user=user,
            **_terms(case),
        )
        return [], placement.rule_warnings

    return _rolled_back(call)


def by_form(case: Proposed, slot, citizen, client):
    """The HR page "Nyt forløb": the refusals next to the fields, the warnings as messages."""

    def call():
        client.post(reverse("placements:citizen_search"), {"cpr": citizen.cpr})
        url = reverse(
            "placements:placement_create", kwargs={"slot": slot.pk, "citizen": citizen.pk}
        )
        response = client.post(
            url,
            {
                "citizen": citizen.pk,
                "starts_on": case.starts_on.isoformat(),
                "planned_end_on": case.end_on.isoformat() if case.end_on else "",
                "hours_per_week": str(case.hours).replace(".", ","),
                "benefit": citizen.benefit_id or "",
                "readiness": citizen.readiness_id or "",
                **_terms(case),
            },
            follow=True,
        )
        transaction.set_rollback(True)
        if "form" in response.context and response.context["form"].errors:
            errors = response.context["form"].errors
            return [str(m) for messages in errors.values() for m in messages], []
        shown = [str(m) for m in response.context["messages"] if m.level_tag == "warning"]
        return [], shown

    with transaction.atomic():
        return call()


def _unlabelled(message: str) -> str:
    for label in LABELS.values():
        if message.startswith(label + ": "):
            return message[len(label) + 2 :]
    return message


def by_import(case: Proposed, slot, citizen, user):
    """A one-row file with the proposal's columns, previewed (nothing is written)."""
    header = [
        "P-nummer", "Ordning", "Betegnelse", "Timer pr. uge", "CPR-nummer", "Ydelse",
        "Visitation", "Særligt kendetegn", "Forlængelse", "Begrundelse for forlængelse",
        "Startdato", "Planlagt slutdato",
    ]  # fmt: skip
    row = [
        slot.workplace.p_number,
        slot.scheme.code,
        slot.title,
        str(case.hours).replace(".", ","),
        citizen.cpr,
        citizen.benefit.code if citizen.benefit else "",
        citizen.readiness.code if citizen.readiness else "",
        case.qualifier,
        case.extension,
        case.extension_reason,
        case.starts_on.strftime("%d-%m-%Y"),
        case.end_on.strftime("%d-%m-%Y") if case.end_on else "",
    ]
    content = (";".join(header) + "\n" + ";".join(row) + "\n").encode()
    result = import_hr(filename="forslag.csv", content=content, acting_user=user, commit=False)
    if result.errors:
        return [_unlabelled(m) for _number, messages in result.errors for m in messages], []
    return [], result.rows[0].warnings


def by_referral_accept(case: Proposed, slot, citizen, user):
    """A proposal stored earlier, accepted by HR now."""

    def call():
        referral = Referral.objects.create(
            slot=slot,
            citizen=citizen,
            starts_on=case.starts_on,
            planned_end_on=case.end_on,
            hours_per_week=case.hours,
            **_terms(case),
        )
        accepted = matching_services.referral_accept(referral=referral, acting_user=user)
        return [], accepted.rule_warnings

    return _rolled_back(call)


def by_ranking(case: Proposed, slot, citizen):
    """The ranking's eligibility for the same dates and hours, from the selectors' facts."""
    profile, _created = CandidateProfile.objects.get_or_create(citizen=citizen)
    row = selectors.candidates_with_facts(case.starts_on).get(pk=profile.pk)
    book = selectors.rule_books([slot.scheme_id])[slot.scheme_id]
    facts = ranking.SlotFacts(
        slot_id=slot.pk,
        scheme_name=str(slot.scheme),
        scheme_id=slot.scheme_id,
        district_id=slot.workplace.district_id,
        district_name=str(slot.workplace.district),
        hours_per_week=case.hours,
        free_from=case.starts_on,
        workplace_is_public=slot.workplace.is_public,
        book=book,
    )
    problems = ranking.eligibility_problems(
        selectors.candidate_facts(row),
        facts,
        starts_on=case.starts_on,
        end_on=case.end_on,
        hours_per_week=case.hours,
    )
    return problems, None
