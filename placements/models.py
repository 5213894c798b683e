"""The registry: slots (spells, pauses), citizens, placements, frikort payments, access log."""

import datetime as dt

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateRangeField, RangeOperators
from django.contrib.postgres.indexes import GistIndex
from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core import cpr as cpr_numbers
from core.cpr import validate as validate_cpr  # the name placements/migrations/0001 uses
from core.db import DateRange, IntPointRange, one_row_per_day
from organisation.models import District, Workplace
from organisation.scope import ADMINISTRATOR, CONSULTANT, department_ids_for, roles_of
from schemes.models import Benefit, Qualifier, ReadinessCategory, Scheme


class SlotState(models.TextChoices):
    NOT_OPENED = "not_opened", _("ikke åbnet")
    CLOSED = "closed", _("nedlagt")
    PAUSED = "paused", _("i bero")
    FILLED = "filled", _("besat")
    OPEN = "open", _("åben")


class SlotQuerySet(models.QuerySet):
    def for_user(self, user):
        ids = department_ids_for(user)
        return self if ids is None else self.filter(workplace__department_id__in=ids)

    def with_state_on(self, day: dt.date):
        """Annotate `state`: derived from spells, pauses and placements, never stored.

        `opened_on` is the first spell's opening: before it the slot did not exist; on a day
        no spell covers (after a closing, before a reopening) it is nedlagt.
        """
        return self.annotate(
            state=Case(
                When(opened_on__gt=day, then=Value(SlotState.NOT_OPENED)),
                When(~exists_on(day), then=Value(SlotState.CLOSED)),
                When(paused_on(day), then=Value(SlotState.PAUSED)),
                When(filled_on(day), then=Value(SlotState.FILLED)),
                default=Value(SlotState.OPEN),
                output_field=models.CharField(),
            )
        )


def exists_on(day: dt.date) -> Exists:
    """The outer slot is in one of its open spells on `day` (opened, not closed)."""
    return Exists(SlotSpell.objects.filter(slot=OuterRef("pk")).covering(day))


def paused_on(day: dt.date) -> Exists:
    """The outer slot is i bero on `day` (for Slot querysets)."""
    return Exists(SlotPause.objects.filter(slot=OuterRef("pk")).covering(day))


def filled_on(day: dt.date) -> Exists:
    """The outer slot holds a placement on `day` (for Slot querysets)."""
    return Exists(Placement.objects.filter(slot=OuterRef("pk")).active_on(day))


class Slot(models.Model):
    """A position for one person under one scheme at one workplace."""

    workplace = models.ForeignKey(
        Workplace, on_delete=models.PROTECT, related_name="slots", verbose_name=_("arbejdssted")
    )
    scheme = models.ForeignKey(
        Scheme, on_delete=models.PROTECT, related_name="slots", verbose_name=_("ordning")
    )
    title = models.CharField(_("betegnelse"), max_length=200)
    description = models.TextField(_("beskrivelse af opgaverne"), blank=True)
    vacancy_reason = models.ForeignKey(
        "VacancyReason",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="slots",
        verbose_name=_("årsag til at pladsen står åben"),
        help_text=_("Hvorfor pladsen ikke er besat. Tælles i opgørelsen af åbne pladser."),
    )
    hours_per_week = models.DecimalField(
        _("timer pr. uge"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    # A summary of the spells (SlotSpell), kept in step by the slot services: the first
    # opening, and the last spell's closing (empty while the slot is open or reopened).
    opened_on = models.DateField(_("oprettet fra"))
    closed_on = models.DateField(
        _("nedlagt pr."),
        null=True,
        blank=True,
        help_text=_("Pladsen er nedlagt fra og med denne dato."),
    )

    history = HistoricalRecords()
    objects = SlotQuerySet.as_manager()

    class Meta:
        ordering = ["workplace__name", "title", "pk"]
        verbose_name = _("plads")
        verbose_name_plural = _("pladser")
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gt=F("opened_on")),
                name="slot_closed_after_opened",
            ),
        ]
        indexes = [models.Index(fields=["scheme", "opened_on"])]

    def __str__(self):
        return f"{self.title} ({self.scheme}, {self.workplace})"

    def summarise_spells(self) -> None:
        """Copy the first opening and the last closing of the spells onto the slot (unsaved)."""
        spells = list(self.spells.order_by("opened_on").values_list("opened_on", "closed_on"))
        self.opened_on, self.closed_on = spells[0][0], spells[-1][1]

    def state_on(self, day: dt.date) -> SlotState:
        """The slot's derived state on `day` (one query)."""
        rows = Slot.objects.filter(pk=self.pk).with_state_on(day)
        return SlotState(rows.values_list("state", flat=True).get())


