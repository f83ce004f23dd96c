"""Many people racing for the last places on PostgreSQL: exactly the capacity get a place, the rest
wait in line, and nobody is booked twice. Runs in CI (PostgreSQL required there)."""

import threading

import pytest
from django.db import connection

from enrollment import services
from enrollment.models import Enrollment
from enrollment.selectors import places_taken
from tests.enrollment_helpers import make_occasion

S = Enrollment.Status


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_threads_racing_for_the_last_places_book_exactly_the_capacity(
    postgres_db, demo_people, make_person, municipality
):
    lulea = municipality("Luleå")
    boss = demo_people["chef.lulea@demo.se"]
    occasion = make_occasion(capacity=3)
    people = [make_person(municipality=lulea, is_social_worker=True) for _ in range(12)]
    barrier = threading.Barrier(len(people) + 2)
    errors = []

    def sign_up(person, twice=False):
        try:
            barrier.wait()
            for _ in range(2 if twice else 1):
                try:
                    services.enrollment_nominate(occasion, person, boss)
                except services.EnrollmentError as error:
                    assert error.code == "duplicate"
        except Exception as error:  # noqa: BLE001 – reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign_up, args=(p,)) for p in people]
    # The same person double-clicking from two threads gets one enrollment.
    threads += [threading.Thread(target=sign_up, args=(people[0], True)) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert places_taken(occasion) == 3
    assert Enrollment.objects.filter(occasion=occasion, status=S.APPROVED).count() == 3
    assert Enrollment.objects.filter(occasion=occasion, status=S.WAITLISTED).count() == 9
    assert Enrollment.objects.filter(occasion=occasion, person=people[0]).count() == 1


@pytest.mark.services
@pytest.mark.django_db
def test_a_sign_up_holds_the_occasion_lock_only_for_the_recount_and_the_inserts(
    postgres_db, demo_people, make_person, municipality
):
    """Everything that does not count places runs before the lock, so sign-ups queue on it briefly."""
    from django.test.utils import CaptureQueriesContext

    occasion = make_occasion(capacity=3)
    person = make_person(municipality=municipality("Luleå"), is_social_worker=True)
    with CaptureQueriesContext(connection) as queries:
        services.enrollment_request(occasion, person, demo_people["chef.lulea@demo.se"])
    sql = [q["sql"] for q in queries.captured_queries]
    locked = next(i for i, statement in enumerate(sql) if "FOR UPDATE" in statement)
    under_lock = [s.split()[0] for s in sql[locked + 1 :]]
    # The count, the enrollment, its event; then the end of the (test's) savepoint.
    # The recount, the enrollment and its event, then the outbox row of its e-mail (#13: written in the
    # same transaction so a broker outage cannot lose it; the key is looked up, then inserted once).
    # The project leader's edited texts of the batch's kinds are one query for the whole batch (#15);
    # whether a kind is switched off for the occasion is read from the locked row itself.
    assert under_lock == ["SELECT", "INSERT", "INSERT", "SELECT", "SELECT", "INSERT", "RELEASE"], sql[locked:]
    assert "core_notificationtemplate" in sql[-3]
