"""Changes in follow-up: rounds, invitations (at most one per person and round), sampling, answering,
reminders, and the editing of survey templates.

Every function that creates invitations goes through `invitation_create`, which relies on the unique
constraint (round, person): a trigger that fires twice, or two workers racing, still makes one.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Model, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Role
from core import outbox
from core.queue import queue
from courses.models import TrainerProfile
from enrollment.selectors import completed_course_in_year, current_steps_with_slug, people_on_step

from . import notifications
from .models import (
    Answer,
    CommentHandling,
    CourseSampling,
    Invitation,
    Question,
    Response,
    RssContact,
    SamplingDecision,
    SealedResponse,
    SurveyRound,
    SurveyTemplate,
)
from .tokens import hash_token, new_nonce, token_for

if TYPE_CHECKING:
    from courses.models import Course, CourseOccasion, Journey, Step


def answer_days() -> int:
    return settings.FOLLOWUP_ANSWER_DAYS


def reminder_days() -> int:
    return settings.FOLLOWUP_REMINDER_DAYS


def invitation_retention_days() -> int:
    return settings.FOLLOWUP_INVITATION_RETENTION_DAYS


MAX_REMINDERS = 2

_M = TypeVar("_M", bound=Model)


class InvitationError(Exception):
    """A link that cannot be used; `code` is "forged", "expired" or "answered"."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


# --- Rounds -----------------------------------------------------------------------------------


def round_municipalities_set(*, round_id: int, municipality_ids: Iterable[int]) -> SurveyRound:
    """The municipalities whose managers get a round of the needs survey (chosen before it is sent)."""
    with transaction.atomic():
        round_ = SurveyRound.objects.select_for_update().select_related("template").get(pk=round_id)
        if round_.template.kind != SurveyTemplate.Kind.TRAINING_NEEDS:
            raise ValidationError(_("Bara behovsinventeringen skickas till valda kommuner."))
        if not municipality_ids:
            raise ValidationError(_("Välj minst en kommun."))
        round_.municipalities.set(municipality_ids)
    return round_


@transaction.atomic
def round_create(
    template: SurveyTemplate, year: int, opens_on: datetime.date, closes_on: datetime.date
) -> SurveyRound:
    """A yearly round with the send window the project leader chose."""
    if not template.is_yearly:
        raise ValidationError(_("Den här enkäten skickas automatiskt och får inga årliga omgångar."))
    if closes_on < opens_on:
        raise ValidationError(_("Sista svarsdag kan inte vara före första dagen."))
    if not 2000 <= year <= 2099:
        raise ValidationError(_("Ange ett år mellan 2000 och 2099."))
    if SurveyRound.objects.filter(template=template, year=year, occasion__isnull=True).exists():
        raise ValidationError(
            _("Det finns redan en omgång av den här enkäten för %(year)s.") % {"year": year}
        )
    return SurveyRound.objects.create(template=template, year=year, opens_on=opens_on, closes_on=closes_on)


def _triggered_round(
    kind: str, year: int, occasion: CourseOccasion | None = None, today: datetime.date | None = None
) -> SurveyRound:
    """The round that event-triggered invitations of `kind` go into (created on first use)."""
    today = today or timezone.localdate()
    template = SurveyTemplate.objects.get(kind=kind)
    closes = today + datetime.timedelta(days=answer_days())
    if occasion is None:
        # One round per year for step changes: open all year, the last invitations get their full time.
        defaults = {
            "opens_on": datetime.date(year, 1, 1),
            "closes_on": max(datetime.date(year, 12, 31) + datetime.timedelta(days=answer_days()), closes),
        }
        round_, _created = _get_or_create(
            SurveyRound, {"template": template, "year": year, "occasion__isnull": True}, defaults
        )
    else:
        round_, _created = _get_or_create(
            SurveyRound,
            {"template": template, "occasion": occasion},
            {"year": year, "opens_on": today, "closes_on": closes},
        )
    return round_


def _get_or_create(
    model: type[_M], lookup: dict[str, object], defaults: dict[str, object]
) -> tuple[_M, bool]:
    """get_or_create that survives a concurrent insert hitting a (partial) unique constraint."""
    create_kwargs = {k: v for k, v in lookup.items() if "__" not in k} | defaults
    try:
        with transaction.atomic():
            return model.objects.get_or_create(**lookup, defaults=create_kwargs)
    except IntegrityError:
        return model.objects.get(**lookup), False


# --- Invitations ------------------------------------------------------------------------------