class SlotSpellQuerySet(models.QuerySet):
    def covering(self, day: dt.date):
        return self.filter(Q(opened_on__lte=day), Q(closed_on__isnull=True) | Q(closed_on__gt=day))


class SlotSpell(models.Model):
    """A period in which a slot exists: from an opening (or reopening) to its closing.

    Between two spells the slot is nedlagt; a slot's spells never overlap.
    """

    slot = models.ForeignKey(Slot, on_delete=models.CASCADE, related_name="spells")
    opened_on = models.DateField(_("åben fra"))
    closed_on = models.DateField(
        _("nedlagt pr."),
        null=True,
        blank=True,
        help_text=_("Første dag, pladsen er nedlagt. Tom: åben indtil videre."),
    )

    history = HistoricalRecords()
    objects = SlotSpellQuerySet.as_manager()

    class Meta:
        ordering = ["slot", "opened_on"]
        verbose_name = _("åbningsperiode")
        verbose_name_plural = _("åbningsperioder")
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gt=F("opened_on")),
                name="spell_closed_after_opened",
            ),
            one_row_per_day(
                name="one_spell_per_slot_per_day",
                keys=["slot_id"],
                starts="opened_on",
                ends="closed_on",
                bounds="[)",  # closed_on is the first day closed
                message=_("Pladsen er allerede åben i en del af perioden."),
            ),
        ]

    def __str__(self):
        return f"{self.slot} åben fra {self.opened_on:%d-%m-%Y}"


class SlotPauseQuerySet(models.QuerySet):
    def covering(self, day: dt.date):
        return self.filter(Q(starts_on__lte=day), Q(ends_on__isnull=True) | Q(ends_on__gte=day))


class SlotPause(models.Model):
    """A period in which a slot is i bero: neither filled nor offered."""

    slot = models.ForeignKey(Slot, on_delete=models.CASCADE, related_name="pauses")
    starts_on = models.DateField(_("i bero fra"))
    ends_on = models.DateField(_("i bero til og med"), null=True, blank=True)
    reason = models.CharField(_("begrundelse"), max_length=200, blank=True)

    history = HistoricalRecords()
    objects = SlotPauseQuerySet.as_manager()

    class Meta:
        ordering = ["slot", "starts_on"]
        verbose_name = _("pause")
        verbose_name_plural = _("pauser")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="pause_ends_after_start",
            ),
            # As for placements: the slot as a one-point range, so plain GiST suffices.
            one_row_per_day(
                name="one_pause_per_slot_per_day",
                keys=["slot_id"],
                starts="starts_on",
                ends="ends_on",
                message=_("Pladsen er allerede i bero i en del af perioden."),
            ),
        ]

    def __str__(self):
        return f"{self.slot} i bero fra {self.starts_on:%d-%m-%Y}"


class CitizenQuerySet(models.QuerySet):
    def for_user(self, user):
        """Consultants and administrators see the register; HR only citizens placed with them.

        HR finds anyone else by exact CPR through `placements.services.citizen_find_by_cpr`.
        """
        roles = roles_of(user)
        if ADMINISTRATOR in roles or CONSULTANT in roles:
            return self
        ids = department_ids_for(user)
        if not ids:
            return self.none()
        return self.filter(
            Exists(
                Placement.objects.filter(
                    citizen=OuterRef("pk"), slot__workplace__department_id__in=ids
                )
            )
        )


class Citizen(models.Model):
    """A person who is or may be placed. The minimum only (docs/personal-data.md): no health data."""

    cpr = models.CharField(
        _("CPR-nummer"),
        max_length=10,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_cpr],
    )
    name = models.CharField(_("navn"), max_length=200)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("bydel")
    )
    readiness = models.ForeignKey(
        ReadinessCategory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("visitationskategori"),
    )
    benefit = models.ForeignKey(
        Benefit, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("ydelse")
    )
    frikort_number = models.CharField(_("frikortnummer"), max_length=30, blank=True)
    frikort_valid_until = models.DateField(_("frikort gyldigt til"), null=True, blank=True)
    has_fleksjob_visitation = models.BooleanField(_("visiteret til fleksjob"), default=False)
    has_seniorjob_entitlement = models.BooleanField(_("ret til seniorjob"), default=False)
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="citizens",
        verbose_name=_("jobkonsulent"),
    )
    anonymised_on = models.DateField(_("anonymiseret"), null=True, blank=True)
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)

    history = HistoricalRecords()
    objects = CitizenQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("borger")
        verbose_name_plural = _("borgere")

    def __str__(self):
        return self.name

    @property
    def birth_date(self) -> dt.date | None:
        return cpr_numbers.birth_date(self.cpr)

    def has_valid_frikort(self, day: dt.date) -> bool:
        return bool(self.frikort_number) and (
            self.frikort_valid_until is None or self.frikort_valid_until >= day
        )


