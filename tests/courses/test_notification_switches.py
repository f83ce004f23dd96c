"""Kinds of e-mail switched off per occasion (courses.notification_switches): the outbox filter leaves
out exactly those kinds about exactly that occasion, and only kinds about an occasion can be switched."""

import pytest

from core.outbox import Mail
from courses import notification_switches
from courses.models import CourseOccasion
from tests.enrollment_helpers import make_occasion, other_course

pytestmark = pytest.mark.django_db
APPROVED, WAITLISTED = "enrollment/email/approved", "enrollment/email/waitlisted"


def mail(key, template, occasion):
    return Mail(key=key, to="a@example.se", template=template, context={"occasion": occasion})


def test_the_filter_leaves_out_only_the_switched_off_kind_of_that_occasion(norrbotten):
    quiet, loud = make_occasion(), make_occasion(course=other_course())
    assert notification_switches.occasion_notifications_set(
        occasion_id=quiet.pk, kinds_off=[APPROVED, "x/y"]
    ) == [APPROVED]
    quiet = CourseOccasion.objects.get(pk=quiet.pk)
    mails = [mail("1", APPROVED, quiet), mail("2", WAITLISTED, quiet), mail("3", APPROVED, loud)]
    mails.append(Mail(key="4", to="b@example.se", template=APPROVED, context={}))
    assert [m.key for m in notification_switches.leave_out_switched_off(mails)] == ["2", "3", "4"]
    notification_switches.occasion_notifications_set(occasion_id=quiet.pk, kinds_off=[])
    assert CourseOccasion.objects.get(pk=quiet.pk).notifications_off == []


def test_only_kinds_about_an_occasion_can_be_switched_off():
    names = {kind.name for kind in notification_switches.switchable_kinds()}
    assert {APPROVED, WAITLISTED, "enrollment/email/occasion_changed"} <= names
    assert "accounts/email/invitation" not in names
    assert "enrollment/email/message" not in names  # a written message is always sent
