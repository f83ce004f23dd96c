"""Venues, rooms and the clash check: one plain function, warnings on save, the planning page's list."""

import datetime

import pytest
from django.urls import reverse

from courses import clashes, selectors
from courses.clashes import PARTICIPANT, PERSON, ROOM, ROOM_TOO_SMALL, find_clashes
from courses.models import CourseDay, CourseOccasion, Room, Venue
from municipalities.models import Municipality
from tests.courses_helpers import TODAY, build_catalogue, make_occasion

pytestmark = pytest.mark.django_db

FIRST = TODAY + datetime.timedelta(days=30)


@pytest.fixture
def catalogue(demo_people):
    return build_catalogue()


@pytest.fixture
def room(norrbotten):
    venue = Venue.objects.create(
        name="Kulturens hus",
        address="Skeppsbrogatan 17",
        town="Luleå",
        municipality=Municipality.objects.get(code="2580"),
        accessibility="Hiss och hörslinga",
    )
    return Room.objects.create(venue=venue, name="Sal A", capacity=12)


def _in_room(occasion, room, start=9, end=16):
    for day in occasion.days.all():
        day.room, day.start_time, day.end_time = room, datetime.time(start), datetime.time(end)
        day.save()


def _days():
    return list(CourseDay.objects.select_related("occasion__course", "room__venue"))


def test_find_clashes_names_a_leader_and_a_room_booked_twice_and_a_room_too_small(
    catalogue, norrbotten, room
):
    first = make_occasion(catalogue["course"], norrbotten, first=FIRST, capacity=20)
    second = make_occasion(catalogue["other"], norrbotten, first=FIRST, capacity=10)
    _in_room(first, room, 9, 12)
    _in_room(second, room, 11, 15)
    found = find_clashes(_days(), staff={first.pk: {7}, second.pk: {7}}, names={7: "Kim Kursledare"})
    kinds = sorted(clash.kind for clash in found)
    assert kinds == sorted([PERSON, ROOM, ROOM_TOO_SMALL])
    person = next(clash for clash in found if clash.kind == PERSON)
    assert "Kim Kursledare" in person.message and person.occasion_ids == {first.pk, second.pk}
    too_small = next(clash for clash in found if clash.kind == ROOM_TOO_SMALL)
    assert "20 platser" in too_small.message and "12" in too_small.message


def test_find_clashes_sees_a_participant_on_two_overlapping_days(catalogue, norrbotten):
    first = make_occasion(catalogue["course"], norrbotten, first=FIRST)
    second = make_occasion(catalogue["other"], norrbotten, first=FIRST)
    found = find_clashes(
        _days(), staff={}, participants={first.pk: {3, 4}, second.pk: {4}}, names={4: "Alva"}
    )
    assert [(clash.kind, "Alva" in clash.message) for clash in found] == [(PARTICIPANT, True)]


@pytest.mark.parametrize(
    "second_times, cancelled, expected",
    [
        ((12, 16), False, []),  # one ends when the other starts: no clash
        ((11, 16), True, []),  # a cancelled day takes nobody's time
        ((11, 16), False, [PERSON]),
    ],
)
def test_find_clashes_only_counts_real_overlaps(catalogue, norrbotten, second_times, cancelled, expected):
    first = make_occasion(catalogue["course"], norrbotten, first=FIRST)
    second = make_occasion(catalogue["other"], norrbotten, first=FIRST)
    first.days.update(start_time=datetime.time(9), end_time=datetime.time(12))
    second.days.update(
        start_time=datetime.time(second_times[0]),
        end_time=datetime.time(second_times[1]),
        is_cancelled=cancelled,
    )
    found = find_clashes(_days(), staff={first.pk: {1}, second.pk: {1}})
    assert [clash.kind for clash in found] == expected


def test_days_of_one_occasion_never_clash_with_each_other(catalogue, norrbotten, room):
    occasion = make_occasion(catalogue["course"], norrbotten, first=FIRST, days=2, capacity=5)
    _in_room(occasion, room)
    CourseDay.objects.filter(occasion=occasion).update(date=FIRST)  # same date (the service refuses it)
    assert find_clashes(_days(), staff={occasion.pk: {1}}) == []


def test_current_clashes_reads_participants_from_enrollment_with_few_queries(
    catalogue, norrbotten, demo_people, django_assert_max_num_queries
):
    from enrollment.models import Enrollment

    person = demo_people["socsek.lulea@demo.se"]
    first = make_occasion(catalogue["course"], norrbotten, first=FIRST)
    second = make_occasion(catalogue["other"], norrbotten, first=FIRST)
    for occasion in (first, second):
        Enrollment.objects.create(person=person, occasion=occasion, status="approved")
    for _ in range(5):  # more occasions on other dates must not add queries
        make_occasion(catalogue["course"], norrbotten, first=FIRST + datetime.timedelta(days=10))
    with django_assert_max_num_queries(5):
        found = clashes.current_clashes()
    assert [clash.kind for clash in found] == [PARTICIPANT]
    assert str(person) in found[0].message
    # Only the clashes an occasion takes part in, for the warning on save.
    assert clashes.current_clashes(first) == found
    other = make_occasion(catalogue["course"], norrbotten, first=FIRST + datetime.timedelta(days=50))
    assert clashes.current_clashes(other) == []


