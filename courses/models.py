"""The course catalogue: journeys made of steps, courses with knowledge goals, and the occasions
(kurstillfällen) on which a region gives a course, each with one or more course days."""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.formats import date_format
from django.utils.text import get_text_list
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Journey(models.Model):
    """A yrkesresa, such as Barn och unga; journeys are data, not code."""

    name = models.CharField(_("namn"), max_length=120, unique=True)
    slug = models.SlugField(_("kortnamn"), max_length=60, unique=True)
    description = models.TextField(_("beskrivning"), blank=True)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    is_published = models.BooleanField(_("publicerad"), default=True)

    class Meta:
        verbose_name = _("yrkesresa")
        verbose_name_plural = _("yrkesresor")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class Step(models.Model):
    """A stage of a journey: Ny, Van, Erfaren, Arbetsledare och chef."""

    journey = models.ForeignKey(
        Journey, verbose_name=_("yrkesresa"), on_delete=models.CASCADE, related_name="steps"
    )
    name = models.CharField(_("namn"), max_length=80)
    slug = models.SlugField(_("kortnamn"), max_length=60)
    order = models.PositiveSmallIntegerField(_("ordning"))
    description = models.TextField(_("beskrivning"), blank=True)
    # Guidance only: a manager can place a person on another step.
    years_from = models.PositiveSmallIntegerField(_("år i yrket, från"), null=True, blank=True)
    years_to = models.PositiveSmallIntegerField(_("år i yrket, till"), null=True, blank=True)

    class Meta:
        verbose_name = _("steg")
        verbose_name_plural = _("steg")
        ordering = ["journey", "order"]
        constraints = [
            models.UniqueConstraint(fields=["journey", "order"], name="one_step_per_order_in_journey"),
            models.UniqueConstraint(fields=["journey", "slug"], name="unique_step_slug_in_journey"),
        ]

    def __str__(self):
        return f"{self.journey} – {self.name}"

    def next_step(self):
        return self.journey.steps.filter(order__gt=self.order).order_by("order").first()


