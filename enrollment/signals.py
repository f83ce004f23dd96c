"""Events of the enrollment app that higher apps (followup) listen to.

Sent by enrollment.services inside the transaction that causes them; a receiver that sends e-mail or
creates invitations must itself be safe to run twice.
"""

from django.dispatch import Signal

# A person moved to another step of a journey ("levla upp").
# kwargs: person (User), journey (Journey), from_step (Step or None), to_step (Step), changed_by (User or None)
step_changed = Signal()

# A course occasion is finished and attendance is settled.
# kwargs: occasion (CourseOccasion), participant_ids (list of User ids who completed the course)
occasion_completed = Signal()

# Attendance on a course day was recorded (or corrected).
# kwargs: day (CourseDay), present_person_ids (list of User ids marked present)
attendance_recorded = Signal()
