"""Follow-up surveys (seed 004 part B): templates with questions, rounds of asking, invitations and
anonymous responses.

Anonymity is structural: `Invitation` knows the person and only *that* they answered (a date);
`Response` and `Answer` have no key or column that leads to a person or an invitation, random primary
keys (so their order does not mirror the order of answering) and no timestamp. Nor do they share a
transaction with the invitation: a submission is sealed (encrypted) beside the answered mark, and the
worker stores sealed submissions as responses in shuffled batches (services.responses_store_sealed),
so neither PostgreSQL's transaction ids (xmin) nor the order of rows links a response to a person. A response carries only
the group attributes results need (municipality, step, course, respondent role), and results hide
groups smaller than FOLLOWUP_MIN_GROUP_SIZE.
"""

import secrets
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .catalogue import SHIPPED_NAMES
from .scales import SCALE_CHOICES, YES_NO, options_for

FILE_SLUGS = {
    "step_change": "byte-av-steg",
    "erfaren_yearly": "erfarenenkat",
    "course_evaluation": "kursutvardering",
    "manager_yearly": "chefsenkat",
    "trainer_yearly": "utbildarenkat",
    "rss_yearly": "rss-enkat",
    "training_needs": "behovsinventering",
}


class SurveyTemplate(models.Model):
    class Kind(models.TextChoices):
        STEP_CHANGE = "step_change", _("Vid byte av steg (Ny→Van, Van→Erfaren)")
        ERFAREN_YEARLY = "erfaren_yearly", _("Årlig enkät till Erfaren")
        COURSE_EVALUATION = "course_evaluation", _("Kursutvärdering")
        MANAGER_YEARLY = "manager_yearly", _("Årlig enkät till arbetsledare och chefer")
        TRAINER_YEARLY = "trainer_yearly", _("Årlig enkät till utbildare")
        RSS_YEARLY = "rss_yearly", _("Årlig enkät till regionala projektledare (RSS)")
        TRAINING_NEEDS = "training_needs", _("Inventering av utbildningsbehov till enhetschefer")

    YEARLY_KINDS = (
        Kind.ERFAREN_YEARLY,
        Kind.MANAGER_YEARLY,
        Kind.TRAINER_YEARLY,
        Kind.RSS_YEARLY,
        Kind.TRAINING_NEEDS,
    )
    # The documented exception to anonymity: the needs survey is a planning input, answered per
    # municipality, and its form says so.
    NOT_ANONYMOUS_KINDS = (Kind.TRAINING_NEEDS,)

    kind = models.CharField(_("typ"), max_length=30, choices=Kind.choices, unique=True)
    name = models.CharField(_("namn"), max_length=200)
    intro = models.TextField(_("inledande text"), blank=True)
    # The seed 004 goals this survey measures, e.g. "3, 4, 5, 6".
    goals = models.CharField(_("mäter mål"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("enkätmall")
        verbose_name_plural = _("enkätmallar")
        ordering = ["pk"]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        """The name to show: a shipped name in the page's language, a name the project leader wrote as
        written (it has no translation)."""
        return gettext(self.name) if self.name in SHIPPED_NAMES else self.name

    @property
    def is_yearly(self):
        return self.kind in self.YEARLY_KINDS

    @property
    def is_anonymous(self):
        return self.kind not in self.NOT_ANONYMOUS_KINDS

    @property
    def file_slug(self):
        """The survey's part of an export's file name, in Swedish (uppfoljning-kursutvardering-2026.csv)."""
        return FILE_SLUGS.get(self.kind, "enkat")

    @property
    def short_label(self):
        """A few words that tell the surveys apart in a chart (goal 1 is asked in two surveys)."""
        return {
            self.Kind.STEP_CHANGE: _("byte av steg"),
            self.Kind.ERFAREN_YEARLY: _("Erfaren"),
            self.Kind.COURSE_EVALUATION: _("kurs"),
            self.Kind.MANAGER_YEARLY: _("chefer"),
            self.Kind.TRAINER_YEARLY: _("utbildare"),
            self.Kind.RSS_YEARLY: _("RSS"),
            self.Kind.TRAINING_NEEDS: _("behov"),
        }.get(self.kind, "")


class Question(models.Model):
    class Kind(models.TextChoices):
        SCALE = "scale", _("Ett svar på en skala")
        MULTIPLE = "multiple", _("Flerval")
        YES_NO = "yes_no", _("Ja/nej")
        FREE_TEXT = "free_text", _("Fritext")

    class Condition(models.TextChoices):
        ALWAYS = "", _("Till alla")
        TOOK_COURSES = "took_courses", _("Bara till dem som gått kurser under året")

    template = models.ForeignKey(
        SurveyTemplate, verbose_name=_("enkät"), on_delete=models.CASCADE, related_name="questions"
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    text = models.CharField(_("fråga"), max_length=500)
    help_text = models.CharField(_("förklaring"), max_length=300, blank=True)
    kind = models.CharField(_("frågetyp"), max_length=20, choices=Kind.choices, default=Kind.SCALE)
    scale = models.CharField(_("skala"), max_length=20, choices=SCALE_CHOICES, blank=True)
    # Options of a multiple-choice question, one per line.
    options_text = models.TextField(_("svarsalternativ (ett per rad, för flerval)"), blank=True)
    goal = models.PositiveSmallIntegerField(
        _("mål i uppföljningsplanen (1–7)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(7)],
    )
    aspect = models.CharField(_("aspekt"), max_length=2, blank=True)
    is_measured = models.BooleanField(_("mäts mot målet"), default=False)
    target_percent = models.PositiveSmallIntegerField(
        _("målvärde (%)"), default=80, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    condition = models.CharField(
        _("villkor"), max_length=20, choices=Condition.choices, blank=True, default=Condition.ALWAYS
    )

    class Meta:
        verbose_name = _("fråga")
        verbose_name_plural = _("frågor")
        ordering = ["template", "order", "pk"]

    def __str__(self):
        return self.text

    @property
    def effective_scale(self):
        return YES_NO if self.kind == self.Kind.YES_NO else self.scale

    def choices(self):
        """(value, label) pairs a respondent may pick; empty for free text."""
        if self.kind == self.Kind.MULTIPLE:
            return [
                (str(i), line.strip())
                for i, line in enumerate(self.options_text.splitlines(), 1)
                if line.strip()
            ]
        return [(o.value, o.label) for o in options_for(self.effective_scale)]

    @property
    def label_with_goal(self):
        return f"{self.goal}{self.aspect}" if self.goal else ""


def _random_seed():
    return secrets.randbits(31)


class CourseSampling(models.Model):
    """How often a course is evaluated (seed 004 footnote 1: new courses every time, others by sample)."""

    class Mode(models.TextChoices):
        EVERY = "every", _("Varje kurstillfälle")
        EVERY_NTH = "nth", _("Vart n:te kurstillfälle")
        RANDOM = "random", _("Slumpmässigt urval")

    course = models.OneToOneField(
        "courses.Course", verbose_name=_("kurs"), on_delete=models.CASCADE, related_name="followup_sampling"
    )
    mode = models.CharField(_("urval"), max_length=10, choices=Mode.choices, default=Mode.EVERY)
    every_n = models.PositiveSmallIntegerField(_("var n:te"), default=2, validators=[MinValueValidator(1)])
    share_percent = models.PositiveSmallIntegerField(
        _("andel (%)"), default=50, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    # Recorded so that every random decision can be reproduced and checked afterwards.
    seed = models.PositiveIntegerField(_("slumpfrö"), default=_random_seed)
    # A new course is evaluated every time for its first occasions, whatever the mode.
    always_first = models.PositiveSmallIntegerField(_("utvärdera alltid de första tillfällena"), default=3)

    class Meta:
        verbose_name = _("urval för kursutvärdering")
        verbose_name_plural = _("urval för kursutvärdering")

    def __str__(self):
        return f"{self.course}: {self.get_mode_display()}"


class SamplingDecision(models.Model):
    """Whether one completed occasion was evaluated, with the rule that decided it (an audit trail)."""

    occasion = models.OneToOneField(
        "courses.CourseOccasion", on_delete=models.CASCADE, related_name="followup_sampling_decision"
    )
    ordinal = models.PositiveIntegerField(_("tillfälle nr"))
    selected = models.BooleanField(_("utvärderas"))
    rule = models.CharField(_("regel"), max_length=120)
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("urvalsbeslut")
        verbose_name_plural = _("urvalsbeslut")

    def __str__(self):
        return f"{self.occasion_id}: {self.rule}"


class SurveyRound(models.Model):
    """One occasion of asking: a yearly round with its send window, or the round of a course occasion
    or of a year's step changes."""

    template = models.ForeignKey(
        SurveyTemplate, verbose_name=_("enkät"), on_delete=models.PROTECT, related_name="rounds"
    )
    # The portal's years (core.forms.EARLIEST_DATE–LATEST_DATE): a year 0 is a typing error.
    year = models.PositiveSmallIntegerField(
        _("år"), validators=[MinValueValidator(2000), MaxValueValidator(2099)]
    )
    occasion = models.ForeignKey(
        "courses.CourseOccasion",
        verbose_name=_("kurstillfälle"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="followup_rounds",
    )
    opens_on = models.DateField(_("öppnar"))
    closes_on = models.DateField(_("stänger"))
    sent_at = models.DateTimeField(_("utskick gjort"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # The needs survey goes to the managers of the municipalities the project leader chose.
    municipalities = models.ManyToManyField(
        "municipalities.Municipality", verbose_name=_("kommuner"), blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("enkätomgång")
        verbose_name_plural = _("enkätomgångar")
        ordering = ["-year", "template", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "year"],
                condition=models.Q(occasion__isnull=True),
                name="one_round_per_template_and_year",
            ),
            models.UniqueConstraint(
                fields=["template", "occasion"],
                condition=models.Q(occasion__isnull=False),
                name="one_round_per_template_and_occasion",
            ),
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")), name="round_closes_after_it_opens"
            ),
        ]

    def __str__(self):
        if self.occasion_id:
            return f"{self.template} – {self.occasion}"
        return f"{self.template} {self.year}"


class Invitation(models.Model):
    """Who was asked in a round, and only whether they answered; never what."""

    round = models.ForeignKey(
        SurveyRound, verbose_name=_("enkätomgång"), on_delete=models.PROTECT, related_name="invitations"
    )
    # A person with an account, or (RSS survey) a contact outside the region who has none.
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="followup_invitations",
    )
    contact = models.ForeignKey(
        "RssContact",
        verbose_name=_("RSS-kontakt"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    # Only the hash is stored; the token itself is derived (see tokens.py) when an e-mail is written.
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    nonce = models.CharField(max_length=32, editable=False)
    expires_on = models.DateField(_("länken gäller till och med"))
    # A date, not a time: a timestamp could be matched to the order responses were stored in.
    answered_on = models.DateField(_("besvarad"), null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(_("påminnelser skickade"), default=0)
    last_reminded_on = models.DateField(_("senaste påminnelse"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Group attributes copied to the response when it is submitted.
    municipality = models.ForeignKey(
        "municipalities.Municipality", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    step = models.ForeignKey(
        "courses.Step", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    course = models.ForeignKey(
        "courses.Course", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    respondent_role = models.CharField(max_length=30, blank=True)
    took_courses = models.BooleanField(default=False)
    # Saved but not yet submitted answers, sealed (followup.sealing): tied to the person, so nobody but
    # the link's owner may read them; emptied in the transaction that seals the submission.
    draft_sealed = models.TextField(default="", blank=True)

    class Meta:
        verbose_name = _("inbjudan")
        verbose_name_plural = _("inbjudningar")
        constraints = [
            models.UniqueConstraint(fields=["round", "person"], name="one_invitation_per_person_and_round"),
            models.UniqueConstraint(fields=["round", "contact"], name="one_invitation_per_contact_and_round"),
            models.CheckConstraint(
                condition=models.Q(person__isnull=False, contact__isnull=True)
                | models.Q(person__isnull=True, contact__isnull=False),
                name="invitation_to_a_person_or_a_contact",
            ),
        ]

    def __str__(self):
        return f"{self.round} → {self.person or self.contact}"

    @property
    def draft(self):
        """The saved answers (question id → value(s) or text), opened for the link's owner."""
        from .sealing import unseal_draft

        return unseal_draft(self.draft_sealed)

    @draft.setter
    def draft(self, answers):
        from .sealing import seal_draft

        self.draft_sealed = seal_draft(answers)

    @property
    def has_draft(self):
        return bool(self.draft_sealed)

    @property
    def recipient(self):
        """Who the e-mail goes to: the person, or the RSS contact (both have .email and .get_short_name())."""
        return self.person or self.contact


def _response_id():
    return uuid.uuid4()


class Response(models.Model):
    """One submitted questionnaire: no person, no invitation, no time (see the module docstring)."""

    id = models.UUIDField(primary_key=True, default=_response_id, editable=False)
    round = models.ForeignKey(SurveyRound, on_delete=models.PROTECT, related_name="responses")
    municipality = models.ForeignKey(
        "municipalities.Municipality", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    step = models.ForeignKey(
        "courses.Step", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    course = models.ForeignKey(
        "courses.Course", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    respondent_role = models.CharField(max_length=30, blank=True)

    class Meta:
        verbose_name = _("enkätsvar")
        verbose_name_plural = _("enkätsvar")

    def __str__(self):
        return str(self.id)  # nothing that points to a person


class SealedResponse(models.Model):
    """A submitted questionnaire waiting, encrypted, to be stored as a Response with others (see
    followup.sealing and services.responses_store_sealed). No person, no invitation, no time; written
    in the transaction that marks the invitation answered and deleted in the one that stores the batch,
    so the invitation and the response never share a transaction."""

    id = models.UUIDField(primary_key=True, default=_response_id, editable=False)
    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="+")
    sealed = models.TextField()

    class Meta:
        verbose_name = _("förseglat enkätsvar")
        verbose_name_plural = _("förseglade enkätsvar")

    def __str__(self):
        return str(self.pk)


class Answer(models.Model):
    """One answer to one question; a multiple-choice question has one row per chosen option."""

    id = models.UUIDField(primary_key=True, default=_response_id, editable=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    # A copy of response.round (which never changes), so that the results of a year are read from one
    # index range (answer_round_question) instead of looking up the answers of each response in turn.
    # save() fills it in; bulk_create callers set it themselves (NOT NULL catches a forgotten one).
    round = models.ForeignKey(SurveyRound, on_delete=models.PROTECT, related_name="+", db_index=False)
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    value = models.CharField(max_length=40, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        verbose_name = _("svar")
        verbose_name_plural = _("svar")
        indexes = [
            # Counts per question and option, and distinct respondents, read from the index alone.
            models.Index(fields=["round", "question", "value", "response"], name="answer_round_question"),
        ]

    def __str__(self):
        return f"{self.question_id}: {self.value or self.text[:40]}"

    def save(self, *args, **kwargs):
        if self.round_id is None and self.response_id is not None:
            self.round_id = self.response.round_id
        super().save(*args, **kwargs)


class RssContact(models.Model):
    """A regional project leader of an RSS outside the region (goal F and 7): asked once a year by e-mail
    with a single-use link; they have no account in the portal."""

    name = models.CharField(_("namn"), max_length=120)
    email = models.EmailField(_("e-postadress"), unique=True)
    organisation = models.CharField(_("RSS"), max_length=120, help_text=_("Till exempel RSS Dalarna."))
    is_active = models.BooleanField(_("får enkäten"), default=True)

    class Meta:
        verbose_name = _("RSS-kontakt")
        verbose_name_plural = _("RSS-kontakter")
        ordering = ["organisation", "name"]

    def __str__(self):
        return f"{self.name} ({self.organisation})"

    def get_short_name(self):
        return self.name.split(" ")[0] if self.name else ""


class CommentHandling(models.Model):
    """Part C of seed 004: that a survey comment has been taken care of, and what was done.

    Points at the anonymous answer only; who handled it is the project leader, never the respondent."""

    answer = models.OneToOneField(Answer, on_delete=models.CASCADE, related_name="handling")
    note = models.TextField(_("vad som gjordes"), max_length=2000)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    handled_on = models.DateField(_("hanterad"))

    class Meta:
        verbose_name = _("hanterad synpunkt")
        verbose_name_plural = _("hanterade synpunkter")

    def __str__(self):
        return f"{self.handled_on}: {self.note[:40]}"
