"""A person whose employment has ended can no longer log in through their municipality's IdP."""

import datetime

import pytest
from django.utils import timezone

from accounts import services
from accounts.sso import may_log_in_through_sso

pytestmark = pytest.mark.django_db


def test_a_person_with_no_recorded_employment_may_log_in(make_person, municipality):
    assert may_log_in_through_sso(make_person(municipality=municipality("Boden"), is_social_worker=True))


def test_an_inactive_person_may_not(make_person, municipality):
    person = make_person(municipality=municipality("Boden"), is_social_worker=True, is_active=False)
    assert not may_log_in_through_sso(person)


def test_an_open_employment_lets_in_and_an_ended_one_does_not(make_person, municipality):
    today = timezone.localdate()
    person = make_person(is_social_worker=True)
    employment = services.employment_start(
        person=person, municipality=municipality("Boden"), starts_on=today - datetime.timedelta(days=400)
    )
    assert may_log_in_through_sso(person)
    services.employment_end(employment=employment, ends_on=today)
    assert may_log_in_through_sso(person)  # the last day still counts
    employment.refresh_from_db()
    services.employment_end(employment=employment, ends_on=today - datetime.timedelta(days=1))
    person.refresh_from_db()
    assert not may_log_in_through_sso(person)
