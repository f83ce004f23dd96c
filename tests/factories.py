"""factory_boy factories for the tests."""

import datetime

import factory
from django.utils import timezone

from accounts.models import User
from courses.models import CourseDay, CourseOccasion


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.se")
    first_name = factory.Faker("first_name", locale="sv_SE")
    last_name = factory.Faker("last_name", locale="sv_SE")
    password = factory.PostGenerationMethodCall("set_password", "yrkesresan")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()

    @factory.post_generation
    def authenticator(obj, create, extracted, **kwargs):
        """Those who must use MFA get the demo authenticator, so tests can log them in."""
        from accounts.demo import ensure_totp
        from accounts.mfa import mfa_required

        if create and mfa_required(obj):
            ensure_totp(obj)


class OccasionFactory(factory.django.DjangoModelFactory):
    """An occasion open for sign-up, its dates relative to `first` (the first course day, 30 days ahead
    unless given). The course and region must be given; `occasion_with_days` adds the course days."""

    class Meta:
        model = CourseOccasion
        exclude = ("first",)

    first = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    capacity = 20
    status = CourseOccasion.Status.OPEN
    signup_opens = factory.LazyAttribute(lambda o: o.first - datetime.timedelta(days=60))
    signup_closes = factory.LazyAttribute(lambda o: o.first - datetime.timedelta(days=7))
    cancellation_deadline = factory.LazyAttribute(lambda o: o.first - datetime.timedelta(days=10))


class CourseDayFactory(factory.django.DjangoModelFactory):
    """A course day 9–16 at Kulturens hus in Luleå, or online with a meeting link."""

    class Meta:
        model = CourseDay
        exclude = ("online",)

    online = False
    start_time = datetime.time(9)
    end_time = datetime.time(16)
    venue = factory.LazyAttribute(lambda d: "" if d.online else "Kulturens hus")
    town = factory.LazyAttribute(lambda d: "" if d.online else "Luleå")
    online_url = factory.LazyAttribute(lambda d: "https://mote.example.se/x" if d.online else "")


def occasion_with_days(*, first, days=1, leaders=(), online=False, town="Luleå", **fields):
    """An occasion (OccasionFactory with `fields`) and `days` consecutive course days from `first`: the one
    builder behind the catalogue's and the enrollment tests' make_occasion."""
    occasion = OccasionFactory(first=first, **fields)
    for number in range(days):
        CourseDayFactory(
            occasion=occasion, date=first + datetime.timedelta(days=number), online=online, town=town
        )
    occasion.course_leaders.set(leaders)
    return occasion
