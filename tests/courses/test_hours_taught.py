"""Hours taught per trainer and year, from the course days they led (one function), on the trainer page."""

import datetime

import pytest
from django.urls import reverse

from courses import selectors
from courses.models import TrainerProfile
from tests.courses_helpers import TODAY, build_catalogue, make_occasion

pytestmark = pytest.mark.django_db


def test_hours_come_from_the_days_held_of_the_occasions_a_person_led_or_trained(demo_people, norrbotten):
    catalogue = build_catalogue()
    leader, other = demo_people["kursledare@demo.se"], demo_people["chef.lulea@demo.se"]
    year = TODAY.year
    first = datetime.date(year, 1, 10)
    held = make_occasion(catalogue["course"], norrbotten, first=first, days=2, leaders=[leader])  # 2 × 7 h
    held.trainers.set([leader, other])  # leading and training the same occasion counts once
    short = make_occasion(catalogue["other"], norrbotten, first=first, leaders=[leader])
    short.days.update(end_time=datetime.time(12, 30))  # 3.5 h
    cancelled_day = make_occasion(catalogue["other"], norrbotten, first=first, days=2, leaders=[leader])
    cancelled_day.days.filter(date=first).update(is_cancelled=True)  # only the second day counts: 7 h
    make_occasion(catalogue["course"], norrbotten, first=first, status="cancelled", leaders=[leader])
    make_occasion(catalogue["course"], norrbotten, first=datetime.date(year - 1, 5, 4), leaders=[leader])
    until = datetime.date(year, 12, 31)
    taught = selectors.hours_taught(year, until=until)
    assert taught[leader.pk] == {"hours": 24.5, "occasions": 3}
    assert taught[other.pk] == {"hours": 14.0, "occasions": 1}
    # Days still to come are not taught yet.
    assert selectors.hours_taught(year, until=datetime.date(year, 1, 10))[leader.pk]["hours"] == 10.5


def test_the_trainer_page_shows_hours_and_occasions_this_year(client_for, demo_people, norrbotten):
    catalogue = build_catalogue()
    leader = demo_people["kursledare@demo.se"]
    TrainerProfile.objects.create(person=leader)
    make_occasion(catalogue["course"], norrbotten, first=TODAY, leaders=[leader])
    response = client_for(demo_people["projektledare@demo.se"]).get(reverse("courses:trainers"))
    profile = next(p for p in response.context["profiles"] if p.person_id == leader.pk)
    assert profile.taught == {"hours": 7.0, "occasions": 1}
    assert f"Timmar {TODAY.year}" in response.content.decode()
