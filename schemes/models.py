"""The rulebook: schemes and their rule versions, frikort limits, reference data, targets.

Anything the law changes is data with validity dates, never a constant in code.
"""

import datetime as dt

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import RangeOperators
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core import formatting
from core.db import IntPointRange, IntRange, one_row_per_day
from core.periods import year_range_text
from organisation.models import Department
from organisation.scope import department_ids_for


class ValidityQuerySet(models.QuerySet):
    def valid_on(self, day: dt.date):
        return self.filter(Q(valid_from__lte=day), Q(valid_to__isnull=True) | Q(valid_to__gte=day))


class ValidityPeriod(models.Model):
    """Validity dates, both inclusive; an empty `valid_to` means still in force."""

    valid_from = models.DateField(_("gælder fra"))
    valid_to = models.DateField(_("gælder til"), null=True, blank=True)

    objects = ValidityQuerySet.as_manager()

    class Meta:
        abstract = True

    def is_valid_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class Scheme(ValidityPeriod):
    """A special job scheme (ordning), e.g. fleksjob or virksomhedspraktik."""

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("navn"), max_length=100, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("ordning")
        verbose_name_plural = _("ordninger")

    def __str__(self):
        return self.name


class SchemeRule(ValidityPeriod):
    """One version of a scheme's rules, in force from `valid_from` to `valid_to`."""

    scheme = models.ForeignKey(
        Scheme, on_delete=models.CASCADE, related_name="rules", verbose_name=_("ordning")
    )
    max_hours_per_week = models.DecimalField(
        _("højst timer pr. uge"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    min_hours_per_week = models.DecimalField(
        _("mindst timer pr. uge"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    needs_frikort = models.BooleanField(_("kræver socialt frikort"), default=False)
    needs_fleksjob_visitation = models.BooleanField(_("kræver fleksjobvisitation"), default=False)
    needs_seniorjob_entitlement = models.BooleanField(_("kræver ret til seniorjob"), default=False)
    public_workplace_only = models.BooleanField(_("kun offentlige arbejdssteder"), default=False)
    counts_in_reasonableness = models.BooleanField(
        _("tæller i rimelighedskravet"),
        default=False,
        help_text=_(
            "Løntilskud og virksomhedspraktik tæller med i forholdet til ordinært ansatte."
        ),
    )
    last_start_on = models.DateField(
        _("sidste startdato"),
        null=True,
        blank=True,
        help_text=_("Nye forløb kan ikke starte efter denne dag; igangværende kan fortsætte."),
    )
    tr_requirement = models.CharField(
        _("tillidsrepræsentant"),
        max_length=20,
        blank=True,
        choices=[
            ("", _("intet krav")),
            ("statement", _("udtalelse før start")),
            ("orientation", _("orientering før start")),
        ],
    )
    part_time_insured_hours = models.DecimalField(
        _("timer pr. uge for deltidsforsikrede"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("Seniorjob: deltidsforsikrede ansættes med dette timetal."),
    )
    full_time_insured_hours = models.DecimalField(
        _("timer pr. uge for fuldtidsforsikrede"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
    )
    runs_until_early_retirement = models.BooleanField(
        _("ophører ved efterlønsalderen"), default=False
    )
    legal_source = models.CharField(_("hjemmel"), max_length=200, blank=True)

    class Meta:
        ordering = ["scheme", "valid_from"]
        verbose_name = _("regelsæt")
        verbose_name_plural = _("regelsæt")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="scheme_rule_valid_period",
            ),
        ]

    def __str__(self):
        return f"{self.scheme} fra {self.valid_from:%d-%m-%Y}"


class Benefit(ValidityPeriod):
    """What a citizen lives on (ydelse); with the visitation it decides the målgruppe."""

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("navn"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("ydelse")
        verbose_name_plural = _("ydelser")

    def __str__(self):
        return self.name


class ReadinessCategory(ValidityPeriod):
    """Visitationskategori / målgruppe; versioned because reforms replace them."""

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("navn"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("visitationskategori")
        verbose_name_plural = _("visitationskategorier")

    def __str__(self):
        return self.name


class LegalSource(models.Model):
    """Where a value comes from in the law, and whether it has been checked against it."""

    legal_source = models.CharField(
        _("hjemmel"), max_length=200, blank=True, help_text=_("Fx LAB § 61, stk. 1, nr. 1.")
    )
    confirmed = models.BooleanField(
        _("bekræftet mod lovteksten"),
        default=True,
        help_text=_("Fravalgt: værdien er indtastet, men ikke bekræftet (se docs/regler.md)."),
    )

    class Meta:
        abstract = True


class Qualifier(models.TextChoices):
    """What the law adds to benefit × visitation for some målgrupper."""

    NONE = "", _("ingen")
    DIMITTEND = "dimittend", _("dimittend")
    NO_WORK_EXPERIENCE = "uden_erhvervserfaring", _("uden erhvervserfaring")


class TargetGroup(ValidityPeriod, LegalSource):
    """A målgruppe: benefit × visitation (× qualifier) as the law names them.

    A citizen belongs to the most specific group that matches; an empty benefit or
    visitation matches any. Reforms add and close rows; the code never names a group.
    """

    code = models.SlugField(_("kode"), max_length=60, unique=True)
    name = models.CharField(_("navn"), max_length=150)
    benefit = models.ForeignKey(
        Benefit, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("ydelse")
    )
    readiness = models.ForeignKey(
        ReadinessCategory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("visitationskategori"),
    )
    qualifier = models.CharField(
        _("særligt kendetegn"), max_length=30, choices=Qualifier.choices, blank=True
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("målgruppe")
        verbose_name_plural = _("målgrupper")

    def __str__(self):
        return self.name

    def specificity(self, benefit_id, readiness_id, qualifier: str) -> int | None:
        """How closely the group fits (higher is closer); None when it does not fit."""
        if self.benefit_id is not None and self.benefit_id != benefit_id:
            return None
        if self.readiness_id is not None and self.readiness_id != readiness_id:
            return None
        if self.qualifier and self.qualifier != qualifier:
            return None
        return (
            4 * bool(self.qualifier)
            + 2 * (self.readiness_id is not None)
            + (self.benefit_id is not None)
        )


class TargetGroupRule(ValidityPeriod, LegalSource):
    """A scheme's duration cap, extension or exclusion for one målgruppe (or all others)."""

    scheme = models.ForeignKey(
        Scheme,
        on_delete=models.CASCADE,
        related_name="target_group_rules",
        verbose_name=_("ordning"),
    )
    target_group = models.ForeignKey(
        TargetGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rules",
        verbose_name=_("målgruppe"),
        help_text=_("Tom: alle målgrupper uden en regel af deres egen."),
    )
    excluded = models.BooleanField(_("kan ikke få ordningen"), default=False)
    max_weeks = models.PositiveSmallIntegerField(_("højst uger"), null=True, blank=True)
    max_months = models.PositiveSmallIntegerField(_("højst måneder"), null=True, blank=True)
    extendable_to_weeks = models.PositiveSmallIntegerField(
        _("kan forlænges til uger"), null=True, blank=True
    )
    special_need_weeks = models.PositiveSmallIntegerField(
        _("helt særligt behov: uger ad gangen"), null=True, blank=True
    )
    prior_benefit_months = models.PositiveSmallIntegerField(
        _("forudgående måneder på offentlig forsørgelse"), null=True, blank=True
    )

    class Meta:
        ordering = ["scheme", "target_group__name", "valid_from"]
        verbose_name = _("regel for målgruppe")
        verbose_name_plural = _("regler for målgrupper")
        constraints = [
            models.CheckConstraint(
                condition=Q(max_weeks__isnull=True) | Q(max_months__isnull=True),
                name="target_group_rule_weeks_or_months",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="target_group_rule_valid_period",
            ),
        ]

    def __str__(self):
        return f"{self.scheme} / {self.target_group or _('alle andre')}"


class EarlyRetirementAge(LegalSource):
    """Efterlønsalder by birth date (seniorjob runs until it)."""

    born_from = models.DateField(_("født fra"))
    born_to = models.DateField(_("født til og med"), null=True, blank=True)
    years = models.PositiveSmallIntegerField(_("år"))
    months = models.PositiveSmallIntegerField(_("måneder"), default=0)

    class Meta:
        ordering = ["born_from"]
        verbose_name = _("efterlønsalder")
        verbose_name_plural = _("efterlønsaldre")

    def __str__(self):
        return f"{self.born_from:%d-%m-%Y}: {self.years} år {self.months} mdr."


class FrikortLimit(ValidityPeriod, LegalSource):
    """The socialt frikort's tax-free amount per calendar year, in force from a date."""

    amount = models.DecimalField(_("beløb (kr.)"), max_digits=9, decimal_places=2)

    class Meta:
        ordering = ["valid_from"]
        verbose_name = _("frikortgrænse")
        verbose_name_plural = _("frikortgrænser")

    def __str__(self):
        return f"{self.amount} kr. fra {self.valid_from:%d-%m-%Y}"


class TargetUnit(models.TextChoices):
    FULL_YEAR_PERSONS = "full_year_persons", _("helårspersoner")
    HEAD_COUNT = "head_count", _("antal personer")
    SLOTS = "slots", _("pladser")
    SHARE_OF_EMPLOYEES = "share_of_employees", _("% af ansatte")
    PLACEMENTS = "placements", _("antal forløb")


class TargetCategory(models.Model):
    """What a target counts: one scheme or a group of them (e.g. virksomhedsrettede forløb)."""

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("navn"), max_length=150, unique=True)
    schemes = models.ManyToManyField(
        Scheme,
        through="TargetCategoryScheme",
        related_name="target_categories",
        verbose_name=_("ordninger"),
    )
    sort_order = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("måltalskategori")
        verbose_name_plural = _("måltalskategorier")

    def __str__(self):
        return self.name


class TargetCategoryScheme(ValidityPeriod):
    """A scheme counted by a target category, and whether its open slots count too.

    Dated: the council's policy can change, and a day is counted by the row in force on it.
    One category and scheme never have two rows on the same day (the database refuses it).
    """

    category = models.ForeignKey(
        TargetCategory, on_delete=models.CASCADE, related_name="scheme_links"
    )
    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="category_links")
    open_slots_count = models.BooleanField(_("åbne pladser tæller med"), default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["category", "scheme", "valid_from"]
        verbose_name = _("ordning i måltalskategori")
        verbose_name_plural = _("ordninger i måltalskategorier")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="category_scheme_valid_period",
            ),
            one_row_per_day(
                name="one_category_scheme_row_per_day",
                keys=["category_id", "scheme_id"],
                starts="valid_from",
                ends="valid_to",
                message=_("Ordningen er allerede med i kategorien i en del af perioden."),
            ),
        ]

    def __str__(self):
        return f"{self.category}: {self.scheme} fra {self.valid_from:%d-%m-%Y}"


class TargetQuerySet(models.QuerySet):
    def for_user(self, user):
        ids = department_ids_for(user)
        return self if ids is None else self.filter(department_id__in=ids)

    def in_year(self, year: int):
        """Targets in force in `year` (a target for 2024–2025 is in force in both)."""
        return self.filter(first_year__lte=year, last_year__gte=year)


class Target(models.Model):
    """The council's yearly number for one category, for one department or (no department)
    the whole municipality, in force from `first_year` to `last_year`, with its decision."""

    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        related_name="targets",
        verbose_name=_("forvaltning"),
        null=True,
        blank=True,
        help_text=_("Tom: et måltal for hele kommunen, som sammenlignes med kommunen i alt."),
    )
    category = models.ForeignKey(
        TargetCategory,
        on_delete=models.PROTECT,
        related_name="targets",
        verbose_name=_("måltalskategori"),
    )
    first_year = models.PositiveSmallIntegerField(_("gælder fra år"))
    last_year = models.PositiveSmallIntegerField(
        _("gælder til og med år"), help_text=_("Samme år som fra-året: et måltal for ét år.")
    )
    value = models.DecimalField(
        _("måltal"), max_digits=9, decimal_places=2, help_text=_("Værdien for hvert af årene.")
    )
    unit = models.CharField(_("enhed"), max_length=20, choices=TargetUnit.choices)
    decided_by = models.CharField(
        _("besluttet af"), max_length=150, blank=True, help_text=_("Fx kommunalbestyrelsen.")
    )
    decided_on = models.DateField(_("beslutningsdato"), null=True, blank=True)
    case_number = models.CharField(_("sagsnummer"), max_length=60, blank=True)

    history = HistoricalRecords()
    objects = TargetQuerySet.as_manager()

    class Meta:
        ordering = ["first_year", "department__code", "category__sort_order"]
        verbose_name = _("måltal")
        verbose_name_plural = _("måltal")
        constraints = [
            models.CheckConstraint(
                condition=Q(last_year__gte=F("first_year")), name="target_years_in_order"
            ),
            # One target per department (or the municipality) and category in any year.
            ExclusionConstraint(
                name="one_target_per_category_and_year",
                expressions=[
                    (IntPointRange(Coalesce(F("department"), Value(0))), RangeOperators.OVERLAPS),
                    (IntPointRange(F("category")), RangeOperators.OVERLAPS),
                    (IntRange(F("first_year"), F("last_year")), RangeOperators.OVERLAPS),
                ],
                violation_error_message=_(
                    "Der er allerede et måltal for kategorien i en del af årene."
                ),
            ),
        ]

    def __str__(self):
        scope = self.department or _("Hele kommunen")
        return f"{scope} {self.category} {self.years_label}: {self.value}"

    @property
    def years_label(self) -> str:
        return year_range_text(self.first_year, self.last_year)

    @property
    def decision_label(self) -> str:
        """'Borgerrepræsentationen 01-02-2024, sag 2024-0095075'; '' when none is recorded."""
        day = formatting.date(self.decided_on) if self.decided_on else ""
        words = " ".join(part for part in (self.decided_by, day) if part)
        if not self.case_number:
            return words
        case = _("sag %(case)s") % {"case": self.case_number}
        return f"{words}, {case}" if words else str(case)
