"""State changes of the reports app: request and build the yearly report, save comments and forecasts,
record the styrgrupp's assessments of project goals A–G and keep the action plan."""

from __future__ import annotations

import datetime
import traceback
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError
from core.queue import queue_after_commit

from .models import ExpectedHires, PlanningSettings, ReportBuild, ReportComment
from .volume import spread_over_months

if TYPE_CHECKING:
    from django.core.files import File

    from accounts.models import User

    from .models import Activity, GoalAssessment

# A build still "building" after this long lost its worker (killed, restarted): it is marked failed,
# so that the year can be ordered again.
BUILD_TIMEOUT = datetime.timedelta(minutes=30)
# A queued build no worker took within this time lost its task (the broker was down): queued again.
QUEUED_GRACE = datetime.timedelta(minutes=5)


class ReportError(DomainError):
    """A rule refused the order (core.errors.DomainError: a code and a Swedish message)."""


def _already_ordered(year: int) -> ReportError:
    return ReportError(
        _(
            "Årsrapporten för %(year)s är redan beställd och byggs. Vänta tills den är klar – "
            "den visas i listan nedan – innan du beställer en ny."
        )
        % {"year": year},
        code="already_ordered",
    )


def report_request(year: int, user: User | None = None, from_beat: bool = False) -> ReportBuild:
    """Order a new build of `year`'s report and queue it on the reports queue after the commit.

    One build per year at a time: while one is queued or being built, a second order raises
    ReportError (the database's partial unique constraint decides a race).
    """
    try:
        with transaction.atomic():
            if ReportBuild.objects.filter(year=year, status__in=ReportBuild.OPEN).exists():
                raise _already_ordered(year)
            build = ReportBuild.objects.create(year=year, requested_by=user, from_beat=from_beat)
            queue_after_commit("reports.tasks.build_report", build.pk)
    except IntegrityError:
        raise _already_ordered(year) from None
    build.refresh_from_db()  # without a broker the build ran right after the commit
    return build


def report_request_from_beat(year: int) -> ReportBuild | None:
    """Beat's January build: only once per year, however often beat fires (and not while one is open)."""
    with transaction.atomic():
        if ReportBuild.objects.select_for_update().filter(year=year, from_beat=True).exists():
            return None
        try:
            return report_request(year, from_beat=True)
        except ReportError:
            return None


def report_builds_resume(now: datetime.datetime | None = None) -> int:
    """Beat sweep: a build whose worker died is marked failed; a queued build whose task was lost with
    the broker is queued again (report_build leaves a build that is no longer queued alone)."""
    now = now or timezone.now()
    ReportBuild.objects.filter(status=ReportBuild.Status.BUILDING, started_at__lt=now - BUILD_TIMEOUT).update(
        status=ReportBuild.Status.FAILED,
        error=_("Bygget avbröts (arbetsprocessen stannade). Beställ rapporten igen."),
        finished_at=now,
    )
    stale = list(
        ReportBuild.objects.filter(
            status=ReportBuild.Status.QUEUED, created_at__lt=now - QUEUED_GRACE
        ).values_list("pk", flat=True)
    )
    for pk in stale:
        queue_after_commit("reports.tasks.build_report", pk)
    return len(stale)


def report_build(build_id: int) -> ReportBuild | None:
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
        build.status, build.started_at = ReportBuild.Status.BUILDING, timezone.now()
        build.save(update_fields=["status", "started_at"])
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


def comment_save(year: int, goal: str, text: str) -> ReportComment:
    with transaction.atomic():
        comment, _created = ReportComment.objects.update_or_create(
            year=year, goal=goal, defaults={"text": text}
        )
    return comment


def recruitment_save(year: int, values: Mapping[int, int]) -> None:
    """The forecast's yearly figures. values: municipality id → expected new staff in `year`.

    A municipality whose months already add up to the figure is left alone (its manager's months are
    kept); another figure is spread evenly over the twelve months."""
    with transaction.atomic():
        current = expected_per_year(year)
        for municipality_id, new_staff in values.items():
            if current.get(municipality_id) == new_staff:
                continue
            months = dict(enumerate(spread_over_months(new_staff), start=1))
            hires_save(municipality_id=municipality_id, year=year, months=months)


def expected_per_year(year: int) -> dict[int, int]:
    """{municipality id: expected new staff in `year`}, the sum of its months (municipalities with months)."""
    from django.db.models import Sum

    return dict(
        ExpectedHires.objects.filter(month__year=year)
        .values_list("municipality_id")
        .annotate(total=Sum("hires"))
        .values_list("municipality_id", "total")
    )


def hires_save(*, municipality_id: int, year: int, months: Mapping[int, int | None]) -> None:
    """Save a municipality's expected new hires in `year`. months: {1–12: hires, or None for not known}.

    A month given as None is removed (not known is not zero); months not named are left as they are."""
    if any(month not in range(1, 13) for month in months):
        raise ReportError(_("Okänd månad."), code="month")
    if any(value is not None and value < 0 for value in months.values()):
        raise ReportError(_("Ange hela tal från 0."), code="negative")
    with transaction.atomic():
        for number, hires in months.items():
            month = datetime.date(year, number, 1)
            if hires is None:
                ExpectedHires.objects.filter(municipality_id=municipality_id, month=month).delete()
            else:
                ExpectedHires.objects.update_or_create(
                    municipality_id=municipality_id, month=month, defaults={"hires": hires}
                )


def planning_settings_save(
    *, summer_months: Iterable[int | str], default_capacity: int, window_months: int = 4
) -> PlanningSettings:
    """The planning view's settings: the months without course days (1–12) and the places per occasion
    of a course without occasions. A break as long as part 1's window (four months, seed 002) is refused:
    someone starting in its first month could never take part 1 in time."""
    months = sorted({int(month) for month in summer_months})
    if any(month not in range(1, 13) for month in months):
        raise ReportError(_("Okänd månad."), code="month")
    for first in range(1, 13):
        if all((first - 1 + n) % 12 + 1 in months for n in range(window_months)):
            raise ReportError(
                _(
                    "Högst %(n)s månader i följd kan vara utan kursdagar: den som börjar i den första "
                    "måste hinna gå del 1 inom %(window)s månader."
                )
                % {"n": window_months - 1, "window": window_months},
                code="break_too_long",
            )
    if default_capacity < 1:
        raise ReportError(_("Ett kurstillfälle har minst en plats."), code="capacity")
    with transaction.atomic():
        settings_row = PlanningSettings.current()
        settings_row.summer_months = ",".join(str(month) for month in months)
        settings_row.default_capacity = default_capacity
        settings_row.save()
    return settings_row


def assessment_record(
    *,
    goal: str,
    year: int,
    outcome: str,
    meeting_on: datetime.date,
    motivation: str,
    minutes: File | None = None,
    recorded_by_id: int | None = None,
) -> GoalAssessment:
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
    activity_id: int | None = None,
    title: str,
    owner: str,
    due_on: datetime.date | None,
    status: str,
    goals: Iterable[str | int],
    description: str = "",
    done_on: datetime.date | None = None,
    outcome_note: str = "",
    today: datetime.date | None = None,
) -> Activity:
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
