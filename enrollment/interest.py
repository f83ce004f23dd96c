"""Interest lists (intresseanmälan): who wants a course before it has a suitable occasion, in order.

`interest_register` and `interest_withdraw` change the list; `tell_interested` is the beat sweep that,
when an occasion of the course is open for sign-up, tells each interested person once, in the order they
registered (the e-mail's key and the row's `told_about` make a second run send nothing).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from core import outbox
from courses.models import Course, CourseOccasion

from . import notifications
from .access import may_act_for
from .models import Enrollment, Interest
from .services import EnrollmentError

if TYPE_CHECKING:
    from accounts.models import User


@transaction.atomic
def interest_register(*, course_id: int, person_id: int, by: User) -> Interest:
    """Put a person on a course's interest list (themselves, or their manager for them)."""
    person = get_user_model().objects.get(pk=person_id)
    if person.pk != by.pk and not may_act_for(by, person):
        raise EnrollmentError(
            _("Du kan bara anmäla intresse för personal i din egen kommun."), code="forbidden"
        )
    course = Course.objects.get(pk=course_id)
    if Enrollment.objects.filter(
        person=person, occasion__course=course, status=Enrollment.Status.COMPLETED
    ).exists():
        raise EnrollmentError(
            _("%(person)s har redan genomfört kursen %(course)s.") % {"person": person, "course": course},
            code="course_completed",
        )
    try:
        with transaction.atomic():
            return Interest.objects.create(course=course, person=person, registered_by=by)
    except IntegrityError:
        pass
    interest = Interest.objects.select_for_update().get(course=course, person=person)
    if interest.withdrawn_at is None:
        raise EnrollmentError(
            _("%(person)s står redan på intresselistan för %(course)s.")
            % {"person": person, "course": course},
            code="already",
        )
    # Back on the list after withdrawing: last in line, and told about the next occasion that opens.
    interest.withdrawn_at = interest.told_about = interest.told_at = None
    interest.created_at, interest.registered_by = timezone.now(), by
    interest.save()
    return interest


@transaction.atomic
def interest_withdraw(*, interest_id: int, by: User) -> Interest:
    """Take a person off the list (the row stays, so that the list's history and order are kept)."""
    interest = Interest.objects.select_for_update().select_related("person").get(pk=interest_id)
    if interest.person_id != by.pk and not may_act_for(by, interest.person):
        raise EnrollmentError(_("Du kan inte ta bort den här intresseanmälan."), code="forbidden")
    if interest.withdrawn_at is not None:
        raise EnrollmentError(_("Intresseanmälan är redan borttagen."), code="already")
    interest.withdrawn_at = timezone.now()
    interest.save(update_fields=["withdrawn_at"])
    return interest


def interest_counts(course_ids: Iterable[int] | None = None) -> dict[int, int]:
    """{course id: people on the interest list not yet told about an occasion} – demand for planning."""
    interests = Interest.objects.filter(told_about__isnull=True, withdrawn_at__isnull=True)
    if course_ids is not None:
        interests = interests.filter(course_id__in=list(course_ids))
    return dict(interests.values_list("course_id").annotate(n=Count("pk")).values_list("course_id", "n"))


def tell_interested(today: datetime.date | None = None) -> int:
    """For every occasion open for sign-up today, tell the people on its course's interest list who were
    not told yet, oldest first. Each e-mail is written to the outbox in the transaction that marks the
    row told, and the row is claimed with skip_locked, so a parallel or repeated run never sends twice.
    Returns how many."""
    today = today or timezone.localdate()
    open_now = CourseOccasion.objects.filter(
        status=CourseOccasion.Status.OPEN, signup_opens__lte=today, signup_closes__gte=today
    )
    told = 0
    waiting = Interest.objects.filter(told_about__isnull=True, withdrawn_at__isnull=True)
    for occasion in open_now.filter(course_id__in=waiting.values("course_id")).order_by("signup_opens", "pk"):
        pending = waiting.filter(course_id=occasion.course_id).order_by("created_at", "pk")
        for interest_id in list(pending.values_list("pk", flat=True)):
            with transaction.atomic():
                interest = (
                    Interest.objects.select_for_update(skip_locked=True)
                    .select_related("person", "course")
                    .filter(pk=interest_id, told_about__isnull=True, withdrawn_at__isnull=True)
                    .first()
                )
                if interest is None:
                    continue  # told meanwhile by another run, or withdrawn
                outbox.enqueue(notifications.interest_open(interest, occasion))
                interest.told_about, interest.told_at = occasion, timezone.now()
                interest.save(update_fields=["told_about", "told_at"])
                told += 1
    return told
