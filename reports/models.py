"""Status reports: a request for a status PDF of any period, its progress, and the archived file."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.periods import Period
from organisation.models import Department


class ReportState(models.TextChoices):
    QUEUED = "queued", _("i kø")
    RUNNING = "running", _("i gang")
    DONE = "done", _("færdig")
    FAILED = "failed", _("fejlet")


class StatusReportQuerySet(models.QuerySet):
    def waiting(self):
        return self.filter(state=ReportState.QUEUED)


def report_upload_to(instance, filename: str) -> str:
    return f"reports/{instance.starts_on.year}/{filename}"


class StatusReport(models.Model):
    """A status PDF for one department or the whole municipality (halvårsstatus), for a
    half-year, the whole year or a custom period within one year."""

    starts_on = models.DateField(_("periodens første dag"))
    ends_on = models.DateField(_("periodens sidste dag"))
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="status_reports",
        verbose_name=_("forvaltning"),
        help_text=_("Tom: hele kommunen."),
    )
    slots_on = models.DateField(
        _("pladsernes tilstand pr."),
        null=True,
        blank=True,
        help_text=_("Tom: periodens sidste dag."),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bestilt af"),
    )
    # Kept when the user is deleted, so the archive still says who asked.
    requested_by_name = models.CharField(_("bestilt af"), max_length=150, blank=True)
    requested_at = models.DateTimeField(_("bestilt"), auto_now_add=True)
    state = models.CharField(
        _("status"), max_length=10, choices=ReportState.choices, default=ReportState.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("fremdrift (%)"), default=0)
    message = models.CharField(_("besked"), max_length=300, blank=True)
    # When the request was last handed to the broker; empty while it could not be.
    sent_at = models.DateTimeField(_("sendt til kø"), null=True, blank=True)
    started_at = models.DateTimeField(_("startet"), null=True, blank=True)
    finished_at = models.DateTimeField(_("færdig"), null=True, blank=True)
    file = models.FileField(_("fil"), upload_to=report_upload_to, blank=True)

    objects = StatusReportQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("statusrapport")
        verbose_name_plural = _("statusrapporter")
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__gte=0) & Q(progress__lte=100), name="report_progress_0_100"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="report_period_ends_after_start"
            ),
        ]
        indexes = [models.Index(fields=["state", "sent_at"])]

    def __str__(self):
        return f"{self.period.label} – {self.scope_label}"

    @property
    def period(self) -> Period:
        return Period(self.starts_on, self.ends_on)

    @property
    def scope_label(self) -> str:
        return self.department.name if self.department_id else str(_("Hele kommunen"))

    @property
    def department_ids(self) -> list[int] | None:
        return None if self.department_id is None else [self.department_id]

    @property
    def is_finished(self) -> bool:
        return self.state in (ReportState.DONE, ReportState.FAILED)

    @property
    def requester_label(self) -> str:
        return self.requested_by_name or str(_("Automatisk (halvårsplan)"))

    def filename(self) -> str:
        scope = self.department.code.lower() if self.department_id else "kommunen"
        scope = scope.replace("ø", "oe").replace("æ", "ae").replace("å", "aa")
        return f"status-{self.period.slug}-{scope}-{self.pk}.pdf"
