"""Departments, their workplaces, the municipality's districts, and who may see what."""

import time
from functools import partial

from django.conf import settings
from django.core.validators import FileExtensionValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.functional import lazy
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from organisation.scope import department_ids_for

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