class PartTimeInsurance(models.Model):
    """A period in which the citizen is deltidsforsikret (seniorjob hours follow it)."""

    citizen = models.ForeignKey(
        Citizen, on_delete=models.CASCADE, related_name="part_time_insurance"
    )
    valid_from = models.DateField(_("deltidsforsikret fra"))
    valid_to = models.DateField(_("deltidsforsikret til og med"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["citizen", "valid_from"]
        verbose_name = _("deltidsforsikring")
        verbose_name_plural = _("deltidsforsikring")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="part_time_insurance_period",
            ),
        ]

    def __str__(self):
        return f"{self.citizen} deltidsforsikret fra {self.valid_from:%d-%m-%Y}"


class Extension(models.TextChoices):
    NONE = "", _("ingen forlængelse")
    ASSESSED = "assessed", _("forlænget efter en konkret vurdering")
    SPECIAL_NEED = "special_need", _("helt særligt behov")


class ProposalTerms(models.Model):
    """What a placement and a referral both propose beyond dates and hours."""

    qualifier = models.CharField(
        _("særligt kendetegn"),
        max_length=30,
        choices=Qualifier.choices,
        blank=True,
        help_text=_("Fx dimittend eller uden erhvervserfaring: indgår i målgruppen."),
    )
    extension = models.CharField(
        _("forlængelse"), max_length=20, choices=Extension.choices, blank=True
    )
    extension_reason = models.TextField(
        _("begrundelse for forlængelse"),
        blank=True,
        help_text=_("Kræves ved helt særligt behov. Ingen helbredsoplysninger."),
    )
    tr_name = models.CharField(_("tillidsrepræsentant"), max_length=200, blank=True)
    tr_statement_on = models.DateField(
        _("udtalelse/orientering dato"),
        null=True,
        blank=True,
        help_text=_("Dagen tillidsrepræsentanten udtalte sig eller blev orienteret."),
    )

    class Meta:
        abstract = True


class Outcome(models.TextChoices):
    ORDINARY_JOB = "ordinary_job", _("ordinært job")
    EDUCATION = "education", _("uddannelse")
    OTHER_SCHEME = "other_scheme", _("anden ordning")
    BENEFITS = "benefits", _("tilbage på ydelse")
    MOVED = "moved", _("fraflyttet")
    UNKNOWN = "unknown", _("ukendt")


class PlacementQuerySet(models.QuerySet):
    def for_user(self, user):
        ids = department_ids_for(user)
        return self if ids is None else self.filter(slot__workplace__department_id__in=ids)

    def active_on(self, day: dt.date):
        return self.filter(period__contains=day)

    def in_period(self, start: dt.date, end: dt.date):
        return self.filter(period__overlap=DateRange(Value(start), Value(end)))


# placements/migrations/0001_initial.py refers to the expression by this name.
SlotAsRange = IntPointRange


class Placement(ProposalTerms):
    """One citizen in one slot from a start date to an end date (forløb).

    `benefit`, `readiness` and `qualifier` are the citizen's as they were at the start
    (the målgruppe): a later re-assessment of the citizen changes neither the cap nor the
    outcome tables of a placement already running.
    """

    slot = models.ForeignKey(
        Slot, on_delete=models.PROTECT, related_name="placements", verbose_name=_("plads")
    )
    citizen = models.ForeignKey(
        Citizen, on_delete=models.PROTECT, related_name="placements", verbose_name=_("borger")
    )
    benefit = models.ForeignKey(
        Benefit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("ydelse under forløbet"),
    )
    readiness = models.ForeignKey(
        ReadinessCategory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("visitation ved start"),
    )
    starts_on = models.DateField(_("startdato"))
    planned_end_on = models.DateField(
        _("planlagt slutdato"), null=True, blank=True, help_text=_("Tom: tidsubegrænset.")
    )
    ended_on = models.DateField(_("faktisk slutdato"), null=True, blank=True)
    hours_per_week = models.DecimalField(_("timer pr. uge"), max_digits=4, decimal_places=1)
    outcome = models.CharField(_("udfald"), max_length=20, choices=Outcome.choices, blank=True)
    # Start and end both inclusive; an open placement runs on (upper bound NULL).
    period = models.GeneratedField(
        expression=DateRange(F("starts_on"), Coalesce(F("ended_on"), F("planned_end_on"))),
        output_field=DateRangeField(),
        db_persist=True,
        verbose_name=_("periode"),
    )
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["period"])
    objects = PlacementQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "pk"]
        verbose_name = _("forløb")
        verbose_name_plural = _("forløb")
        constraints = [
            # The database itself refuses two placements in one slot on the same day. The slot
            # is compared as a one-point range so plain GiST suffices (no btree_gist needed).
            ExclusionConstraint(
                name="one_placement_per_slot_per_day",
                expressions=[
                    (SlotAsRange(F("slot_id")), RangeOperators.OVERLAPS),
                    ("period", RangeOperators.OVERLAPS),
                ],
                violation_error_message=_("Pladsen er allerede besat i en del af perioden."),
            ),
            models.CheckConstraint(
                condition=Q(planned_end_on__isnull=True) | Q(planned_end_on__gte=F("starts_on")),
                name="placement_planned_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("starts_on")),
                name="placement_ended_after_start",
            ),
        ]
        indexes = [
            GistIndex(fields=["period"], name="placement_period_gist"),
            # The placement list's default order: newest first, read from the index page by page.
            models.Index(fields=["-starts_on", "id"], name="placement_newest_first"),
        ]

    def __str__(self):
        return f"{self.citizen} i {self.slot}"

    @property
    def end_on(self) -> dt.date | None:
        """The effective last day: the actual end, else the planned end, else open."""
        return self.ended_on or self.planned_end_on