def invitation_create(
    round_: SurveyRound,
    person: User,
    *,
    step: Step | None = None,
    course: Course | None = None,
    respondent_role: str = "",
    expires_on: datetime.date | None = None,
) -> tuple[Invitation, bool]:
    """Invite `person` to `round_` unless already invited; returns (invitation, created).

    The e-mail is written to the outbox with it, and only for a new invitation.
    """
    nonce = new_nonce()
    defaults = {
        "nonce": nonce,
        "token_hash": hash_token(token_for(nonce)),
        "expires_on": min(expires_on or round_.closes_on, round_.closes_on),
        "municipality_id": person.municipality_id,
        "step": step,
        "course": course,
        "respondent_role": respondent_role,
        "took_courses": completed_course_in_year(person, round_.year),
    }
    invitation, created = _get_or_create(Invitation, {"round": round_, "person": person}, defaults)
    if created:
        outbox.enqueue(notifications.invitation(invitation))
    return invitation, created


def contact_invitation_create(round_: SurveyRound, contact: RssContact) -> tuple[Invitation, bool]:
    """Invite an RSS contact (no account) to `round_` unless already invited; returns (invitation, created).

    The link in the e-mail is the only key and works once: after the answers are sent it is spent."""
    nonce = new_nonce()
    defaults = {
        "nonce": nonce,
        "token_hash": hash_token(token_for(nonce)),
        "expires_on": round_.closes_on,
        "respondent_role": "rss",
    }
    invitation, created = _get_or_create(Invitation, {"round": round_, "contact": contact}, defaults)
    if created:
        outbox.enqueue(notifications.invitation(invitation))
    return invitation, created


def rss_contact_save(
    *, name: str, email: str, organisation: str, contact_id: int | None = None, is_active: bool = True
) -> RssContact:
    """Add or change an RSS contact; an address already listed is refused with a Swedish message."""
    email = email.strip().lower()
    if RssContact.objects.filter(email__iexact=email).exclude(pk=contact_id).exists():
        raise ValidationError(_("Adressen %(email)s finns redan bland RSS-kontakterna.") % {"email": email})
    values = {
        "name": name.strip(),
        "email": email,
        "organisation": organisation.strip(),
        "is_active": is_active,
    }
    with transaction.atomic():
        if contact_id is None:
            return RssContact.objects.create(**values)
        RssContact.objects.filter(pk=contact_id).update(**values)
        return RssContact.objects.get(pk=contact_id)


def respondent_role_of(person: User) -> str:
    for role in (Role.MANAGER, Role.SOCIAL_WORKER, Role.COURSE_LEADER):
        if person.has_role(role):
            return role
    return ""


def yearly_audience(template: SurveyTemplate) -> list[User]:
    """Who a yearly round of `template` goes to: managers, trainers, or the people on Erfaren."""
    kind = template.kind
    if kind == SurveyTemplate.Kind.MANAGER_YEARLY:
        return list(User.objects.with_role(Role.MANAGER))
    if kind == SurveyTemplate.Kind.TRAINER_YEARLY:
        return list(
            User.objects.filter(is_active=True)
            .filter(
                Q(is_course_leader=True)
                | Q(trainer_profile__in=TrainerProfile.objects.filter(is_active=True))
            )
            .distinct()
        )
    if kind == SurveyTemplate.Kind.ERFAREN_YEARLY:
        return [p for p in people_on_step(settings.FOLLOWUP_ERFAREN_STEP_SLUG) if p.is_active]
    return []


def needs_audience(round_: SurveyRound) -> list[User]:
    """The needs survey's audience: the active managers of the municipalities chosen for the round."""
    return list(
        User.objects.with_role(Role.MANAGER)
        .filter(municipality__in=round_.municipalities.all())
        .order_by("pk")
    )


def yearly_audience_steps(template: SurveyTemplate) -> dict[int, Step]:
    """{person id: Step} recorded on the invitations of a yearly round, so results by step count them.

    Only the Erfaren survey is about a step; the manager and trainer surveys are asked by role.
    """
    if template.kind == SurveyTemplate.Kind.ERFAREN_YEARLY:
        return current_steps_with_slug(settings.FOLLOWUP_ERFAREN_STEP_SLUG)
    return {}


