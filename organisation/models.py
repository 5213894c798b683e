"""Departments, their workplaces, the municipality's districts, and who may see what."""

import datetime as dt
import time
from functools import partial

from django.conf import settings
from django.core.validators import FileExtensionValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.db import one_row_per_day, valid_on_q
from organisation.scope import department_ids_for

# Dated history (departments of workplaces, category policy) starts before anything counted.
HISTORY_ORIGIN = dt.date(2000, 1, 1)
HEX_COLOUR = RegexValidator(r"^#[0-9A-Fa-f]{6}$", _("Skriv farven som #RRGGBB."))
# Settings change rarely; every process re-reads them after this many seconds.
CACHE_SECONDS = 30
_cache: dict = {}


class District(models.Model):
    """A district (bydel); `neighbours` feeds the matching score."""

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("navn"), max_length=100, unique=True)
    neighbours = models.ManyToManyField("self", blank=True, verbose_name=_("nabobydele"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("bydel")
        verbose_name_plural = _("bydele")

    def __str__(self):
        return self.name


class DepartmentQuerySet(models.QuerySet):
    def for_user(self, user):
        ids = department_ids_for(user)
        return self if ids is None else self.filter(pk__in=ids)


class Department(models.Model):
    """A department (forvaltning) of the municipality."""

    code = models.CharField(_("forkortelse"), max_length=10, unique=True)
    name = models.CharField(_("navn"), max_length=200, unique=True)

    objects = DepartmentQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("forvaltning")
        verbose_name_plural = _("forvaltninger")

    def __str__(self):
        return self.code


class DepartmentHeadcount(models.Model):
    """Ordinary employees of a department in a year: the base of %-of-employees targets."""

    department = models.ForeignKey(
        Department,
        on_delete=models.CASCADE,
        related_name="headcounts",
        verbose_name=_("forvaltning"),
    )
    year = models.PositiveSmallIntegerField(_("år"))
    employees = models.PositiveIntegerField(_("antal ansatte"))

    class Meta:
        ordering = ["department", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["department", "year"], name="one_headcount_per_year"),
        ]
        verbose_name = _("antal ansatte")
        verbose_name_plural = _("antal ansatte")

    def __str__(self):
        return f"{self.department} {self.year}: {self.employees}"


class WorkplaceQuerySet(models.QuerySet):
    def for_user(self, user):
        ids = department_ids_for(user)
        return self if ids is None else self.filter(department_id__in=ids)


class Workplace(models.Model):
    """A unit of a department with its own P-nummer: where slots are."""

    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        related_name="workplaces",
        verbose_name=_("forvaltning"),
    )
    name = models.CharField(_("navn"), max_length=200)
    p_number = models.CharField(
        _("P-nummer"),
        max_length=10,
        unique=True,
        validators=[RegexValidator(r"^\d{10}$", _("Et P-nummer er 10 cifre."))],
    )
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        related_name="workplaces",
        verbose_name=_("bydel"),
    )
    ordinary_employees = models.PositiveIntegerField(
        _("ordinært ansatte"),
        help_text=_("Uden fleksjob, seniorjob og ansatte med løntilskud (rimelighedskravet)."),
    )
    is_public = models.BooleanField(_("offentlig arbejdsplads"), default=True)

    objects = WorkplaceQuerySet.as_manager()

    class Meta:
        ordering = ["department__code", "name"]
        verbose_name = _("arbejdssted")
        verbose_name_plural = _("arbejdssteder")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        """Keep the department history complete: a new workplace belongs to its department
        from the history's origin; a department changed here (admin, import) is a move from
        today. Moves from another date go through `organisation.moves.move_workplace`."""
        super().save(*args, **kwargs)
        today = timezone.localdate()
        if not self.department_spells.exists():
            self.department_spells.create(
                department_id=self.department_id, valid_from=HISTORY_ORIGIN
            )
            return
        current = self.department_spells.filter(valid_on_q(today)).first()
        if current is None or current.department_id != self.department_id:
            DepartmentSpell.start(self, self.department_id, today)


class DepartmentSpell(models.Model):
    """The department a workplace belongs to from `valid_from` to `valid_to` (inclusive;
    empty: still). Figures count a day in the department in force on it; the spells of a
    workplace never overlap (the database refuses it) and run on from the first one."""

    workplace = models.ForeignKey(
        Workplace,
        on_delete=models.CASCADE,
        related_name="department_spells",
        verbose_name=_("arbejdssted"),
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        related_name="workplace_spells",
        verbose_name=_("forvaltning"),
    )
    valid_from = models.DateField(_("gælder fra"))
    valid_to = models.DateField(_("gælder til"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["workplace", "valid_from"]
        verbose_name = _("arbejdssteds forvaltning")
        verbose_name_plural = _("arbejdssteders forvaltninger")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="department_spell_valid_period",
            ),
            one_row_per_day(
                name="one_department_per_workplace_per_day",
                keys=["workplace_id"],
                starts="valid_from",
                ends="valid_to",
                message=_("Arbejdsstedet hører allerede til en forvaltning i en del af perioden."),
            ),
        ]

    def __str__(self):
        return f"{self.workplace}: {self.department} fra {self.valid_from:%d-%m-%Y}"

    @classmethod
    def start(cls, workplace: Workplace, department_id: int, day: dt.date) -> "DepartmentSpell":
        """The workplace belongs to the department from `day` on: later spells go, the one
        in force on `day` ends the day before. Row by row, so each change is audited."""
        for spell in cls.objects.filter(workplace=workplace, valid_from__gte=day):
            spell.delete()
        for spell in cls.objects.filter(valid_on_q(day), workplace=workplace):
            spell.valid_to = day - dt.timedelta(days=1)
            spell.save(update_fields=["valid_to"])
        return cls.objects.create(workplace=workplace, department_id=department_id, valid_from=day)


