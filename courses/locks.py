"""The occasion row lock: every change to an occasion's places, status or bookings takes it first,
in the catalogue and in enrollment alike, so that a booking cannot slip under a lowered capacity or
into a cancelled occasion."""

from __future__ import annotations

from .models import CourseOccasion


def lock_occasion(pk: int, *, skip_locked: bool = False) -> CourseOccasion | None:
    """The occasion with `pk`, its row locked until the transaction ends (select_for_update).

    With `skip_locked`, None when another transaction holds the lock (a sweep moves on to the next)
    or the occasion is gone; without, waits for the lock and raises DoesNotExist when it is gone.
    """
    occasions = CourseOccasion.objects.select_for_update(skip_locked=skip_locked).filter(pk=pk)
    return occasions.first() if skip_locked else occasions.get()