def round_send(round_id: int) -> int:
    """Invite the round's whole audience (idempotent: people already invited are skipped).

    Returns the number of new invitations.
    """
    with transaction.atomic():
        round_ = SurveyRound.objects.select_for_update().select_related("template").get(pk=round_id)
        if not round_.template.is_yearly:
            raise ValidationError(_("Den här enkäten skickas automatiskt."))
        if timezone.localdate() > round_.closes_on:
            raise ValidationError(_("Omgången har redan stängt."))
        kind = round_.template.kind
        created = 0
        if kind == SurveyTemplate.Kind.RSS_YEARLY:
            contacts = list(RssContact.objects.filter(is_active=True))
            if not contacts:
                raise ValidationError(_("Lägg först till RSS-kontakter som ska få enkäten."))
            for contact in contacts:
                created += contact_invitation_create(round_, contact)[1]
        elif kind == SurveyTemplate.Kind.TRAINING_NEEDS:
            managers = needs_audience(round_)
            if not managers:
                raise ValidationError(_("Välj kommuner med minst en enhetschef innan du skickar enkäten."))
            for person in managers:
                created += invitation_create(round_, person, respondent_role="manager")[1]
        else:
            role = {
                SurveyTemplate.Kind.MANAGER_YEARLY: "manager",
                SurveyTemplate.Kind.TRAINER_YEARLY: "course_leader",
                SurveyTemplate.Kind.ERFAREN_YEARLY: "social_worker",
            }[kind]
            steps = yearly_audience_steps(round_.template)
            for person in yearly_audience(round_.template):
                _inv, new = invitation_create(round_, person, step=steps.get(person.pk), respondent_role=role)
                created += new
        if round_.sent_at is None:
            round_.sent_at = timezone.now()
            round_.save(update_fields=["sent_at"])
    return created


def step_change_triggers() -> list[tuple[str, str]]:
    return [tuple(pair) for pair in settings.FOLLOWUP_STEP_CHANGE_TRIGGERS]


def on_step_changed(
    person: User,
    journey: Journey,
    from_step: Step | None,
    to_step: Step,
    changed_by: User | None = None,
    **kwargs: object,
) -> Invitation | None:
    """Goal 1: a person moving Ny→Van or Van→Erfaren is asked about the step they leave."""
    if from_step is None or (from_step.slug, to_step.slug) not in step_change_triggers():
        return None
    round_ = _triggered_round(SurveyTemplate.Kind.STEP_CHANGE, timezone.localdate().year)
    invitation, _created = invitation_create(
        round_,
        person,
        step=from_step,
        respondent_role="social_worker",
        expires_on=timezone.localdate() + datetime.timedelta(days=answer_days()),
    )
    return invitation


def sampling_selects(
    mode: str,
    ordinal: int,
    *,
    every_n: int = 1,
    share_percent: int = 100,
    seed: int = 0,
    always_first: int = 0,
) -> bool:
    """Pure rule: is the `ordinal`-th completed occasion of a course evaluated?

    New courses (the first `always_first` occasions) are evaluated every time (seed 004 footnote 1).
    The random mode draws from Random(f"{seed}:{ordinal}"), so each decision can be reproduced from
    the recorded seed alone.
    """
    if ordinal <= always_first or mode == CourseSampling.Mode.EVERY:
        return True
    if mode == CourseSampling.Mode.EVERY_NTH:
        return (ordinal - always_first) % max(every_n, 1) == 0
    return random.Random(f"{seed}:{ordinal}").random() * 100 < share_percent


@transaction.atomic
def occasion_sample(occasion: CourseOccasion) -> SamplingDecision:
    """Decide once whether a completed occasion is evaluated, and record the decision with its rule."""
    existing = SamplingDecision.objects.filter(occasion=occasion).first()
    if existing:
        return existing
    sampling = CourseSampling.objects.select_for_update().filter(course_id=occasion.course_id).first()
    if sampling is None:
        sampling, _created = _get_or_create(CourseSampling, {"course_id": occasion.course_id}, {})
        sampling = CourseSampling.objects.select_for_update().get(pk=sampling.pk)
    ordinal = (
        SamplingDecision.objects.filter(occasion__course_id=occasion.course_id).aggregate(m=Max("ordinal"))[
            "m"
        ]
        or 0
    ) + 1
    selected = sampling_selects(
        sampling.mode,
        ordinal,
        every_n=sampling.every_n,
        share_percent=sampling.share_percent,
        seed=sampling.seed,
        always_first=sampling.always_first,
    )
    rule = (
        f"{sampling.mode} n={sampling.every_n} andel={sampling.share_percent} frö={sampling.seed} "
        f"första={sampling.always_first}"
    )
    decision, _created = _get_or_create(
        SamplingDecision, {"occasion": occasion}, {"ordinal": ordinal, "selected": selected, "rule": rule}
    )
    return decision


