"""Keep CourseOccasion.starts_on equal to the date of the occasion's earliest course day.

Every save or delete of a single CourseDay (the occasion form, the admin, services, demo data)
passes through here; code that bulk-creates days (no signals) sets starts_on itself."""

from django.db.models import Min
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import CourseDay, CourseOccasion


def _refresh(day):
    starts_on = CourseDay.objects.filter(occasion_id=day.occasion_id).aggregate(first=Min("date"))["first"]
    CourseOccasion.objects.filter(pk=day.occasion_id).update(starts_on=starts_on)
    # The occasion object the day was created with (often still held by the caller) learns the new start
    # too, so that saving that object later does not write the old one back.
    if CourseDay.occasion.is_cached(day):
        day.occasion.starts_on = starts_on


@receiver(post_save, sender=CourseDay, dispatch_uid="courses-day-saved-starts-on")
def _day_saved(sender, instance, **kwargs):
    _refresh(instance)


@receiver(post_delete, sender=CourseDay, dispatch_uid="courses-day-deleted-starts-on")
def _day_deleted(sender, instance, **kwargs):
    _refresh(instance)