class WorkplaceMonthlyFigure(models.Model):
    """Ordinarily employed full-time equivalents (årsværk) at a workplace in one month.

    The rimelighedskrav compares supported placements with the average of the four months
    before a placement starts; a month's figure is entered once and kept.
    """

    workplace = models.ForeignKey(
        Workplace,
        on_delete=models.CASCADE,
        related_name="monthly_figures",
        verbose_name=_("arbejdssted"),
    )
    month = models.DateField(_("måned"), help_text=_("Den første dag i måneden."))
    ordinary_fte = models.DecimalField(
        _("ordinært ansatte (årsværk)"),
        max_digits=8,
        decimal_places=2,
        help_text=_("Uden ansatte med løntilskud, fleksjob, seniorjob og unge under 18 år."),
    )

    class Meta:
        ordering = ["workplace", "-month"]
        verbose_name = _("månedstal for ordinært ansatte")
        verbose_name_plural = _("månedstal for ordinært ansatte")
        constraints = [
            models.UniqueConstraint(fields=["workplace", "month"], name="one_figure_per_month"),
            models.CheckConstraint(
                condition=models.Q(month__day=1), name="monthly_figure_first_of_month"
            ),
        ]

    def __str__(self):
        return f"{self.workplace} {self.month:%m-%Y}: {self.ordinary_fte}"


class UserScope(models.Model):
    """Which departments a user works in; the input of every `for_user` queryset."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="scope",
    )
    departments = models.ManyToManyField(
        Department,
        blank=True,
        related_name="user_scopes",
        verbose_name=_("forvaltninger"),
    )

    class Meta:
        verbose_name = _("brugers forvaltninger")
        verbose_name_plural = _("brugeres forvaltninger")

    def __str__(self):
        return str(self.user)


class Municipality(models.Model):
    """The municipality running the portal: its name, its words and the report's look.

    One row (pk 1), edited by the administrator. Until it is saved, the generic defaults
    below apply, so a fresh install names no municipality.
    """

    name = models.CharField(_("kommunens navn"), max_length=100, default="Kommunen")
    council_name = models.CharField(
        _("kommunalbestyrelsens navn"),
        max_length=100,
        default="Kommunalbestyrelsen",
        help_text=_("Fx Byrådet eller Borgerrepræsentationen."),
    )
    department_singular = models.CharField(
        _("ord for en forvaltning"),
        max_length=40,
        default="forvaltning",
        help_text=_("Små bogstaver, fx forvaltning eller center."),
    )
    department_plural = models.CharField(
        _("ord for flere forvaltninger"), max_length=40, default="forvaltninger"
    )
    district_singular = models.CharField(
        _("ord for en bydel"),
        max_length=40,
        default="bydel",
        help_text=_("Små bogstaver, fx bydel eller lokalområde."),
    )
    district_plural = models.CharField(_("ord for flere bydele"), max_length=40, default="bydele")
    logo = models.FileField(
        _("logo til rapportens forside"),
        upload_to="kommune/",
        blank=True,
        validators=[FileExtensionValidator(["png", "jpg", "jpeg", "svg"])],
        help_text=_("PNG, JPG eller SVG."),
    )
    primary_colour = models.CharField(
        _("hovedfarve"),
        max_length=7,
        default="#004B87",
        validators=[HEX_COLOUR],
        help_text=_("Rapportens overskrifter og søjler, fx #004B87."),
    )
    accent_colour = models.CharField(
        _("accentfarve"),
        max_length=7,
        default="#E8F0F7",
        validators=[HEX_COLOUR],
        help_text=_("Baggrunden på rapportens forside, fx #E8F0F7."),
    )

    class Meta:
        verbose_name = _("kommune")
        verbose_name_plural = _("kommune")
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="one_municipality_row")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)
        _cache.clear()

    @classmethod
    def current(cls) -> "Municipality":
        """The saved settings, or the defaults; kept per process for a short while."""
        cached = _cache.get("current")
        if cached is None or cached[1] < time.monotonic():
            row = cls.objects.filter(pk=1).first() or cls(pk=1)
            cached = _cache["current"] = (row, time.monotonic() + CACHE_SECONDS)
        return cached[0]

    @classmethod
    def forget(cls) -> None:
        """Drop the cached row (after a change made outside `save`, e.g. in a test)."""
        _cache.clear()


def _capitalised_word(attribute: str) -> str:
    return capfirst(getattr(Municipality.current(), attribute))


# Labels in the municipality's own words, read when shown (forms, filters, table headers).
department_label = lazy(partial(_capitalised_word, "department_singular"), str)
district_label = lazy(partial(_capitalised_word, "district_singular"), str)