def on_occasion_completed(
    occasion: CourseOccasion, participant_ids: Iterable[int], **kwargs: object
) -> list[Invitation]:
    """Goals 2 and 4: the participants of a completed occasion are asked, if the sampling picks it."""
    decision = occasion_sample(occasion)
    if not decision.selected:
        return []
    today = timezone.localdate()
    round_ = _triggered_round(
        SurveyTemplate.Kind.COURSE_EVALUATION, today.year, occasion=occasion, today=today
    )
    course = occasion.course
    invitations = []
    for person in User.objects.filter(pk__in=participant_ids, is_active=True):
        invitation, _created = invitation_create(
            round_, person, step=course.step, course=course, respondent_role=respondent_role_of(person)
        )
        invitations.append(invitation)
    # Sent again after attendance was corrected: whoever did not complete after all is no longer asked
    # (an answered invitation stays; its response is anonymous and cannot be taken back).
    Invitation.objects.filter(round=round_, answered_on__isnull=True).exclude(
        person_id__in=participant_ids
    ).delete()
    return invitations


# --- Answering --------------------------------------------------------------------------------


def invitation_by_token(token: str | None, today: datetime.date | None = None) -> Invitation:
    """The invitation a link belongs to, or InvitationError saying why it can't be used."""
    today = today or timezone.localdate()
    if not token or len(token) > 128:
        raise InvitationError("forged")
    invitation = (
        Invitation.objects.select_related("round__template", "round__occasion__course", "course")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if invitation is None:
        raise InvitationError("forged")
    if invitation.answered_on:
        raise InvitationError("answered")
    if today > invitation.expires_on or today > invitation.round.closes_on:
        raise InvitationError("expired")
    return invitation


def questions_for(invitation: Invitation) -> list[Question]:
    """The questions this invitation's person is asked (goal 3's course questions only if they took courses)."""
    questions = invitation.round.template.questions.all()
    if not invitation.took_courses:
        questions = questions.exclude(condition=Question.Condition.TOOK_COURSES)
    return list(questions)


def _locked_open_invitation(invitation_id: int) -> Invitation:
    invitation = Invitation.objects.select_for_update().select_related("round").get(pk=invitation_id)
    if invitation.answered_on:
        raise InvitationError("answered")
    if timezone.localdate() > invitation.expires_on:
        raise InvitationError("expired")
    return invitation


@transaction.atomic
def invitation_save_draft(invitation_id: int, answers: Mapping[int, str | list[str]]) -> Invitation:
    """Keep unsubmitted answers so the person can come back; `answers` maps question id → value(s)/text."""
    invitation = _locked_open_invitation(invitation_id)
    invitation.draft = {str(k): v for k, v in answers.items() if v not in ("", [], None)}
    invitation.save(update_fields=["draft_sealed"])
    return invitation


def response_batch_size() -> int:
    """How many sealed submissions of a round are stored together (FOLLOWUP_RESPONSE_BATCH).

    Defaults to FOLLOWUP_MIN_GROUP_SIZE with a worker; 1 when tasks run eagerly in the web process
    (a laptop without a broker), where there is no worker to wait for."""
    configured = getattr(settings, "FOLLOWUP_RESPONSE_BATCH", None)
    if configured:
        return int(configured)
    return 1 if current_app_is_eager() else settings.FOLLOWUP_MIN_GROUP_SIZE


def invitation_submit(invitation_id: int, answers: Mapping[int, str | list[str]]) -> Invitation:
    """Seal the answers and mark the invitation answered; the worker stores them later, with others.

    `answers` maps question id → a value, a list of values (multiple choice) or a text; validated by
    the answer form against this invitation's own questions. The response itself is written by
    `responses_store_sealed` in another transaction, in a shuffled batch of at least
    response_batch_size() submissions, so that nothing in the database links it to this invitation.
    """
    with transaction.atomic():
        invitation = _invitation_seal(invitation_id, answers)
    # Queued now that the seal has committed, best-effort as the outbox's delivery (core.queue): a broker
    # that is down is logged, never raised to the person answering, and the beat sweep
    # `store_due_responses` stores whatever still waits. Without a broker (a laptop) the task runs here,
    # in a transaction of its own.
    queue("followup.tasks.store_sealed_responses", invitation.round_id)
    return invitation


def current_app_is_eager() -> bool:
    from celery import current_app

    return bool(current_app.conf.task_always_eager)


def _invitation_seal(invitation_id: int, answers: Mapping[int, str | list[str]]) -> Invitation:
    from .sealing import seal

    invitation = _locked_open_invitation(invitation_id)
    allowed = {q.pk: q for q in questions_for(invitation)}
    if any(int(qid) not in allowed for qid in answers):
        raise ValidationError(_("Svaret gäller en fråga som inte finns i den här enkäten."))
    rows = []  # [question id, value, text]
    for qid, value in answers.items():
        question = allowed[int(qid)]
        if value in ("", [], None):
            continue
        if question.kind == Question.Kind.FREE_TEXT:
            rows.append([question.pk, "", value])
        else:
            valid = {v for v, _label in question.choices()}
            values = value if isinstance(value, list) else [value]
            if not set(values) <= valid:
                raise ValidationError(_("Ett av svaren finns inte bland alternativen."))
            rows.extend([question.pk, v, ""] for v in values)
    group = {
        "municipality": invitation.municipality_id,
        "step": invitation.step_id,
        "course": invitation.course_id,
        "role": invitation.respondent_role,
    }
    SealedResponse.objects.create(
        round_id=invitation.round_id, sealed=seal({"group": group, "answers": rows})
    )
    invitation.answered_on = timezone.localdate()
    invitation.draft = {}
    invitation.save(update_fields=["answered_on", "draft_sealed"])
    return invitation


def responses_store_sealed(*, round_id: int, force: bool = False) -> int:
    """Store a round's sealed submissions as responses, all in one transaction and in random order.

    Does nothing while fewer than response_batch_size() wait, unless `force` (the round has closed).
    Claims the sealed rows with SKIP LOCKED, so two workers never store one twice; the responses and
    their answers get random keys and are inserted shuffled, and the sealed rows are deleted in the
    same transaction. Returns the number of responses stored.
    """
    from .sealing import unseal

    shuffle = random.SystemRandom().shuffle
    with transaction.atomic():
        waiting = list(
            SealedResponse.objects.select_for_update(skip_locked=True)
            .filter(round_id=round_id)
            .values_list("pk", "sealed")
        )
        if not waiting or (len(waiting) < response_batch_size() and not force):
            return 0
        shuffle(waiting)
        responses, answers = [], []
        for _pk, token in waiting:
            data = unseal(token)
            group = data["group"]
            response = Response(
                round_id=round_id,
                municipality_id=group["municipality"],
                step_id=group["step"],
                course_id=group["course"],
                respondent_role=group["role"],
            )
            responses.append(response)
            answers.extend(
                Answer(response=response, round_id=round_id, question_id=qid, value=value, text=text)
                for qid, value, text in data["answers"]
            )
        Response.objects.bulk_create(responses)
        shuffle(answers)
        Answer.objects.bulk_create(answers)
        SealedResponse.objects.filter(pk__in=[pk for pk, _token in waiting]).delete()
    return len(responses)


def responses_store_due(today: datetime.date | None = None) -> int:
    """Beat sweep: every round with sealed submissions; a closed round's are stored however few."""
    today = today or timezone.localdate()
    stored = 0
    for round_id, closes_on in (
        SurveyRound.objects.filter(pk__in=SealedResponse.objects.values("round_id"))
        .values_list("pk", "closes_on")
        .order_by("pk")
    ):
        stored += responses_store_sealed(round_id=round_id, force=closes_on < today)
    return stored


# --- Reminders --------------------------------------------------------------------------------


def due_reminder_ids(today: datetime.date | None = None) -> list[int]:
    """Invitations that are unanswered, still open, and due their next reminder."""
    today = today or timezone.localdate()
    now = timezone.now()
    days = reminder_days()
    ids = []
    candidates = Invitation.objects.filter(
        answered_on__isnull=True,
        expires_on__gte=today,
        round__closes_on__gte=today,
        reminders_sent__lt=MAX_REMINDERS,
    )
    for pk, created_at, sent, last in candidates.values_list(
        "pk", "created_at", "reminders_sent", "last_reminded_on"
    ):
        # Spaced from the invitation and from the previous reminder, even if the sweep was down a while.
        if created_at + datetime.timedelta(days=days * (sent + 1)) <= now and (
            last is None or last + datetime.timedelta(days=days) <= today
        ):
            ids.append(pk)
    return ids


def invitation_remind(invitation_id: int, today: datetime.date | None = None) -> bool:
    """Send the next reminder for one invitation if still due; True if its e-mail is in the outbox now.

    The row is claimed with skip_locked, so two workers never both remind; the e-mail key
    (followup:reminder:<id>:<n>) makes each reminder go out at most once even across retries.
    """
    today = today or timezone.localdate()
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update(skip_locked=True)
            .filter(
                pk=invitation_id,
                answered_on__isnull=True,
                expires_on__gte=today,
                reminders_sent__lt=MAX_REMINDERS,
            )
            .first()
        )
        if invitation is None or invitation.pk not in due_reminder_ids(today):
            return False
        invitation.reminders_sent += 1
        invitation.last_reminded_on = today
        invitation.save(update_fields=["reminders_sent", "last_reminded_on"])
        return bool(outbox.enqueue(notifications.reminder(invitation)))


