"""State changes of the reports app: request and build the yearly report, save comments and forecasts,
record the styrgrupp's assessments of project goals A–G and keep the action plan."""

import traceback

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ExpectedRecruitment, ReportBuild, ReportComment


def report_request(year, user=None, from_beat=False):
    """Queue a new build of `year`'s report; the Celery task runs after the commit."""
    from .tasks import build_report

    with transaction.atomic():
        build = ReportBuild.objects.create(year=year, requested_by=user, from_beat=from_beat)
        build_report.delay_on_commit(build.pk)
    return build


def report_request_from_beat(year):
    """Beat's January build: only once per year, however often beat fires."""
    with transaction.atomic():
        if ReportBuild.objects.select_for_update().filter(year=year, from_beat=True).exists():
            return None
        return report_request(year, from_beat=True)


def report_build(build_id):
    """Build the PDF of a queued build; safe to run twice (a build not queued is left alone)."""
    from .pdf import render_report

    with transaction.atomic():
        build = (
            ReportBuild.objects.select_for_update()
            .filter(pk=build_id, status=ReportBuild.Status.QUEUED)
            .first()
        )
        if build is None:
            return None
        build.status = ReportBuild.Status.BUILDING
        build.save(update_fields=["status"])
    try:
        pdf = render_report(build.year)
    except Exception as error:  # the list shows why it failed; the worker keeps going
        build.status, build.error = ReportBuild.Status.FAILED, f"{error}\n{traceback.format_exc(limit=3)}"
        build.finished_at = timezone.now()
        build.save(update_fields=["status", "error", "finished_at"])
        return build
    build.file.save(f"arsrapport-{build.year}-{build.pk}.pdf", ContentFile(pdf), save=False)
    build.status, build.finished_at = ReportBuild.Status.READY, timezone.now()
    build.save(update_fields=["file", "status", "finished_at"])
    return build


def comment_save(year, goal, text):
    with transaction.atomic():
        comment, _created = ReportComment.objects.update_or_create(
            year=year, goal=goal, defaults={"text": text}
        )
    return comment


def recruitment_save(year, values):
    """values: municipality id → expected new staff in `year`."""
    with transaction.atomic():
        for municipality_id, new_staff in values.items():
            ExpectedRecruitment.objects.update_or_create(
                municipality_id=municipality_id, year=year, defaults={"new_staff": new_staff}
            )


def assessment_record(*, goal, year, outcome, meeting_on, motivation, minutes=None, recorded_by_id=None):
    """Record the styrgrupp's assessment of project goal `goal` for `year`: always a new row, so the
    history of assessments is kept (the latest is the goal's status)."""
    from .goals import LETTERS
    from .models import GoalAssessment

    if goal not in LETTERS:
        raise ValidationError(_("Okänt projektmål."), code="goal")
    if outcome not in GoalAssessment.Outcome.values:
        raise ValidationError(_("Välj uppfyllt, delvis uppfyllt eller inte uppfyllt."), code="outcome")
    if not (motivation or "").strip():
        raise ValidationError(_("Skriv en kort motivering."), code="motivation")
    with transaction.atomic():
        assessment = GoalAssessment(
            goal=goal,
            year=year,
            outcome=outcome,
            meeting_on=meeting_on,
            motivation=motivation.strip(),
            recorded_by_id=recorded_by_id,
        )
        if minutes is not None:
            assessment.minutes.save("protokoll.pdf", minutes, save=False)
        assessment.save()
    return assessment


def activity_save(
    *,
    activity_id=None,
    title,
    owner,
    due_on,
    status,
    goals,
    description="",
    done_on=None,
    outcome_note="",
    today=None,
):
    """Create (activity_id None) or change an activity of the action plan. `goals`: the goals it serves
    (letters A–G, numbers 1–7). A finished activity without a date is dated today."""
    from .goals import ALL_GOALS
    from .models import Activity

    goals = [str(g) for g in goals]
    if not goals or any(g not in ALL_GOALS for g in goals):
        raise ValidationError(_("Välj minst ett mål som aktiviteten hör till."), code="goals")
    if status not in Activity.Status.values:
        raise ValidationError(_("Okänd status."), code="status")
    if status == Activity.Status.DONE and done_on is None:
        done_on = today or timezone.localdate()
    if status != Activity.Status.DONE:
        done_on = None
    values = {
        "title": title.strip(),
        "owner": owner.strip(),
        "due_on": due_on,
        "status": status,
        "goals": ",".join(g for g in ALL_GOALS if g in goals),
        "description": description.strip(),
        "done_on": done_on,
        "outcome_note": outcome_note.strip(),
    }
    with transaction.atomic():
        if activity_id is None:
            return Activity.objects.create(**values)
        activity = Activity.objects.select_for_update().get(pk=activity_id)
        for name, value in values.items():
            setattr(activity, name, value)
        activity.save()
    return activity
