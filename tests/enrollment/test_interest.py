"""Interest lists: register (own or for staff), told first and in order when an occasion opens, once."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from courses import hooks
from enrollment import interest, services, tasks
from enrollment.models import Interest
from tests.enrollment_helpers import catalogue, make_occasion

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def course(people):
    return catalogue()[2]


def test_a_person_or_their_manager_registers_interest_once(people, course):
    own = interest.interest_register(course_id=course.pk, person_id=people["sw"].pk, by=people["sw"])
    assert own.registered_by == people["sw"]
    with pytest.raises(services.EnrollmentError, match="står redan på intresselistan") as again:
        interest.interest_register(course_id=course.pk, person_id=people["sw"].pk, by=people["boss"])
    assert again.value.code == "already"
    interest.interest_register(course_id=course.pk, person_id=people["extra"][0].pk, by=people["boss"])
    with pytest.raises(services.EnrollmentError, match="egen kommun"):
        interest.interest_register(course_id=course.pk, person_id=people["sw_pitea"].pk, by=people["boss"])
    assert interest.interest_counts() == {course.pk: 2}
    assert hooks.demand() == {course.pk: 2}  # the planning page counts interest as demand


def test_withdrawing_and_registering_again_puts_a_person_last(people, course):
    first = interest.interest_register(course_id=course.pk, person_id=people["sw"].pk, by=people["sw"])
    interest.interest_register(course_id=course.pk, person_id=people["extra"][0].pk, by=people["boss"])
    interest.interest_withdraw(interest_id=first.pk, by=people["sw"])
    with pytest.raises(services.EnrollmentError, match="redan borttagen"):
        interest.interest_withdraw(interest_id=first.pk, by=people["boss"])
    assert interest.interest_counts() == {course.pk: 1}
    interest.interest_register(course_id=course.pk, person_id=people["sw"].pk, by=people["sw"])
    order = list(Interest.objects.order_by("created_at", "pk").values_list("person_id", flat=True))
    assert order == [people["extra"][0].pk, people["sw"].pk]


def test_when_an_occasion_opens_the_interested_are_told_in_order_and_only_once(people, course):
    for person in (people["extra"][1], people["sw"], people["extra"][0]):
        interest.interest_register(course_id=course.pk, person_id=person.pk, by=people["boss"])
    withdrawn = interest.interest_register(
        course_id=course.pk, person_id=people["extra"][2].pk, by=people["boss"]
    )
    interest.interest_withdraw(interest_id=withdrawn.pk, by=people["boss"])
    planned = make_occasion(status="planned")
    assert tasks.tell_interested.delay().get() == 0 and mail.outbox == []
    planned.status = "open"
    planned.save()
    assert tasks.tell_interested.delay().get() == 3
    assert [message.to[0] for message in mail.outbox] == [
        people["extra"][1].email,
        people["sw"].email,
        people["extra"][0].email,
    ]
    assert "Nu kan du anmäla dig" in mail.outbox[0].subject
    assert reverse("enrollment:signup", args=[planned.pk]) in mail.outbox[0].body
    assert tasks.tell_interested.delay().get() == 0 and len(mail.outbox) == 3
    assert interest.interest_counts() == {}
    assert set(Interest.objects.exclude(pk=withdrawn.pk).values_list("told_about", flat=True)) == {planned.pk}


def test_an_occasion_not_open_for_sign_up_today_tells_nobody(people, course):
    interest.interest_register(course_id=course.pk, person_id=people["sw"].pk, by=people["sw"])
    make_occasion(opens_in=3)  # open status, but sign-up opens in three days
    assert interest.tell_interested() == 0
    assert interest.tell_interested(TODAY + datetime.timedelta(days=3)) == 1


def test_the_course_page_offers_the_interest_list_and_the_manager_registers_staff(people, course, client_for):
    sw = client_for(people["sw"])
    page = sw.get(reverse("courses:course", args=[course.slug])).content.decode()
    assert reverse("enrollment:interest", args=[course.pk]) in page
    assert sw.post(reverse("enrollment:interest", args=[course.pk])).status_code == 302
    boss = client_for(people["boss"])
    response = boss.post(reverse("enrollment:interest", args=[course.pk]), {"person": people["extra"][0].pk})
    assert response.status_code == 302
    listed = boss.get(reverse("enrollment:interest", args=[course.pk])).context["listed"]
    assert [(item.person, item.position) for item in listed] == [(people["sw"], 1), (people["extra"][0], 2)]
    assert [c.waiting for c in boss.get(reverse("enrollment:interests")).context["interest_courses"]] == [2]
    # Piteå's manager sees none of Luleå's names, only the totals of their own municipality (none).
    other = client_for(people["boss_pitea"])
    assert other.get(reverse("enrollment:interest", args=[course.pk])).context["listed"] == []
    assert other.get(reverse("enrollment:interests")).context["interest_courses"] == []
