"""Fill Enrollment.course and end double bookings of one course, so that the constraint can be added.

Of a person's bookings of one course in an active state (pending, approved, waitlisted) the one that
holds most is kept (approved before pending before waitlisted, then the earliest); the others are
cancelled with an event that says why. Running it again changes nothing.
"""

from django.db import migrations
from django.db.models import OuterRef, Subquery
from django.utils import timezone

BOOKED = ("approved", "pending", "waitlisted")
REASON = "Dubbelbokning av samma kurs: avbokad när portalen började hindra dubbelbokningar."


def forwards(apps, schema_editor):
    Enrollment = apps.get_model("enrollment", "Enrollment")
    EnrollmentEvent = apps.get_model("enrollment", "EnrollmentEvent")
    CourseOccasion = apps.get_model("courses", "CourseOccasion")
    Enrollment.objects.filter(course__isnull=True).update(
        course_id=Subquery(CourseOccasion.objects.filter(pk=OuterRef("occasion_id")).values("course_id")[:1])
    )
    seen = set()
    now = timezone.now()
    booked = Enrollment.objects.filter(status__in=BOOKED).order_by("person_id", "course_id", "requested_at", "pk")
    rows = sorted(
        booked.values_list("pk", "person_id", "course_id", "status"),
        key=lambda r: (r[1], r[2], BOOKED.index(r[3])),
    )
    for pk, person_id, course_id, status in rows:
        if (person_id, course_id) not in seen:
            seen.add((person_id, course_id))
            continue
        Enrollment.objects.filter(pk=pk).update(status="cancelled", updated_at=now)
        EnrollmentEvent.objects.create(
            enrollment_id=pk, at=now, from_status=status, to_status="cancelled", reason=REASON
        )


class Migration(migrations.Migration):
    dependencies = [("enrollment", "0006_enrollment_course")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
