"""Reserved places, bulk nomination and the e-mail list: under the occasion lock, all or nothing."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from enrollment import reservations, services, tasks
from enrollment.models import Enrollment, Reservation, ReservationCap
from enrollment.selectors import places_taken
from tests.enrollment_helpers import make_occasion

pytestmark = pytest.mark.django_db
S = Enrollment.Status
TODAY = timezone.localdate()
RELEASE = TODAY + datetime.timedelta(days=5)  # make_occasion closes sign-up in 10 days


@pytest.fixture
def lulea(people):
    ReservationCap.objects.create(municipality=people["boss"].municipality, places=3)
    return people["boss"].municipality


def reserve(people, occasion, places=2, by=None, release_on=RELEASE):
    return reservations.reservation_make(
        occasion_id=occasion.pk,
        municipality_id=people["boss"].municipality_id,
        places=places,
        release_on=release_on,
        by=by or people["boss"],
    )


def test_reserved_places_count_against_capacity(people, lulea):
    occasion = make_occasion(capacity=3)
    reserve(people, occasion, 2)
    assert places_taken(occasion) == 2
    first, second = people["extra"][:2]
    assert services.enrollment_nominate(occasion, first, people["boss"]).status == S.APPROVED
    assert services.enrollment_nominate(occasion, second, people["boss"]).status == S.WAITLISTED
    with pytest.raises(services.EnrollmentError, match="bara 0 lediga platser"):
        reservations.reservation_make(
            occasion_id=occasion.pk, municipality_id=lulea.pk, places=1, release_on=RELEASE, by=people["pl"]
        )


def test_a_second_reservation_adds_to_the_first_up_to_the_cap(people, lulea):
    occasion = make_occasion(capacity=10)
    reserve(people, occasion, 2)
    reservation = reserve(people, occasion, 1, release_on=RELEASE + datetime.timedelta(days=1))
    assert Reservation.objects.get().places == 3 and reservation.release_on == RELEASE + datetime.timedelta(
        days=1
    )
    with pytest.raises(services.EnrollmentError, match="högst 3 reserverade platser"):
        reserve(people, occasion, 1)


@pytest.mark.parametrize(
    "by, release_in, message",
    [
        ("boss_pitea", 5, "din egen kommun"),
        ("boss", 10, "före sista anmälningsdag"),
        ("boss", -1, "redan passerat"),
    ],
)
def test_a_reservation_is_refused_for_another_municipality_or_a_bad_release_date(
    people, lulea, by, release_in, message
):
    occasion = make_occasion(capacity=10)
    with pytest.raises(services.EnrollmentError, match=message):
        reserve(people, occasion, 1, by=people[by], release_on=TODAY + datetime.timedelta(days=release_in))
    assert not Reservation.objects.exists()


def test_without_a_cap_a_municipality_reserves_nothing(people):
    with pytest.raises(services.EnrollmentError, match="högst 0"):
        reserve(people, make_occasion(capacity=10), 1)


def test_filling_a_reserved_place_books_the_person_without_taking_another_place(people, lulea):
    occasion = make_occasion(capacity=3)
    reservation = reserve(people, occasion, 2)
    person = people["extra"][0]
    enrollment = reservations.reservation_fill(
        reservation_id=reservation.pk, person_id=person.pk, by=people["boss"]
    )
    assert enrollment.status == S.APPROVED and enrollment.pre_approved
    reservation.refresh_from_db()
    assert (reservation.places, reservation.filled) == (1, 1)
    assert places_taken(occasion) == 2
    with pytest.raises(services.EnrollmentError, match="hör inte till"):
        reservations.reservation_fill(
            reservation_id=reservation.pk, person_id=people["sw_pitea"].pk, by=people["pl"]
        )
    with pytest.raises(services.EnrollmentError, match="redan anmäld"):
        reservations.reservation_fill(reservation_id=reservation.pk, person_id=person.pk, by=people["boss"])
    reservations.reservation_fill(
        reservation_id=reservation.pk, person_id=people["extra"][1].pk, by=people["boss"]
    )
    with pytest.raises(services.EnrollmentError, match="inga platser kvar"):
        reservations.reservation_fill(
            reservation_id=reservation.pk, person_id=people["extra"][2].pk, by=people["boss"]
        )


def test_the_sweep_releases_due_places_to_the_waiting_list_in_order_and_twice_is_once(people, lulea):
    occasion = make_occasion(capacity=3)
    reserve(people, occasion, 2)
    booked = [
        services.enrollment_nominate(occasion, person, people["boss"]) for person in people["extra"][:4]
    ]
    assert [e.status for e in booked] == [S.APPROVED, S.WAITLISTED, S.WAITLISTED, S.WAITLISTED]
    assert tasks.release_due_reservations.delay((RELEASE - datetime.timedelta(days=1)).isoformat()).get() == 0
    assert tasks.release_due_reservations.delay(RELEASE.isoformat()).get() == 1
    statuses = [Enrollment.objects.get(pk=e.pk).status for e in booked]
    assert statuses == [S.APPROVED, S.APPROVED, S.APPROVED, S.WAITLISTED]
    assert tasks.release_due_reservations.delay(RELEASE.isoformat()).get() == 0
    assert places_taken(occasion) == 3
    assert Reservation.objects.get().status == Reservation.Status.RELEASED


def test_bulk_nomination_is_all_or_nothing_and_names_who_was_refused(people):
    occasion = make_occasion(capacity=10)
    already = people["extra"][2]
    services.enrollment_nominate(occasion, already, people["boss"])
    ids = [people["extra"][0].pk, people["extra"][1].pk, already.pk]
    with pytest.raises(ValidationError) as refused:
        reservations.enrollment_nominate_many(occasion_id=occasion.pk, person_ids=ids, by=people["boss"])
    assert [str(already) in message for message in refused.value.messages] == [True]
    assert Enrollment.objects.filter(occasion=occasion).count() == 1
    with pytest.raises(ValidationError, match="egen kommun"):
        reservations.enrollment_nominate_many(
            occasion_id=occasion.pk, person_ids=[people["sw_pitea"].pk], by=people["boss"]
        )
    booked = reservations.enrollment_nominate_many(
        occasion_id=occasion.pk, person_ids=ids[:2], by=people["boss"]
    )
    assert [e.status for e in booked] == [S.APPROVED, S.APPROVED]


def test_an_email_list_names_the_line_of_every_problem(people):
    text = "\n".join(
        [
            people["extra"][0].email.upper(),
            "",
            "inte-en-adress",
            "okand@lulea.se",
            f"{people['extra'][1].email};Anna",
            people["extra"][0].email,
        ]
    )
    found, errors = reservations.people_from_lines(text)
    assert [(line, person) for line, person in found] == [(1, people["extra"][0]), (5, people["extra"][1])]
    assert [error.split(":")[0] for error in errors] == ["Rad 3", "Rad 6", "Rad 4"]


def test_project_leader_previews_then_books_a_list(people, client_for):
    occasion = make_occasion(capacity=10)
    client = client_for(people["pl"])
    url = reverse("enrollment:email_list", args=[occasion.pk])
    addresses = f"{people['extra'][0].email}\n{people['sw_pitea'].email}\n"
    response = client.post(url, {"addresses": addresses + "nobody@lulea.se"})
    assert "Rad 3" in response.content.decode() and response.context["preview"] is None
    response = client.post(url, {"addresses": addresses + "nobody@lulea.se", "confirmed": "True"})
    assert not Enrollment.objects.exists()
    response = client.post(url, {"addresses": addresses})
    assert [person for _line, person in response.context["preview"]] == [
        people["extra"][0],
        people["sw_pitea"],
    ]
    assert not Enrollment.objects.exists()
    response = client.post(url, {"addresses": addresses, "confirmed": "True"})
    assert response.status_code == 302
    assert set(Enrollment.objects.values_list("person_id", flat=True)) == {
        people["extra"][0].pk,
        people["sw_pitea"].pk,
    }


def test_manager_reserves_and_fills_a_place_through_the_pages(people, lulea, client_for):
    occasion = make_occasion(capacity=5)
    client = client_for(people["boss"])
    url = reverse("enrollment:places", args=[occasion.pk])
    response = client.post(url, {"places": 2, "release_on": RELEASE.isoformat()})
    assert response.status_code == 302
    reservation = Reservation.objects.get()
    person = people["extra"][0]
    response = client.post(
        reverse("enrollment:reservation_fill", args=[reservation.pk]), {"person": person.pk}, follow=True
    )
    assert "har fått en av de reserverade platserna" in response.content.decode()
    assert Enrollment.objects.get(person=person).status == S.APPROVED
    # Piteå's manager neither sees nor fills Luleå's reservation.
    other = client_for(people["boss_pitea"])
    assert (
        other.post(
            reverse("enrollment:reservation_fill", args=[reservation.pk]), {"person": person.pk}
        ).status_code
        == 404
    )
    assert other.get(url).context["reservations"] == []


def test_bulk_nomination_page_shows_step_and_course_and_books_the_chosen(people, client_for):
    occasion = make_occasion(capacity=5)
    services.enrollment_nominate(occasion, people["extra"][3], people["boss"])
    client = client_for(people["boss"])
    url = reverse("enrollment:bulk_nominate", args=[occasion.pk])
    listed = client.get(url).context["people"]
    assert people["sw_pitea"] not in listed
    assert next(p for p in listed if p == people["extra"][3]).has_course == "Godkänd"
    response = client.post(url, {"people": [people["extra"][0].pk, people["extra"][1].pk]})
    assert response.status_code == 302
    assert Enrollment.objects.filter(occasion=occasion).count() == 3


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_concurrent_reservations_releases_and_sign_ups_never_overbook(
    postgres_db, demo_people, make_person, municipality
):
    lulea, pitea = municipality("Luleå"), municipality("Piteå")
    for place in (lulea, pitea):
        ReservationCap.objects.create(municipality=place, places=3)
    bosses = {lulea.pk: demo_people["chef.lulea@demo.se"], pitea.pk: demo_people["chef.pitea@demo.se"]}
    occasion = make_occasion(capacity=4)
    held = reservations.reservation_make(
        occasion_id=occasion.pk, municipality_id=pitea.pk, places=1, release_on=RELEASE, by=bosses[pitea.pk]
    )
    people = [make_person(municipality=lulea, is_social_worker=True) for _ in range(6)]
    work = [lambda p=p: services.enrollment_nominate(occasion, p, bosses[lulea.pk]) for p in people]
    work += [
        lambda: reservations.reservation_make(
            occasion_id=occasion.pk,
            municipality_id=lulea.pk,
            places=2,
            release_on=RELEASE,
            by=bosses[lulea.pk],
        ),
        lambda: reservations.reservation_release(reservation_id=held.pk),
        lambda: reservations.reservation_release(reservation_id=held.pk),
    ]
    barrier = threading.Barrier(len(work))
    errors = []

    def run(job):
        try:
            barrier.wait()
            try:
                job()
            except services.EnrollmentError as error:
                assert error.code == "full", error
        except Exception as error:  # noqa: BLE001 – reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in work]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert places_taken(occasion) == 4  # the released place went on to someone: never more than 4
    holding = Enrollment.objects.filter(occasion=occasion, status__in=Enrollment.HOLDS_PLACE).count()
    reserved = sum(
        Reservation.objects.filter(occasion=occasion, status="active").values_list("places", flat=True)
    )
    assert holding + reserved == 4
    assert Enrollment.objects.filter(occasion=occasion, status=S.WAITLISTED).count() == 6 - holding
