"""What the introduction does when enrollment reports something (signals sent by enrollment.services)."""

from django.dispatch import receiver

from enrollment.signals import attendance_recorded

from . import services


@receiver(attendance_recorded, dispatch_uid="introduction.practice_after_day")
def practice_after_course_day(sender, day, present_person_ids, **kwargs):
    services.practice_items_after_day(day=day, person_ids=present_person_ids)
