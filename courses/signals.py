"""Events of the catalogue that higher apps (enrollment) listen to.

Sent by courses.services inside the transaction that causes them, while the occasion row is locked, so
a receiver sees the change before anyone else can book against it. A receiver that sends e-mail must
enqueue it on commit and be safe to run twice.
"""

from django.dispatch import Signal

# An existing occasion was saved (courses.services.occasion_save, or the admin through
# services.occasion_changing).
# kwargs: occasion (CourseOccasion, as saved), old_capacity (int), old_status (CourseOccasion.Status),
# changed_days (list of CourseDay whose date, time, place, link or cancellation changed; new days and
# removed days are not in it), added_days (list of new CourseDay), removed_day_ids (list of pks),
# old_course_leaders and old_trainers (sets of person ids before the change)
occasion_changed = Signal()
