"""Who is booked on which course occasion, in which state, with the audit trail of every change,
attendance per course day and each person's step on each journey.

Decision (as pretix and Indico): a request waiting for the manager's approval HOLDS a place. So a
manager never approves someone into a course that filled up meanwhile, and a request that is
rejected or declined frees its place for the first on the waiting list.
"""

from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EnrollmentQuerySet(models.QuerySet):
    """The enrollment vocabulary as queries: `occasion.enrollments.holding_place().count()`."""

    def holding_place(self):
        """Counted against the occasion's capacity (a pending request holds a place)."""
        return self.filter(status__in=Enrollment.HOLDS_PLACE)

    def confirmed(self):
        """With a confirmed place: the participants whose attendance is taken."""
        return self.filter(status__in=Enrollment.CONFIRMED)

    def waitlist(self):
        """The reservlista, in the order places are offered."""
        return self.filter(status=Enrollment.Status.WAITLISTED).order_by(*Enrollment.WAITLIST_ORDER)


class Enrollment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Väntar på godkännande")
        APPROVED = "approved", _("Godkänd")
        WAITLISTED = "waitlisted", _("Reservlista")
        REJECTED = "rejected", _("Ej godkänd")
        CANCELLED = "cancelled", _("Avbokad")
        LATE_CANCELLED = "late_cancelled", _("Sen avbokning")
        WITHDRAWN = "withdrawn", _("Återbud")
        COMPLETED = "completed", _("Genomförd")
        NOT_COMPLETED = "not_completed", _("Ej genomförd")
        # Ended by the occasion, not by the person: neither is their own (late) cancellation.
        OCCASION_CANCELLED = "occasion_cancelled", _("Kurstillfället inställt")
        NOT_ADMITTED = "not_admitted", _("Fick ingen plats")

    # A person can hold at most one enrollment in these states per occasion.
    ACTIVE = (Status.PENDING, Status.APPROVED, Status.WAITLISTED, Status.COMPLETED, Status.NOT_COMPLETED)
    # These count against the occasion's capacity (pending holds a place, see the module docstring).
    HOLDS_PLACE = (Status.PENDING, Status.APPROVED, Status.COMPLETED, Status.NOT_COMPLETED)
    CANCELLABLE = (Status.PENDING, Status.APPROVED, Status.WAITLISTED)
    # A person holds at most one booking of a course in these states, over all its occasions (the
    # database enforces it: one_booking_per_person_and_course).
    BOOKED = (Status.PENDING, Status.APPROVED, Status.WAITLISTED)
    # A confirmed place: attendance is taken and the course settled for these.
    CONFIRMED = (Status.APPROVED, Status.COMPLETED, Status.NOT_COMPLETED)
    # The person's own cancellations (in time, late, or a withdrawal); the occasion's cancellation is not.
    CANCELLATIONS = (Status.CANCELLED, Status.LATE_CANCELLED, Status.WITHDRAWN)
    # Those with a booked place whose days can go in a calendar.
    WITH_CALENDAR_FILE = (Status.APPROVED, Status.COMPLETED)
    # The waiting list is served by when a person was put on it, then by id.
    WAITLIST_ORDER = ("waitlisted_at", "pk")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("deltagare"),
        on_delete=models.CASCADE,
        related_name="enrollments",
    )
    occasion = models.ForeignKey(
        "courses.CourseOccasion",
        verbose_name=_("kurstillfälle"),
        on_delete=models.PROTECT,
        related_name="enrollments",
    )
    # The occasion's course, copied so that the database can hold a person to one booking per course
    # (save() fills it in; enrollment.receivers follows an occasion moved to another course).
    course = models.ForeignKey(
        "courses.Course", verbose_name=_("kurs"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    reason = models.TextField(_("motivering"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("anmäld av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The manager the person named at sign-up; any manager of the same municipality may act.
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chef"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # A nomination by a manager or the project leader needs no separate approval.
    pre_approved = models.BooleanField(_("förhandsgodkänd"), default=False)
    requested_at = models.DateTimeField(_("anmäld"), default=timezone.now)
    # The waiting list is ordered by when a person was put on it, then by id.
    waitlisted_at = models.DateTimeField(_("på reservlistan sedan"), null=True, blank=True)
    # When the request last became pending; requests pending at the close of sign-up are declined.
    pending_since = models.DateTimeField(_("väntar sedan"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("beslutad av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("beslutad"), null=True, blank=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    objects = EnrollmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("anmälan")
        verbose_name_plural = _("anmälningar")
        ordering = ["requested_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "occasion"],
                # Enrollment.ACTIVE, written out because Meta cannot see the class's names
                # (tests/enrollment/test_vocabulary.py checks that they agree).
                condition=Q(
                    status__in=[
                        "pending",
                        "approved",
                        "waitlisted",
                        "completed",
                        "not_completed",
                    ]
                ),
                name="one_active_enrollment_per_person_and_occasion",
            ),
            models.UniqueConstraint(
                fields=["person", "course"],
                condition=Q(status__in=["pending", "approved", "waitlisted"]),
                name="one_booking_per_person_and_course",
            ),
        ]
        indexes = [
            # Places per occasion, and the reports' counts by occasion, status and person, read from the
            # index alone.
            models.Index(fields=["occasion", "status", "person"], name="enrollment_occasion_status"),
        ]

    def __str__(self):
        return f"{self.person} – {self.occasion_id} ({self.get_status_display()})"

    def save(self, *args, **kwargs):
        if self.course_id is None and self.occasion_id is not None:
            self.course_id = self.occasion.course_id
        super().save(*args, **kwargs)

    @property
    def is_cancellable(self):
        """Cancellable by its status, and only until the occasion's last day (then it is over)."""
        return self.status in self.CANCELLABLE and not occasion_is_over(self.occasion)

    @property
    def has_calendar_file(self):
        return self.status in self.WITH_CALENDAR_FILE


def occasion_last_day(occasion):
    """The occasion's last day that is not cancelled, or None (reads prefetched days when there are)."""
    dates = [day.date for day in occasion.days.all() if not day.is_cancelled]
    return max(dates) if dates else None


def occasion_is_over(occasion, today=None):
    """Every day of the occasion has passed: a booking can no longer be cancelled."""
    last = occasion_last_day(occasion)
    return last is not None and last < (today or timezone.localdate())


class EnrollmentEvent(models.Model):
    """One row per state change: who, when, from which state to which, and why."""

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("utförd av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("tidpunkt"), default=timezone.now)
    from_status = models.CharField(_("från"), max_length=20, choices=Enrollment.Status.choices, blank=True)
    to_status = models.CharField(_("till"), max_length=20, choices=Enrollment.Status.choices)
    reason = models.TextField(_("motivering"), blank=True)

    class Meta:
        verbose_name = _("händelse")
        verbose_name_plural = _("händelser")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.enrollment_id}: {self.from_status or '–'} → {self.to_status}"


class Attendance(models.Model):
    """Present or absent (uteblev) on one course day."""

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="attendance")
    day = models.ForeignKey(
        "courses.CourseDay", verbose_name=_("kursdag"), on_delete=models.CASCADE, related_name="attendance"
    )
    present = models.BooleanField(_("närvarande"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("närvaro")
        verbose_name_plural = _("närvaro")
        constraints = [models.UniqueConstraint(fields=["enrollment", "day"], name="one_attendance_per_day")]

    def __str__(self):
        return f"{self.enrollment_id}: {self.day_id} ({'närvarande' if self.present else 'frånvarande'})"


class StepPlacementQuerySet(models.QuerySet):
    def current(self):
        """The current placements: each person's latest on each journey (by `since`, then id). The one
        definition of "current step"; enrollment.selectors.current_steps_for reads it for many people."""
        latest = (
            StepPlacement.objects.filter(person=OuterRef("person"), journey=OuterRef("journey"))
            .order_by("-since", "-pk")
            .values("pk")[:1]
        )
        return self.filter(pk=Subquery(latest))


class StepPlacement(models.Model):
    """A person's step on a journey from a date; the latest row is the current step.

    Belongs to the person, not the municipality, so the history follows them when they move.
    """

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="step_placements"
    )
    journey = models.ForeignKey(
        "courses.Journey", verbose_name=_("yrkesresa"), on_delete=models.PROTECT, related_name="+"
    )
    step = models.ForeignKey(
        "courses.Step", verbose_name=_("steg"), on_delete=models.PROTECT, related_name="+"
    )
    since = models.DateField(_("från"), default=timezone.localdate)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ändrad av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = StepPlacementQuerySet.as_manager()

    class Meta:
        verbose_name = _("stegplacering")
        verbose_name_plural = _("stegplaceringar")
        ordering = ["person", "journey", "-since", "-pk"]

    def __str__(self):
        return f"{self.person} – {self.step} ({self.since})"


class ReservationCap(models.Model):
    """How many places a municipality's managers may hold reserved on one occasion (set by the project
    leader). No row: no reservations for that municipality."""

    municipality = models.OneToOneField(
        "municipalities.Municipality",
        verbose_name=_("kommun"),
        on_delete=models.CASCADE,
        related_name="reservation_cap",
    )
    places = models.PositiveSmallIntegerField(_("högst antal reserverade platser per tillfälle"), default=0)

    class Meta:
        verbose_name = _("tak för reserverade platser")
        verbose_name_plural = _("tak för reserverade platser")

    def __str__(self):
        return f"{self.municipality}: {self.places}"


class Reservation(models.Model):
    """Places a municipality holds on an occasion for hires not yet named (Totara's "reserve spaces").

    While active, `places` unnamed places count against the occasion's capacity, under the same occasion
    lock as sign-ups; filling one turns it into an approved enrollment, and on `release_on` (before the
    last sign-up day) whatever is left goes back to the waiting list in order.
    """

    class Status(models.TextChoices):
        ACTIVE = "active", _("Aktiv")
        RELEASED = "released", _("Släppt")

    occasion = models.ForeignKey(
        "courses.CourseOccasion",
        verbose_name=_("kurstillfälle"),
        on_delete=models.CASCADE,
        related_name="reservations",
    )
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        verbose_name=_("kommun"),
        on_delete=models.PROTECT,
        related_name="reservations",
    )
    places = models.PositiveSmallIntegerField(_("reserverade platser utan namn"))
    filled = models.PositiveSmallIntegerField(_("fyllda med namn"), default=0)
    release_on = models.DateField(_("släpps"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    reserved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reserverad av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("reserverad"), default=timezone.now)
    released_at = models.DateTimeField(_("släppt"), null=True, blank=True)

    class Meta:
        verbose_name = _("reservation")
        verbose_name_plural = _("reservationer")
        ordering = ["occasion", "municipality__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["occasion", "municipality"],
                condition=Q(status="active"),
                name="one_active_reservation_per_municipality_and_occasion",
            ),
        ]
        indexes = [models.Index(fields=["status", "release_on"], name="reservation_due")]

    def __str__(self):
        return f"{self.municipality} – {self.occasion_id}: {self.places}"

    @property
    def is_active(self):
        return self.status == self.Status.ACTIVE


class Interest(models.Model):
    """An intresseanmälan: a person (or their manager for them) wants a course that has no suitable
    occasion yet. When an occasion of the course opens, the interested are told first, in the order they
    registered; the row then remembers which occasion they were told about."""

    course = models.ForeignKey(
        "courses.Course", verbose_name=_("kurs"), on_delete=models.CASCADE, related_name="interests"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="interests"
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registrerad av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("registrerad"), default=timezone.now)
    told_about = models.ForeignKey(
        "courses.CourseOccasion",
        verbose_name=_("meddelad om"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    told_at = models.DateTimeField(_("meddelad"), null=True, blank=True)
    # Withdrawn rows stay (one row per person and course); registering again puts them last in line.
    withdrawn_at = models.DateTimeField(_("borttagen"), null=True, blank=True)

    class Meta:
        verbose_name = _("intresseanmälan")
        verbose_name_plural = _("intresseanmälningar")
        ordering = ["course", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["course", "person"], name="one_interest_per_person_and_course"),
        ]

    def __str__(self):
        return f"{self.person} – {self.course}"


class Message(models.Model):
    """A message the project leader (or an occasion's course leader) wrote to the participants of an
    occasion, its waiting list, or the managers of chosen municipalities, sent through the outbox once
    per recipient. The form's one-time token is unique, so a double post makes one message.

    It lives here, not in core, because its audiences are bookings (participants, waiting list) and the
    log is scoped by the occasion it was about."""

    class Audience(models.TextChoices):
        PARTICIPANTS = "participants", _("Deltagarna i ett kurstillfälle")
        WAITLIST = "waitlist", _("Reservlistan till ett kurstillfälle")
        MANAGERS = "managers", _("Cheferna i valda kommuner (chefsnätverket)")

    token = models.CharField(max_length=64, unique=True)
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("avsändare"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    audience = models.CharField(_("mottagare"), max_length=20, choices=Audience.choices)
    occasion = models.ForeignKey(
        "courses.CourseOccasion",
        verbose_name=_("kurstillfälle"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="messages",
    )
    municipalities = models.ManyToManyField(
        "municipalities.Municipality", verbose_name=_("kommuner"), blank=True, related_name="+"
    )
    subject = models.CharField(_("ämne"), max_length=200)
    body = models.TextField(_("meddelande"), max_length=10000)
    created_at = models.DateTimeField(_("skickat"), default=timezone.now)

    class Meta:
        verbose_name = _("meddelande")
        verbose_name_plural = _("meddelanden")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.subject


class MessageRecipient(models.Model):
    """One recipient of a message; `key` is the outbox key of their e-mail (its delivery state)."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="recipients")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("mottagare"), on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField(max_length=200, unique=True)

    class Meta:
        ordering = ["person__last_name", "person__first_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["message", "person"], name="one_copy_per_message_and_person"),
        ]

    def __str__(self):
        return self.key
