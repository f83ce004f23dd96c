"""Follow the catalogue's changes under the bookings: the courses app saves course days and
occasions; this app (a higher layer) listens to those saves, in the same transaction, and applies its
rules: more places go to the waiting list, a cancelled occasion ends its bookings, notices are sent."""

import hashlib

from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from core import outbox
from courses.models import CourseDay, CourseOccasion

from . import notifications, services
from .models import Enrollment

DAY_FIELDS = ("date", "start_time", "end_time", "venue", "address", "town", "online_url", "is_cancelled")


@receiver(pre_save, sender=CourseOccasion, dispatch_uid="enrollment-occasion-before")
def _remember_occasion_status(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    instance._enrollment_old_status, instance._enrollment_old_capacity = CourseOccasion.objects.filter(
        pk=instance.pk
    ).values_list("status", "capacity").first() or (None, None)


@receiver(post_save, sender=CourseOccasion, dispatch_uid="enrollment-occasion-after")
def _occasion_changed(sender, instance, created=False, raw=False, **kwargs):
    if raw or created:
        return
    old_status = getattr(instance, "_enrollment_old_status", None)
    old_capacity = getattr(instance, "_enrollment_old_capacity", None)
    # An occasion moved to another course takes its bookings along (Enrollment.course is a copy).
    Enrollment.objects.filter(occasion=instance).exclude(course_id=instance.course_id).update(
        course_id=instance.course_id
    )
    if old_status != instance.status == CourseOccasion.Status.CANCELLED:
        services.occasion_cancel_enrollments(instance)
        outbox.enqueue(notifications.occasion_cancelled(instance))
    elif old_capacity is not None and instance.capacity > old_capacity:
        # More places: the waiting list moves up now, before anyone can be nominated past it.
        services.waitlist_promote(instance)


@receiver(pre_save, sender=CourseDay, dispatch_uid="enrollment-day-before")
def _remember_day(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    instance._enrollment_old_day = CourseDay.objects.filter(pk=instance.pk).values(*DAY_FIELDS).first()


@receiver(post_save, sender=CourseDay, dispatch_uid="enrollment-day-after")
def _day_changed(sender, instance, created=False, raw=False, **kwargs):
    old = getattr(instance, "_enrollment_old_day", None)
    if raw or created or old is None:
        return
    new = {field: getattr(instance, field) for field in DAY_FIELDS}
    if new == old:
        return
    # One key per change: the same change saved twice sends nothing more; a later change sends again.
    change_id = hashlib.sha256(repr((instance.pk, sorted(new.items()))).encode()).hexdigest()[:16]
    outbox.enqueue(notifications.occasion_changed(instance.occasion, change_id))