class Course(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        PUBLISHED = "published", _("Publicerad")

    step = models.ForeignKey(Step, verbose_name=_("steg"), on_delete=models.PROTECT, related_name="courses")
    name = models.CharField(_("namn"), max_length=200)
    slug = models.SlugField(_("kortnamn"), max_length=80, unique=True)
    description = models.TextField(_("beskrivning"), blank=True)
    # The digital part lives in the national learning platform (Totara); we only link to it.
    lms_url = models.URLField(_("länk till digital förberedelse"), blank=True)
    preparation_hours = models.DecimalField(
        _("förberedelse, timmar"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    number_of_days = models.PositiveSmallIntegerField(
        _("antal kursdagar"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )
    # Share of the course days a participant must attend for the course to count as completed.
    required_attendance_percent = models.PositiveSmallIntegerField(
        _("närvarokrav (% av kursdagarna)"),
        default=100,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)

    class Meta:
        verbose_name = _("kurs")
        verbose_name_plural = _("kurser")
        ordering = ["step__journey__order", "step__order", "order", "name"]

    def __str__(self):
        return self.name

    @property
    def journey(self):
        return self.step.journey

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED


class KnowledgeGoal(models.Model):
    class Level(models.TextChoices):
        FACT = "fakta", _("Fakta")
        UNDERSTANDING = "forstaelse", _("Förståelse")
        SKILL = "fardighet", _("Färdighet")
        FAMILIARITY = "fortrogenhet", _("Förtrogenhet")

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="knowledge_goals")
    text = models.TextField(_("kunskapsmål"))
    level = models.CharField(_("nivå"), max_length=20, choices=Level.choices)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("kunskapsmål")
        verbose_name_plural = _("kunskapsmål")
        ordering = ["course", "order", "pk"]

    def __str__(self):
        return self.text[:60]


class CourseOccasion(models.Model):
    """A course given once (kurstillfälle), organised by a region, on one or more course days."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planerad")
        OPEN = "open", _("Öppen för anmälan")
        CLOSED = "closed", _("Stängd")
        CANCELLED = "cancelled", _("Inställd")
        COMPLETED = "completed", _("Genomförd")

    course = models.ForeignKey(
        Course, verbose_name=_("kurs"), on_delete=models.PROTECT, related_name="occasions"
    )
    region = models.ForeignKey(
        "municipalities.Region",
        verbose_name=_("arrangerande region"),
        on_delete=models.PROTECT,
        related_name="course_occasions",
    )
    capacity = models.PositiveIntegerField(_("antal platser"), validators=[MinValueValidator(1)])
    min_participants = models.PositiveIntegerField(_("minsta antal deltagare"), default=0)
    signup_opens = models.DateField(_("anmälan öppnar"))
    signup_closes = models.DateField(_("sista anmälningsdag"))
    cancellation_deadline = models.DateField(_("sista avbokningsdag"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    open_to_other_regions = models.BooleanField(_("öppen för deltagare från andra regioner"), default=False)
    course_leaders = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("kursledare"), blank=True, related_name="led_occasions"
    )
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("utbildare"), blank=True, related_name="trained_occasions"
    )
    notes = models.TextField(_("anteckningar"), blank=True)
    # Kinds of notification (core.mailtemplates names) not sent about this occasion; on the row itself so
    # that composing an e-mail under the occasion lock needs no query to know (courses.notification_switches).
    notifications_off = models.JSONField(_("e-post som inte skickas"), default=list, blank=True)
    # The date of the earliest course day, cancelled days included; None without days. Kept up to date when
    # a day is saved or deleted (courses.receivers); code that bulk-creates days (no signals) sets it
    # itself. Reports count an occasion in the year it starts from this indexed column instead of a
    # per-row subquery over the days.
    starts_on = models.DateField(_("första kursdag"), null=True, blank=True, editable=False, db_index=True)
    # How many times the course leaders and trainers have been told of a change; part of their e-mails'
    # keys, so that composing the same change again adds nothing and the next real change sends again.
    staff_revision = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kurstillfälle")
        verbose_name_plural = _("kurstillfällen")
        ordering = ["signup_closes", "pk"]

    def __str__(self):
        first = self.days.order_by("date").first()
        return f"{self.course} {first.date:%Y-%m-%d}" if first else str(self.course)

    @property
    def shows_free_places(self):
        """Free places mean something until the occasion is cancelled or completed; pages show the
        status instead after that."""
        return self.status not in (self.Status.CANCELLED, self.Status.COMPLETED)

    def dates_and_place(self):
        """ "2 dec, 3 dec 2026, Luleå" or "… , digitalt", from the days (prefetch them for a list)."""
        days = sorted((day for day in self.days.all() if not day.is_cancelled), key=lambda day: day.date)
        if not days:
            return gettext("inga kursdagar ännu")
        dates = sorted({day.date for day in days})
        day_month = [date_format(date, "SHORT_MONTH_DAY_FORMAT") for date in dates]
        if dates[0].year == dates[-1].year:
            when = f"{', '.join(day_month)} {dates[0].year}"
        else:
            when = ", ".join(f"{text} {date.year}" for text, date in zip(day_month, dates, strict=False))
        places = list(
            dict.fromkeys(
                day.town or day.venue for day in days if not day.is_online and (day.town or day.venue)
            )
        )
        if any(day.is_online for day in days):
            places.append(gettext("digitalt"))
        and_word = gettext("och")  # outside the f-string, where makemessages finds it
        return f"{when}, {get_text_list(places, and_word)}" if places else when


class Venue(models.Model):
    """A place where course days are held (the venue register), with its rooms."""

    name = models.CharField(_("namn"), max_length=200)
    address = models.CharField(_("adress"), max_length=255, blank=True)
    town = models.CharField(_("ort"), max_length=80, blank=True)
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        verbose_name=_("kommun"),
        on_delete=models.PROTECT,
        related_name="venues",
    )
    accessibility = models.TextField(_("tillgänglighet"), blank=True)
    is_active = models.BooleanField(_("i bruk"), default=True)

    class Meta:
        verbose_name = _("lokal")
        verbose_name_plural = _("lokaler")
        ordering = ["municipality__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="one_venue_name_per_municipality"),
        ]

    def __str__(self):
        return f"{self.name}, {self.town}" if self.town else self.name


class Room(models.Model):
    """A room of a venue; its capacity is what the clash check compares an occasion's places with."""

    venue = models.ForeignKey(Venue, verbose_name=_("lokal"), on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField(_("rum"), max_length=120)
    capacity = models.PositiveIntegerField(_("antal platser i rummet"), validators=[MinValueValidator(1)])
    accessibility = models.TextField(_("tillgänglighet"), blank=True)

    class Meta:
        verbose_name = _("rum")
        verbose_name_plural = _("rum")
        ordering = ["venue", "name"]
        constraints = [models.UniqueConstraint(fields=["venue", "name"], name="one_room_name_per_venue")]

    def __str__(self):
        return f"{self.venue.name} – {self.name}"


class CourseDay(models.Model):
    occasion = models.ForeignKey(CourseOccasion, on_delete=models.CASCADE, related_name="days")
    date = models.DateField(_("datum"))
    start_time = models.TimeField(_("starttid"))
    end_time = models.TimeField(_("sluttid"))
    # A day on site in a registered room; the free-text place below is then filled from the room's venue.
    room = models.ForeignKey(
        Room,
        verbose_name=_("rum"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="days",
    )
    venue = models.CharField(_("lokal"), max_length=200, blank=True)
    address = models.CharField(_("adress"), max_length=255, blank=True)
    town = models.CharField(_("ort"), max_length=80, blank=True)
    online_url = models.URLField(_("länk för digitalt deltagande"), blank=True)
    is_cancelled = models.BooleanField(_("inställd"), default=False)

    class Meta:
        verbose_name = _("kursdag")
        verbose_name_plural = _("kursdagar")
        ordering = ["date", "start_time"]

    def __str__(self):
        return f"{self.occasion.course} {self.date:%Y-%m-%d}"

    @property
    def is_online(self):
        return bool(self.online_url) and not self.venue


class TrainerProfile(models.Model):
    """A course leader or trainer recruited from a municipality (seed 004, goal 7)."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="trainer_profile"
    )
    courses = models.ManyToManyField(
        Course, verbose_name=_("kurser personen kan ge"), blank=True, related_name="trainers"
    )
    trained_on = models.DateField(_("utbildad till utbildare"), null=True, blank=True)
    is_active = models.BooleanField(_("aktiv"), default=True)
    # The home region lends the trainer out: other regions' project leaders see and can assign them.
    shared_with_other_regions = models.BooleanField(_("tillgänglig för andra regioner"), default=False)
    # Secret for the personal calendar feed; a new value revokes the old URL.
    calendar_token = models.CharField(
        max_length=64, unique=True, default=secrets.token_urlsafe, editable=False
    )

    class Meta:
        verbose_name = _("kursledare/utbildare")
        verbose_name_plural = _("kursledare/utbildare")

    def __str__(self):
        return str(self.person)

    def revoke_calendar_token(self):
        self.calendar_token = secrets.token_urlsafe()
        self.save(update_fields=["calendar_token"])


class TrainerProposal(models.Model):
    """A manager proposes one of their staff as trainer (recruiting, seed 000); the project leader
    accepts, declines or puts the proposal on hold. Accepting gives the person a TrainerProfile."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Föreslagen")
        ON_HOLD = "on_hold", _("Vilande")
        ACCEPTED = "accepted", _("Antagen")
        DECLINED = "declined", _("Avböjd")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="trainer_proposals",
    )
    # The person's municipality when proposed: the scope of the proposal (a manager sees their own).
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        verbose_name=_("kommun"),
        on_delete=models.PROTECT,
        related_name="trainer_proposals",
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("föreslagen av"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="trainer_proposals_made",
    )
    courses = models.ManyToManyField(
        Course,
        verbose_name=_("kurser personen skulle kunna ge"),
        blank=True,
        related_name="trainer_proposals",
    )
    areas = models.CharField(_("områden personen kan utbilda i"), max_length=300, blank=True)
    motivation = models.TextField(_("motivering"), max_length=2000, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED)
    created_at = models.DateTimeField(_("föreslagen"), auto_now_add=True)

    class Meta:
        verbose_name = _("förslag på utbildare")
        verbose_name_plural = _("förslag på utbildare")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One open proposal per person at a time; a declined person can be proposed again later.
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(status__in=["proposed", "on_hold"]),
                name="one_open_trainer_proposal_per_person",
            ),
        ]

    def __str__(self):
        return f"{self.person} ({self.get_status_display()})"

    @property
    def is_open(self):
        return self.status in (self.Status.PROPOSED, self.Status.ON_HOLD)


class TrainerProposalEvent(models.Model):
    """One step of a proposal's history: who moved it from which status to which, when, and why."""

    proposal = models.ForeignKey(TrainerProposal, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=20, choices=TrainerProposal.Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=TrainerProposal.Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("kommentar"), max_length=2000, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.proposal_id}: {self.from_status} → {self.to_status}"
