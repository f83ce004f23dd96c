"""The introduction of a newly hired social worker (seed 002): the starting point, the journey's two
parts with their deadlines, the individual written plan with its items, and the digital parts completed
in the national LMS (Totara)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class StartingPoint(models.TextChoices):
    """Seed 002's four starting points; the introduction is shaped by them."""

    NEW_GRADUATE = "new_graduate", _("Nyutexaminerad utan erfarenhet av yrket")
    NEW_TO_AUTHORITY = "new_to_authority", _("Ny inom myndighetsutövning")
    NEW_TO_TARGET_GROUP = "new_to_target_group", _("Ny för målgruppen")
    NEW_TO_MUNICIPALITY = "new_to_municipality", _("Bara ny i kommunen")


class JourneyPart(models.Model):
    """Part 1 or part 2 of a journey's common programme: which courses, how many days, due when.

    Data the project leader edits (seed 002: part 1 about 2.5 days within four months, part 2 about
    12.5 days within two years).
    """

    class Number(models.IntegerChoices):
        ONE = 1, _("Del 1")
        TWO = 2, _("Del 2")

    journey = models.ForeignKey(
        "courses.Journey", verbose_name=_("yrkesresa"), on_delete=models.CASCADE, related_name="parts"
    )
    number = models.PositiveSmallIntegerField(_("del"), choices=Number.choices)
    courses = models.ManyToManyField(
        "courses.Course", verbose_name=_("kurser"), blank=True, related_name="journey_parts"
    )
    expected_days = models.DecimalField(
        _("förväntade kursdagar"), max_digits=4, decimal_places=1, validators=[MinValueValidator(0)]
    )
    due_months = models.PositiveSmallIntegerField(
        _("klar inom (månader från anställningen)"), validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    # Whether a digital part completed in Totara counts as the course done for this part.
    digital_counts = models.BooleanField(_("digitala delar i Totara räknas"), default=True)

    class Meta:
        verbose_name = _("del av introduktionsprogrammet")
        verbose_name_plural = _("delar av introduktionsprogrammet")
        ordering = ["journey", "number"]
        constraints = [models.UniqueConstraint(fields=["journey", "number"], name="one_part_per_number")]

    def __str__(self):
        return f"{self.journey} – {self.get_number_display()}"


class StartingPointProposal(models.Model):
    """The courses a starting point proposes for a newcomer on a step (data the project leader edits)."""

    step = models.ForeignKey(
        "courses.Step",
        verbose_name=_("steg"),
        on_delete=models.CASCADE,
        related_name="starting_point_proposals",
    )
    starting_point = models.CharField(_("utgångsläge"), max_length=30, choices=StartingPoint.choices)
    courses = models.ManyToManyField("courses.Course", verbose_name=_("kurser"), blank=True, related_name="+")

    class Meta:
        verbose_name = _("förslag per utgångsläge")
        verbose_name_plural = _("förslag per utgångsläge")
        ordering = ["step", "starting_point"]
        constraints = [
            models.UniqueConstraint(fields=["step", "starting_point"], name="one_proposal_per_step_and_start")
        ]

    def __str__(self):
        return f"{self.step} – {self.get_starting_point_display()}"


class Plan(models.Model):
    """A newcomer's individual, written introduction plan (one per person; it follows them when they
    move). `municipality` is where they were hired: the statistics stay there after a move."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("nyanställd"),
        on_delete=models.CASCADE,
        related_name="introduction_plan",
    )
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        verbose_name=_("anställd i kommun"),
        on_delete=models.PROTECT,
        related_name="introduction_plans",
    )
    step = models.ForeignKey(
        "courses.Step", verbose_name=_("steg"), on_delete=models.PROTECT, related_name="+"
    )
    starting_point = models.CharField(_("utgångsläge"), max_length=30, choices=StartingPoint.choices)
    # The first day of the employment chain; the parts' deadlines count from it.
    starts_on = models.DateField(_("anställd från"))
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mentor/fadder"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mentored_plans",
    )
    first_social_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("1:e socialsekreterare"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_plans",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("upprättad av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("upprättad"), auto_now_add=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("godkänd av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    signed_off_at = models.DateTimeField(_("godkänd"), null=True, blank=True)

    class Meta:
        verbose_name = _("introduktionsplan")
        verbose_name_plural = _("introduktionsplaner")
        ordering = ["starts_on", "pk"]

    def __str__(self):
        return str(self.person)

    @property
    def journey(self):
        return self.step.journey

    @property
    def is_signed_off(self):
        return self.signed_off_at is not None


class PlanItem(models.Model):
    """One line of the plan: a course with a target date, or a local learning item, each with who is
    responsible, a date and a tick when done."""

    class Kind(models.TextChoices):
        COURSE = "course", _("Kurs")
        SHADOWING = "shadowing", _("Gå bredvid en erfaren kollega")
        REFLECTION = "reflection", _("Reflektionstid")
        FIRST_SOCIAL_WORKER_MEETING = "first_meeting", _("Möte med 1:e socialsekreterare")
        MENTOR_MEETING = "mentor_meeting", _("Möte med mentor/fadder")
        MANAGER_CHECK_IN = "check_in", _("Avstämning med chefen")
        PRACTICE = "practice", _("Träna på hemmaplan efter kursdagen")
        OTHER = "other", _("Annat")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("slag"), max_length=20, choices=Kind.choices)
    course = models.ForeignKey(
        "courses.Course",
        verbose_name=_("kurs"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("beskrivning"), max_length=200, blank=True)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ansvarig"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    due_on = models.DateField(_("datum"), null=True, blank=True)
    # The course day a practice item follows; one practice item per plan and day.
    after_day = models.ForeignKey(
        "courses.CourseDay", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    done_at = models.DateTimeField(_("klar"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bockad av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("punkt i introduktionsplanen")
        verbose_name_plural = _("punkter i introduktionsplanen")
        ordering = ["plan", "due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "after_day"],
                condition=Q(after_day__isnull=False),
                name="one_practice_per_day",
            ),
            models.UniqueConstraint(
                fields=["plan", "course"], condition=Q(kind="course"), name="one_course_item_per_plan"
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self):
        if self.kind == self.Kind.COURSE and self.course_id:
            return str(self.course)
        return self.title or str(self.get_kind_display())

    @property
    def is_done(self):
        return self.done_at is not None


class DigitalCompletion(models.Model):
    """A course's digital part completed in Totara, as imported."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digital_completions"
    )
    course = models.ForeignKey(
        "courses.Course", verbose_name=_("kurs"), on_delete=models.PROTECT, related_name="+"
    )
    completed_on = models.DateField(_("slutförd"))
    source = models.CharField(_("källa"), max_length=40, default="totara_csv")
    batch = models.ForeignKey(
        "TotaraImport", null=True, blank=True, on_delete=models.SET_NULL, related_name="completions"
    )

    class Meta:
        verbose_name = _("digital del slutförd")
        verbose_name_plural = _("digitala delar slutförda")
        ordering = ["person", "completed_on"]
        constraints = [models.UniqueConstraint(fields=["person", "course"], name="one_digital_completion")]

    def __str__(self):
        return f"{self.person} – {self.course} ({self.completed_on})"


class TotaraImport(models.Model):
    """One import of completions: who, when, how many, and what could not be matched (never dropped)."""

    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now_add=True)
    source = models.CharField(_("källa"), max_length=40, default="totara_csv")
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    # [(line, value)] of people and courses that were not found.
    unknown_people = models.JSONField(default=list, blank=True)
    unknown_courses = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("import från Totara")
        verbose_name_plural = _("importer från Totara")
        ordering = ["-imported_at"]

    def __str__(self):
        return f"{self.source} {self.imported_at:%Y-%m-%d %H:%M}"
