"""Matching: candidate profiles, referrals (henvisninger), subscriptions and notices."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organisation.models import District
from organisation.scope import ADMINISTRATOR, CONSULTANT, HR, department_ids_for, roles_of
from placements.models import Citizen, Placement, ProposalTerms, Slot
from schemes.models import Scheme


def _is_jobcenter(user) -> bool:
    roles = roles_of(user)
    return ADMINISTRATOR in roles or CONSULTANT in roles


class CandidateProfileQuerySet(models.QuerySet):
    def for_user(self, user):
        """Only the jobcenter (and administrators) keep and read candidate profiles."""
        return self if _is_jobcenter(user) else self.none()

    def active(self):
        return self.filter(active=True, citizen__anonymised_on__isnull=True)


class CandidateProfile(models.Model):
    """What the jobcenter knows about a citizen looking for a slot. No health data (§6)."""

    citizen = models.OneToOneField(
        Citizen,
        on_delete=models.CASCADE,
        related_name="candidate_profile",
        verbose_name=_("borger"),
    )
    wanted_hours_per_week = models.DecimalField(
        _("ønsket timetal pr. uge"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    earliest_start = models.DateField(_("kan starte fra"), null=True, blank=True)
    preferred_schemes = models.ManyToManyField(
        Scheme, blank=True, related_name="+", verbose_name=_("ønskede ordninger")
    )
    competences = models.TextField(
        _("kompetencer og ønsker"),
        blank=True,
        help_text=_(
            "Erfaring, uddannelse, sprog, kørekort, ønsker til opgaver. "
            "Skriv aldrig helbredsoplysninger eller diagnoser her."
        ),
    )
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="candidate_profiles",
        verbose_name=_("jobkonsulent"),
    )
    active = models.BooleanField(
        _("søger plads"), default=True, help_text=_("Fjern fluebenet, når borgeren ikke søger.")
    )
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ændret"), auto_now=True)

    history = HistoricalRecords()
    objects = CandidateProfileQuerySet.as_manager()

    class Meta:
        ordering = ["citizen__name", "pk"]
        verbose_name = _("kandidatprofil")
        verbose_name_plural = _("kandidatprofiler")
        constraints = [
            models.CheckConstraint(
                condition=Q(wanted_hours_per_week__isnull=True) | Q(wanted_hours_per_week__gt=0),
                name="candidate_wanted_hours_positive",
            ),
        ]

    def __str__(self):
        return str(self.citizen)


class ReferralState(models.TextChoices):
    PROPOSED = "proposed", _("foreslået")
    ACCEPTED = "accepted", _("accepteret")
    DECLINED = "declined", _("afvist")
    WITHDRAWN = "withdrawn", _("trukket tilbage")
    SUPERSEDED = "superseded", _("pladsen blev besat")


class ReferralQuerySet(models.QuerySet):
    def for_user(self, user):
        """The jobcenter sees every referral; HR those for slots in its own departments."""
        roles = roles_of(user)
        if ADMINISTRATOR in roles or CONSULTANT in roles:
            return self
        if HR not in roles:
            return self.none()
        ids = department_ids_for(user)
        return self.filter(slot__workplace__department_id__in=ids or [])

    def open(self):
        return self.filter(state=ReferralState.PROPOSED)


class Referral(ProposalTerms):
    """A consultant's proposal of a citizen for a slot (henvisning), decided by the HR."""

    slot = models.ForeignKey(
        Slot, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("plads")
    )
    citizen = models.ForeignKey(
        Citizen, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("borger")
    )
    starts_on = models.DateField(_("foreslået start"))
    planned_end_on = models.DateField(
        _("foreslået slutdato"), null=True, blank=True, help_text=_("Tom: tidsubegrænset.")
    )
    hours_per_week = models.DecimalField(_("timer pr. uge"), max_digits=4, decimal_places=1)
    note = models.TextField(
        _("bemærkning til arbejdsstedet"),
        blank=True,
        help_text=_("Hvorfor borgeren passer til pladsen. Ingen helbredsoplysninger."),
    )
    state = models.CharField(
        _("status"),
        max_length=20,
        choices=ReferralState.choices,
        default=ReferralState.PROPOSED,
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("henvist af"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("afgjort af"),
    )
    decided_at = models.DateTimeField(_("afgjort"), null=True, blank=True)
    decision_reason = models.TextField(_("begrundelse"), blank=True)
    placement = models.OneToOneField(
        Placement,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referral",
        verbose_name=_("forløb"),
    )
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)

    history = HistoricalRecords()
    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("henvisning")
        verbose_name_plural = _("henvisninger")
        constraints = [
            models.UniqueConstraint(
                fields=["slot", "citizen"],
                condition=Q(state="proposed"),
                name="one_open_referral_per_citizen_and_slot",
                violation_error_message=_("Borgeren er allerede foreslået til pladsen."),
            ),
            models.CheckConstraint(
                condition=Q(planned_end_on__isnull=True)
                | Q(planned_end_on__gte=models.F("starts_on")),
                name="referral_end_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(state="accepted") | Q(placement__isnull=False),
                name="accepted_referral_has_placement",
            ),
        ]
        indexes = [
            models.Index(fields=["slot", "state"]),
            models.Index(fields=["state", "-created_at"]),
        ]

    def __str__(self):
        return f"Henvisning {self.pk} til {self.slot}"

    @property
    def is_open(self) -> bool:
        return self.state == ReferralState.PROPOSED


class Subscription(models.Model):
    """What a consultant follows: slots in these schemes or in these districts."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="matching_subscription"
    )
    schemes = models.ManyToManyField(
        Scheme, blank=True, related_name="+", verbose_name=_("ordninger")
    )
    districts = models.ManyToManyField(
        District, blank=True, related_name="+", verbose_name=_("bydele")
    )
    by_email = models.BooleanField(_("send også en e-mail"), default=True)

    class Meta:
        verbose_name = _("abonnement")
        verbose_name_plural = _("abonnementer")

    def __str__(self):
        return f"Abonnement for {self.user}"


class NoticeQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notice(models.Model):
    """An in-app message that a slot is vacant (or a referral needs an answer).

    One notice per user, slot and vacancy (the day it became vacant), so a slot saved
    twice does not notify twice. The text never holds a CPR number or a citizen's name.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="matching_notices"
    )
    slot = models.ForeignKey(
        Slot, on_delete=models.CASCADE, related_name="notices", verbose_name=_("plads")
    )
    referral = models.ForeignKey(
        Referral, on_delete=models.CASCADE, null=True, blank=True, related_name="notices"
    )
    vacant_since = models.DateField(_("ledig fra"), null=True, blank=True)
    text = models.CharField(_("besked"), max_length=500)
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    read_at = models.DateTimeField(_("læst"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("sendt som e-mail"), null=True, blank=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("besked")
        verbose_name_plural = _("beskeder")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "slot", "vacant_since"],
                condition=Q(referral__isnull=True),
                name="one_notice_per_vacancy_and_user",
            ),
        ]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self):
        return self.text
