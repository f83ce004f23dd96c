"""Follow the catalogue's changes under the bookings: courses.services sends occasion_changed, under
the occasion lock and in the same transaction, whenever an existing occasion is saved; these plain
functions, connected in EnrollmentConfig.ready(), apply this app's rules: more places go to the
waiting list, a cancelled occasion ends its bookings, the booked hear about changed days."""

import hashlib

from courses.models import CourseOccasion
from courses.services import DAY_FIELDS

from . import services, tasks
from .models import Enrollment


def bookings_follow_occasion(occasion, old_capacity, old_status, **kwargs):
    # An occasion moved to another course takes its bookings along (Enrollment.course is a copy).
    Enrollment.objects.filter(occasion=occasion).exclude(course_id=occasion.course_id).update(
        course_id=occasion.course_id
    )
    if old_status != occasion.status == CourseOccasion.Status.CANCELLED:
        services.occasion_cancel_enrollments(occasion)
        tasks.notify_occasion_cancelled.delay_on_commit(occasion.pk)
    elif occasion.capacity > old_capacity:
        # More places: the waiting list moves up now, before anyone can be nominated past it.
        services.waitlist_promote(occasion)


def booked_hear_of_changed_days(occasion, changed_days, **kwargs):
    for day in changed_days:
        new = {field: getattr(day, field) for field in DAY_FIELDS}
        # One key per change: the same change saved twice sends nothing more; a later change sends again.
        change_id = hashlib.sha256(repr((day.pk, sorted(new.items()))).encode()).hexdigest()[:16]
        tasks.notify_occasion_changed.delay_on_commit(occasion.pk, change_id)
