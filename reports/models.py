"""The yearly report's builds (each a new version) and the project leader's comments on project goals A–G."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

GOAL_LETTERS = [(letter, letter) for letter in "ABCDEFG"]


class ReportBuild(models.Model):
    """One build of the yearly report for `year`; a new build never replaces an older one."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("I kö")
        BUILDING = "building", _("Byggs")
        READY = "ready", _("Klar")
        FAILED = "failed", _("Misslyckades")

    year = models.PositiveSmallIntegerField(_("år"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("beställd av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.QUEUED)
    error = models.TextField(_("fel"), blank=True)
    file = models.FileField(_("fil"), upload_to="reports/", blank=True)
    from_beat = models.BooleanField(_("byggd automatiskt"), default=False)
    created_at = models.DateTimeField(_("beställd"), auto_now_add=True)
    started_at = models.DateTimeField(_("påbörjad"), null=True, blank=True)
    finished_at = models.DateTimeField(_("klar"), null=True, blank=True)

    # Waiting for a worker or being built: at most one such build per year (services.report_request).
    OPEN = (Status.QUEUED, Status.BUILDING)

    class Meta:
        verbose_name = _("årsrapport")
        verbose_name_plural = _("årsrapporter")
        ordering = ["-year", "-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["year"],
                condition=models.Q(status__in=["queued", "building"]),
                name="one_open_report_build_per_year",
            )
        ]

    def __str__(self):
        return f"Årsrapport {self.year} ({self.get_status_display()})"

    @property
    def version(self):
        return ReportBuild.objects.filter(year=self.year, pk__lte=self.pk).count()


class ReportComment(models.Model):
    """The project leader's own words on a project goal (A–G of seed 004 part A) for a year's report."""

    year = models.PositiveSmallIntegerField(_("år"))
    goal = models.CharField(_("projektmål"), max_length=1, choices=GOAL_LETTERS)
    text = models.TextField(_("kommentar"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kommentar till årsrapporten")
        verbose_name_plural = _("kommentarer till årsrapporten")
        constraints = [models.UniqueConstraint(fields=["year", "goal"], name="reports_comment_year_goal")]
        ordering = ["year", "goal"]

    def __str__(self):
        return f"{self.year} {self.goal}"


class ExpectedHires(models.Model):
    """Expected new social workers starting in a municipality in a month (volume planning, seed 002).

    The municipality's manager enters them; a year's figure is the sum of its months (the yearly
    figures of the earlier `ExpectedRecruitment` were spread over the months by migration 0004)."""

    municipality = models.ForeignKey(
        "municipalities.Municipality", verbose_name=_("kommun"), on_delete=models.CASCADE, related_name="+"
    )
    month = models.DateField(_("månad"))  # the first of the month
    hires = models.PositiveIntegerField(_("förväntade nyanställda"))

    class Meta:
        verbose_name = _("förväntade nyanställda")
        verbose_name_plural = _("förväntade nyanställda")
        ordering = ["municipality", "month"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "month"], name="reports_hires_unique"),
            models.CheckConstraint(condition=models.Q(month__day=1), name="reports_hires_first_of_month"),
        ]

    def __str__(self):
        return f"{self.municipality_id} {self.month:%Y-%m}: {self.hires}"


class PlanningSettings(models.Model):
    """The project leader's settings of the planning view: one row (`current()`)."""

    # Months without course days, e.g. "6,7,8" (seed 002: "semesterperioden undantagen").
    summer_months = models.CharField(_("månader utan kursdagar"), max_length=40, default="6,7,8", blank=True)
    # Places per occasion for a course that has no occasions to take the typical size from.
    default_capacity = models.PositiveSmallIntegerField(
        _("platser per tillfälle om kursen saknar tillfällen"), default=20
    )

    class Meta:
        verbose_name = _("inställningar för planeringen")
        verbose_name_plural = _("inställningar för planeringen")

    def __str__(self):
        return str(self._meta.verbose_name)

    @classmethod
    def current(cls):
        settings_row, _created = cls.objects.get_or_create(pk=1)
        return settings_row

    @property
    def summer_month_numbers(self):
        return tuple(sorted({int(n) for n in self.summer_months.split(",") if n.strip().isdigit()}))


def assessment_minutes_path(assessment, filename):
    import uuid

    return f"bedomningar/{assessment.year}/{uuid.uuid4().hex}.pdf"


class GoalAssessment(models.Model):
    """The styrgrupp's assessment of a project goal for a year, recorded by the project leader.

    History is kept: a new assessment is a new row and never replaces an older one; the latest
    (by recorded_at, then pk) is the goal's status."""

    class Outcome(models.TextChoices):
        MET = "met", _("Uppfyllt")
        PARTLY = "partly", _("Delvis uppfyllt")
        NOT_MET = "not_met", _("Inte uppfyllt")

    goal = models.CharField(_("projektmål"), max_length=1, choices=GOAL_LETTERS)
    year = models.PositiveSmallIntegerField(_("år"))
    outcome = models.CharField(_("bedömning"), max_length=10, choices=Outcome.choices)
    meeting_on = models.DateField(_("mötesdatum"))
    motivation = models.TextField(_("motivering"), max_length=2000)
    minutes = models.FileField(_("protokoll (PDF)"), upload_to=assessment_minutes_path, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registrerad av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("registrerad"), auto_now_add=True)

    class Meta:
        verbose_name = _("bedömning av projektmål")
        verbose_name_plural = _("bedömningar av projektmål")
        ordering = ["-year", "goal", "-recorded_at", "-pk"]

    def __str__(self):
        return f"{self.goal} {self.year}: {self.get_outcome_display()}"


class Activity(models.Model):
    """An activity of the action plan (seed 000: handlingsplan med aktiviteter) and the goals it serves."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planerad")
        ONGOING = "ongoing", _("Pågår")
        DONE = "done", _("Genomförd")
        CANCELLED = "cancelled", _("Struken")

    OPEN = (Status.PLANNED, Status.ONGOING)

    title = models.CharField(_("aktivitet"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True, max_length=2000)
    owner = models.CharField(_("ansvarig"), max_length=120)
    due_on = models.DateField(_("klar senast"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    # The goals served, e.g. "A,G,7" (letters of part A, numbers of part B).
    goals = models.CharField(_("mål"), max_length=40)
    done_on = models.DateField(_("genomförd den"), null=True, blank=True)
    outcome_note = models.TextField(_("vad som gjordes"), blank=True, max_length=2000)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("aktivitet i handlingsplanen")
        verbose_name_plural = _("handlingsplanens aktiviteter")
        ordering = ["due_on", "pk"]

    def __str__(self):
        return self.title

    @property
    def goal_list(self):
        return [g for g in self.goals.split(",") if g]

    @property
    def is_open(self):
        return self.status in self.OPEN
