"""The demo data has enrollments in every state and can be loaded again without duplicates."""
import io

import pytest
from django.core.management import call_command

from core.models import SentEmail
from enrollment.models import Attendance, Enrollment, StepPlacement

pytestmark = pytest.mark.django_db


def test_demo_has_every_state_and_is_idempotent(demo_people):
    call_command("demo_data", stdout=io.StringIO())
    counts = (Enrollment.objects.count(), Attendance.objects.count(), StepPlacement.objects.count())
    assert set(Enrollment.objects.values_list("status", flat=True)) == set(Enrollment.Status.values)
    call_command("demo_data", stdout=io.StringIO())
    assert (Enrollment.objects.count(), Attendance.objects.count(), StepPlacement.objects.count()) == counts
    assert not SentEmail.objects.filter(key__startswith="enrollment-event:").exists()
