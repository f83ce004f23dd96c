"""Celery tasks of the reports app: build a yearly report; beat's January build of last year's report."""

from celery import shared_task
from django.utils import timezone

from . import services


@shared_task
def build_report(build_id):
    services.report_build(build_id)


@shared_task
def build_last_years_report():
    services.report_request_from_beat(timezone.localdate().year - 1)
