"""Tell participants when the catalogue changes under their booking: the courses app saves course
days and occasions; this app (a higher layer) listens to those saves and sends the notices."""
import hashlib

from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from courses.models import CourseDay, CourseOccasion

from . import tasks

DAY_FIELDS = ("date", "start_time", "end_time", "venue", "address", "town", "online_url", "is_cancelled")


@receiver(pre_save, sender=CourseOccasion, dispatch_uid="enrollment-occasion-before")
def _remember_occasion_status(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    instance._enrollment_old_status = (
        CourseOccasion.objects.filter(pk=instance.pk).values_list("status", flat=True).first())


@receiver(post_save, sender=CourseOccasion, dispatch_uid="enrollment-occasion-after")
def _occasion_cancelled(sender, instance, created=False, raw=False, **kwargs):
    old = getattr(instance, "_enrollment_old_status", None)
    if not raw and not created and old != instance.status == CourseOccasion.Status.CANCELLED:
        tasks.notify_occasion_cancelled.delay_on_commit(instance.pk)


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
    tasks.notify_occasion_changed.delay_on_commit(instance.occasion_id, change_id)