def drafts_purge_expired(today: datetime.date | None = None) -> int:
    """Unsubmitted answers are tied to the person; once the link has expired they are deleted."""
    today = today or timezone.localdate()
    return (
        Invitation.objects.filter(answered_on__isnull=True, expires_on__lt=today)
        .exclude(draft_sealed="")
        .update(draft_sealed="")
    )


def invitations_remove_old(today: datetime.date | None = None) -> int:
    """Invitations (who was asked, whether they answered) are kept for the response rate until the
    retention time after their round closed, then deleted; the anonymous answers stay. Returns how many."""
    today = today or timezone.localdate()
    cutoff = today - datetime.timedelta(days=invitation_retention_days())
    deleted, _ = Invitation.objects.filter(round__closes_on__lt=cutoff).delete()
    return deleted


# --- Editing templates ------------------------------------------------------------------------


@transaction.atomic
def question_move(question_id: int, direction: str) -> Question:
    """Swap a question with its neighbour above ("up") or below ("down")."""
    question = Question.objects.select_for_update().get(pk=question_id)
    siblings = list(
        Question.objects.select_for_update().filter(template_id=question.template_id).order_by("order", "pk")
    )
    index = siblings.index(question)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(siblings):
        return question
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, item in enumerate(siblings, 1):
        if item.order != position * 10:
            item.order = position * 10
            item.save(update_fields=["order"])
    return question