def _post(catalogue, region, leader, room, start="09:00", end="16:00"):
    data = {
        "course": catalogue["other"].pk,
        "region": region.pk,
        "capacity": 20,
        "min_participants": 0,
        "signup_opens": (FIRST - datetime.timedelta(days=60)).isoformat(),
        "signup_closes": (FIRST - datetime.timedelta(days=7)).isoformat(),
        "cancellation_deadline": (FIRST - datetime.timedelta(days=10)).isoformat(),
        "status": "open",
        "course_leaders": [leader.pk],
        "days-TOTAL_FORMS": 1,
        "days-INITIAL_FORMS": 0,
        "days-MIN_NUM_FORMS": 0,
        "days-MAX_NUM_FORMS": 1000,
        "days-0-date": FIRST.isoformat(),
        "days-0-start_time": start,
        "days-0-end_time": end,
        "days-0-mode": "on_site",
        "days-0-room": room.pk,
    }
    return data


def test_saving_an_occasion_warns_of_its_clashes_but_saves_it(
    client_for, demo_people, catalogue, norrbotten, room
):
    leader = demo_people["kursledare@demo.se"]
    booked = make_occasion(catalogue["course"], norrbotten, first=FIRST, capacity=10, leaders=[leader])
    _in_room(booked, room)
    client = client_for(demo_people["projektledare@demo.se"])
    response = client.post(
        reverse("courses:occasion_create"), _post(catalogue, norrbotten, leader, room), follow=True
    )
    assert response.status_code == 200
    saved = CourseOccasion.objects.exclude(pk=booked.pk).get()
    day = saved.days.get()
    assert day.room == room and day.venue == "Kulturens hus, Sal A" and day.town == "Luleå"
    text = response.content.decode()
    assert "Kurstillfället är sparat." in text
    assert "leder två kursdagar samtidigt" in text
    assert "är bokat två gånger samtidigt" in text
    assert "rymmer bara 12" in text


def test_saving_without_clash_shows_no_warning(client_for, demo_people, catalogue, norrbotten, room):
    leader = demo_people["kursledare@demo.se"]
    response = client_for(demo_people["projektledare@demo.se"]).post(
        reverse("courses:occasion_create"),
        _post(catalogue, norrbotten, leader, room) | {"capacity": 10},
        follow=True,
    )
    assert "Kurstillfället är sparat." in response.content.decode()
    assert not [m for m in response.context["messages"] if m.level_tag == "warning"]


def test_planning_lists_clashes_unfinished_occasions_and_those_under_minimum_after_the_deadline(
    client_for, demo_people, catalogue, norrbotten
):
    leader = demo_people["kursledare@demo.se"]
    make_occasion(catalogue["course"], norrbotten, first=FIRST, leaders=[leader])
    make_occasion(catalogue["other"], norrbotten, first=FIRST, leaders=[leader])
    past = make_occasion(
        catalogue["course"], norrbotten, first=TODAY - datetime.timedelta(days=3), leaders=[leader]
    )
    closed = make_occasion(
        catalogue["other"],
        norrbotten,
        first=TODAY + datetime.timedelta(days=3),
        min_participants=4,
        leaders=[leader],
    )
    plan = selectors.planning(TODAY.replace(day=1))
    assert [clash.kind for clash in plan["clashes"]] == [PERSON]
    assert plan["not_completed"] == [past]
    assert plan["warnings"]["under_minimum_closed"] == [closed]
    text = client_for(demo_people["projektledare@demo.se"]).get(reverse("courses:planning")).content.decode()
    assert "Krock:" in text and "inte avslutat" in text and "Under minimum efter sista anmälningsdag" in text


def test_project_leader_registers_a_venue_with_rooms(client_for, demo_people, norrbotten):
    client = client_for(demo_people["projektledare@demo.se"])
    lulea = Municipality.objects.get(code="2580")
    data = {
        "name": "Kulturens hus",
        "municipality": lulea.pk,
        "address": "Skeppsbrogatan 17",
        "town": "Luleå",
        "accessibility": "Hiss, hörslinga",
        "is_active": "on",
        "rooms-TOTAL_FORMS": 2,
        "rooms-INITIAL_FORMS": 0,
        "rooms-MIN_NUM_FORMS": 0,
        "rooms-MAX_NUM_FORMS": 1000,
        "rooms-0-name": "Sal A",
        "rooms-0-capacity": 30,
        "rooms-1-name": "Sal B",
        "rooms-1-capacity": 0,
    }
    response = client.post(reverse("courses:venue_create"), data)
    assert response.status_code == 200 and not Venue.objects.exists()  # a room for nobody is refused
    data["rooms-1-capacity"] = 12
    response = client.post(reverse("courses:venue_create"), data)
    assert response.status_code == 302
    venue = Venue.objects.get()
    assert sorted(venue.rooms.values_list("name", "capacity")) == [("Sal A", 30), ("Sal B", 12)]
    assert "Sal A (30)" in client.get(reverse("courses:venues")).content.decode()


def test_a_room_with_course_days_cannot_be_removed(client_for, demo_people, catalogue, norrbotten, room):
    occasion = make_occasion(catalogue["course"], norrbotten, first=FIRST)
    _in_room(occasion, room)
    venue = room.venue
    data = {
        "name": venue.name,
        "municipality": venue.municipality_id,
        "address": venue.address,
        "town": venue.town,
        "is_active": "on",
        "rooms-TOTAL_FORMS": 1,
        "rooms-INITIAL_FORMS": 1,
        "rooms-MIN_NUM_FORMS": 0,
        "rooms-MAX_NUM_FORMS": 1000,
        "rooms-0-id": room.pk,
        "rooms-0-venue": venue.pk,
        "rooms-0-name": room.name,
        "rooms-0-capacity": room.capacity,
        "rooms-0-DELETE": "on",
    }
    response = client_for(demo_people["projektledare@demo.se"]).post(
        reverse("courses:venue_edit", args=[venue.pk]), data
    )
    assert response.status_code == 200
    assert "kan inte tas bort" in response.content.decode()
    assert Room.objects.filter(pk=room.pk).exists()
