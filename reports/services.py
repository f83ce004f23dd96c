"""State changes of the reports app: request and build the yearly report, save comments and forecasts."""

import traceback

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

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