QUESTION_FIELDS = [
    "text",
    "help_text",
    "kind",
    "scale",
    "options_text",
    "goal",
    "aspect",
    "is_measured",
    "target_percent",
    "condition",
]
SAMPLING_FIELDS = ["mode", "every_n", "share_percent", "always_first"]


@transaction.atomic
def question_save(*, question: Question, fields: Mapping[str, object]) -> Question:
    """Save a question of a template from plain values (QUESTION_FIELDS); a new question goes last."""
    for name in QUESTION_FIELDS:
        if name in fields:
            setattr(question, name, fields[name])
    if question.pk is None:
        last = Question.objects.filter(template_id=question.template_id).aggregate(m=Max("order"))["m"] or 0
        question.order = last + 10
    question.save()
    return question


@transaction.atomic
def course_sampling_save(*, course: Course, fields: Mapping[str, object]) -> CourseSampling:
    """Save a course's sampling rule from plain values (SAMPLING_FIELDS); the seed is kept (decisions stay
    reproducible)."""
    sampling, _created = CourseSampling.objects.select_for_update().get_or_create(course=course)
    for name in SAMPLING_FIELDS:
        if name in fields:
            setattr(sampling, name, fields[name])
    sampling.save()
    return sampling


# --- Part C: comments taken care of -------------------------------------------------------------


def comment_mark_handled(
    *, answer_id: int, note: str | None, handled_by_id: int | None = None, today: datetime.date | None = None
) -> CommentHandling:
    """Mark a free-text answer as handled with a note of what was done; marking again updates the note."""
    note = (note or "").strip()
    if not note:
        raise ValidationError(_("Skriv kort vad som gjordes med synpunkten."))
    with transaction.atomic():
        answer = (
            Answer.objects.filter(pk=answer_id, question__kind=Question.Kind.FREE_TEXT)
            .exclude(text="")
            .first()
        )
        if answer is None:
            raise ValidationError(_("Synpunkten finns inte."))
        handling, _created = CommentHandling.objects.update_or_create(
            answer=answer,
            defaults={
                "note": note,
                "handled_by_id": handled_by_id,
                "handled_on": today or timezone.localdate(),
            },
        )
    return handling