class FrikortPaymentQuerySet(models.QuerySet):
    def for_user(self, user):
        roles = roles_of(user)
        if ADMINISTRATOR in roles:
            return self
        if CONSULTANT in roles:
            return self.none()  # consultants see no wages or payments
        ids = department_ids_for(user)
        return self.filter(placement__slot__workplace__department_id__in=ids or [])


class FrikortPayment(models.Model):
    """A payment under the socialt frikort (småjob): counted against the year's limit."""

    placement = models.ForeignKey(
        Placement,
        on_delete=models.PROTECT,
        related_name="frikort_payments",
        verbose_name=_("forløb"),
    )
    paid_on = models.DateField(_("udbetalingsdato"))
    amount = models.DecimalField(_("beløb (kr.)"), max_digits=9, decimal_places=2)
    hours = models.DecimalField(_("timer"), max_digits=6, decimal_places=2)
    override_reason = models.TextField(_("begrundelse for overskridelse"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()
    objects = FrikortPaymentQuerySet.as_manager()

    class Meta:
        ordering = ["-paid_on", "pk"]
        verbose_name = _("frikortudbetaling")
        verbose_name_plural = _("frikortudbetalinger")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="frikort_amount_positive"),
        ]

    def __str__(self):
        return f"{self.amount} kr. {self.paid_on:%d-%m-%Y}"


class CitizenAccess(models.Model):
    """Who saw which citizen's record, when and why (docs/personal-data.md). Never deleted by users."""

    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="access_log")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    username = models.CharField(_("bruger"), max_length=150)
    at = models.DateTimeField(_("tidspunkt"), auto_now_add=True)
    purpose = models.CharField(_("formål"), max_length=200)
    path = models.CharField(_("side"), max_length=300)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("opslag på borger")
        verbose_name_plural = _("opslag på borgere")
        indexes = [models.Index(fields=["citizen", "-at"])]

    def __str__(self):
        return f"{self.username} {self.at:%d-%m-%Y %H:%M}"


class CprLookup(models.Model):
    """Every search by CPR number, found or not: who searched, when, and whether it hit.

    The number itself is kept only as a keyed digest, so the log can answer "who searched
    this CPR?" without becoming a list of CPR numbers. Also the basis of the per-user limit.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    username = models.CharField(_("bruger"), max_length=150)
    at = models.DateTimeField(_("tidspunkt"), auto_now_add=True)
    cpr_digest = models.CharField(_("CPR (nøglet hash)"), max_length=64)
    citizen = models.ForeignKey(
        Citizen, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    path = models.CharField(_("side"), max_length=300)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("CPR-opslag")
        verbose_name_plural = _("CPR-opslag")
        indexes = [models.Index(fields=["user", "-at"]), models.Index(fields=["cpr_digest"])]

    def __str__(self):
        return f"{self.username} {self.at:%d-%m-%Y %H:%M}"


class VacancyReason(models.Model):
    """Why an open slot is not filled (reference data the administrator keeps).

    A reason no longer offered is made inactive, not deleted, so older slots keep theirs.
    """

    name = models.CharField(_("årsag"), max_length=200, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)
    active = models.BooleanField(_("kan vælges"), default=True)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("årsag til åben plads")
        verbose_name_plural = _("årsager til åbne pladser")

    def __str__(self):
        return self.name
