"""Beat reminders of the introduction, each sent exactly once."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from introduction import reminders, services, tasks

from .helpers import catalogue_with_parts, hire

pytestmark = pytest.mark.django_db(transaction=True)
TODAY = timezone.localdate()


@pytest.fixture
def chef(norrbotten, demo_people):
    return demo_people["chef.lulea@demo.se"]


def test_manager_is_told_once_when_part_one_is_at_risk(chef):
    plan = hire(chef, starts_on=TODAY - datetime.timedelta(days=100), course_ids=[])
    cat_course = plan.step.courses.get(slug="handlaggning")
    services.plan_course_add(
        plan=plan, course=cat_course, by=chef, due_on=TODAY + datetime.timedelta(days=30)
    )
    assert reminders.reminders_send(TODAY) == 1
    assert mail.outbox[0].to == [chef.email] and "del 1" in mail.outbox[0].subject
    assert reminders.reminders_send(TODAY) == 0
    assert tasks.send_reminders.delay(TODAY.isoformat()).get() == 0
    assert len(mail.outbox) == 1


def test_overdue_part_and_due_item_are_each_told_once(chef):
    catalogue_with_parts()
    plan = hire(chef, starts_on=TODAY - datetime.timedelta(days=200), catalogue=None, email="sen@lulea.se")
    services.plan_item_add(plan=plan, kind="shadowing", due_on=TODAY - datetime.timedelta(days=1), by=chef)
    sent = reminders.reminders_send(TODAY)
    subjects = sorted(m.subject for m in mail.outbox)
    assert sent == 2, subjects
    assert any("försenad" in s for s in subjects) and any("Gå bredvid" in s for s in subjects)
    assert [m.to for m in mail.outbox if "Gå bredvid" in m.subject] == [[plan.person.email]]
    assert reminders.reminders_send(TODAY) == 0
