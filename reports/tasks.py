"""Celery tasks of the reports app, all on the "reports" queue (settings.CELERY_TASK_ROUTES), so that a
long build never waits in front of an e-mail: build a yearly report, beat's January build of last
year's report, and the sweep that resumes builds whose task or worker was lost."""

from celery import shared_task
from django.utils import timezone

from . import services


@shared_task
def build_report(build_id):
    services.report_build(build_id)


@shared_task
def build_last_years_report():
    services.report_request_from_beat(timezone.localdate().year - 1)


@shared_task
def resume_report_builds():
    return services.report_builds_resume()
