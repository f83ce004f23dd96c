"""One booking per person and course, held by the database: two occasions of one course booked at the
same moment (own sign-up or manager's nomination) still give the person one booking."""

import threading

import pytest
from django.db import IntegrityError, connection, transaction

from enrollment import services
from enrollment.models import Enrollment
from tests.enrollment_helpers import make_occasion, save_from_catalogue

S = Enrollment.Status


def _race(work_items):
    """Run each callable in its own thread (own database connection), all released at once."""
    barrier = threading.Barrier(len(work_items))
    outcomes, errors = [], []

    def run(work):
        try:
            barrier.wait()
            outcomes.append(work())
        except services.EnrollmentError as error:
            outcomes.append(error)
        except Exception as error:  # noqa: BLE001 – reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(w,)) for w in work_items]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    return outcomes


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("how", ["sign_up", "nomination"])
def test_two_occasions_of_one_course_booked_at_once_give_one_booking(
    how, postgres_db, demo_people, make_person, municipality
):
    boss = demo_people["chef.lulea@demo.se"]
    first = make_occasion(capacity=30)
    second = make_occasion(capacity=30, course=first.course)
    people = [make_person(municipality=municipality("Luleå"), is_social_worker=True) for _ in range(8)]

    def book(occasion, person):
        if how == "sign_up":
            return lambda: services.enrollment_request(occasion, person, boss)
        return lambda: services.enrollment_nominate(occasion, person, boss)

    for person in people:
        outcomes = _race([book(first, person), book(second, person)])
        refused = [o for o in outcomes if isinstance(o, services.EnrollmentError)]
        assert len(refused) == 1 and refused[0].code == "course_booked", outcomes
        assert "redan anmäld till ett annat tillfälle av kursen" in str(refused[0])
    for person in people:
        assert Enrollment.objects.filter(person=person, status__in=Enrollment.BOOKED).count() == 1


@pytest.mark.django_db
def test_the_database_refuses_a_second_booking_of_the_course(demo_people, make_person, municipality):
    first = make_occasion(capacity=5)
    second = make_occasion(capacity=5, course=first.course)
    person = make_person(municipality=municipality("Luleå"), is_social_worker=True)
    services.enrollment_request(first, person, demo_people["chef.lulea@demo.se"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Enrollment.objects.create(occasion=second, person=person, status=S.WAITLISTED)


@pytest.mark.django_db
def test_a_booking_lost_to_the_constraint_says_so_in_swedish(demo_people, make_person, municipality):
    """The check before the lock did not see the other booking (it was not committed yet): the
    constraint's refusal becomes the same message."""
    first = make_occasion(capacity=5)
    second = make_occasion(capacity=5, course=first.course)
    person = make_person(municipality=municipality("Luleå"), is_social_worker=True)
    services.enrollment_request(first, person, demo_people["chef.lulea@demo.se"])
    with transaction.atomic():
        with pytest.raises(services.EnrollmentError) as refused:
            services._create(second, person, S.PENDING, person)
        transaction.set_rollback(True)
    assert refused.value.code == "course_booked"


@pytest.mark.django_db
def test_after_a_cancellation_another_occasion_of_the_course_can_be_booked(
    demo_people, make_person, municipality
):
    boss = demo_people["chef.lulea@demo.se"]
    first = make_occasion(capacity=5)
    second = make_occasion(capacity=5, course=first.course)
    person = make_person(municipality=municipality("Luleå"), is_social_worker=True)
    booking = services.enrollment_request(first, person, boss)
    services.enrollment_cancel(booking, person)
    again = services.enrollment_request(second, person, boss)
    assert again.course_id == first.course_id and again.status == S.PENDING


@pytest.mark.django_db
def test_an_occasion_moved_to_another_course_takes_its_bookings_along(demo_people, make_person, municipality):
    from courses.models import Course

    occasion = make_occasion(capacity=5)
    person = make_person(municipality=municipality("Luleå"), is_social_worker=True)
    booking = services.enrollment_request(occasion, person, demo_people["chef.lulea@demo.se"])
    other = Course.objects.create(
        step=occasion.course.step, name="Annan kurs", slug="annan", status="published"
    )
    save_from_catalogue(occasion, course=other)  # through courses.services and its occasion_changed signal
    booking.refresh_from_db()
    assert booking.course_id == other.pk
