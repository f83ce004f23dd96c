"""The course catalogue: occasion rules, visibility, filters, calendar files, copying, planning,
trainers, the permission grid and query ceilings."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar

from courses import hooks, selectors, services
from courses.access import occasions_visible_to
from courses.models import CourseDay, CourseOccasion, KnowledgeGoal, TrainerProfile
from municipalities.models import Municipality, Region
from tests.courses_helpers import TODAY, build_catalogue, make_occasion

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(demo_people):
    return build_catalogue()


@pytest.fixture
def region(norrbotten):
    return norrbotten


@pytest.fixture
def other_region(db):
    region = Region.objects.create(name="Region Västerbotten", slug="vasterbotten")
    Municipality.objects.create(code="2480", name="Umeå", region=region)
    return region


@pytest.fixture
def taken():
    """Registers a places-taken provider like the enrollment app will; `taken[pk] = n`."""
    from django.db.models import Case, IntegerField, Value, When

    counts = {}

    def count(occasion):
        return counts.get(occasion.pk, 0)

    def expression(ref):
        whens = [When(**{ref: pk}, then=Value(n)) for pk, n in counts.items()]
        return Case(*whens, default=Value(0), output_field=IntegerField()) if whens else Value(0)

    hooks.register_places_taken(count, expression)
    yield counts
    hooks.unregister_places_taken(count, expression)


def day(date, start=9, end=16, mode=services.ON_SITE, venue="Kulturens hus", url=""):
    return {
        "date": date,
        "start_time": datetime.time(start),
        "end_time": datetime.time(end),
        "mode": mode,
        "venue": venue,
        "address": "",
        "town": "Luleå",
        "online_url": url,
        "is_cancelled": False,
    }


def fields(course, region, first, **overrides):
    data = {
        "course": course,
        "region": region,
        "capacity": 20,
        "min_participants": 5,
        "signup_opens": first - datetime.timedelta(days=60),
        "signup_closes": first - datetime.timedelta(days=7),
        "cancellation_deadline": first - datetime.timedelta(days=10),
        "status": CourseOccasion.Status.OPEN,
        "open_to_other_regions": False,
        "notes": "",
    }
    data.update(overrides)
    return data


FIRST = TODAY + datetime.timedelta(days=40)
SECOND = FIRST + datetime.timedelta(days=1)


# --- Validation: each rule a Swedish message, nothing saved ------------------------------------


@pytest.mark.parametrize(
    "overrides, days, message",
    [
        ({}, [day(FIRST, 16, 9)], "slutar innan den börjar"),
        ({}, [day(SECOND), day(FIRST)], "datumordning"),
        ({}, [day(FIRST, 9, 13), day(FIRST, 12, 16)], "överlappar varandra"),
        ({}, [], "minst en kursdag"),
        (
            {"signup_closes": SECOND},
            [day(FIRST), day(SECOND)],
            "Sista anmälningsdag måste vara före första kursdagen",
        ),
        (
            {"signup_opens": FIRST - datetime.timedelta(days=5)},
            [day(FIRST)],
            "Anmälan kan inte öppna efter sista",
        ),
        (
            {"cancellation_deadline": FIRST},
            [day(FIRST)],
            "Sista avbokningsdag måste vara före första kursdagen",
        ),
        (
            {"cancellation_deadline": FIRST - datetime.timedelta(days=90)},
            [day(FIRST)],
            "Sista avbokningsdag kan inte vara innan anmälan öppnar",
        ),
        ({"capacity": 0}, [day(FIRST)], "Antal platser måste vara minst 1"),
        ({"min_participants": 30}, [day(FIRST)], "Minsta antal deltagare kan inte vara fler"),
        ({}, [day(FIRST, mode=services.ONLINE, venue="")], "är digital men saknar länk"),
        ({}, [day(FIRST, venue="")], "är på plats men saknar lokal"),
    ],
)
def test_occasion_rules_refuse_bad_input_in_swedish_and_save_nothing(
    catalogue, region, overrides, days, message
):
    with pytest.raises(services.ValidationError) as error:
        services.occasion_save(fields=fields(catalogue["course"], region, FIRST, **overrides), days=days)
    assert any(message in text for text in error.value.messages), error.value.messages
    assert not CourseOccasion.objects.exists() and not CourseDay.objects.exists()


def test_an_unpublished_course_cannot_get_an_open_occasion_but_a_planned_one(catalogue, region):
    with pytest.raises(services.ValidationError, match="inte publicerad"):
        services.occasion_save(fields=fields(catalogue["draft"], region, FIRST), days=[day(FIRST)])
    occasion = services.occasion_save(
        fields=fields(catalogue["draft"], region, FIRST, status="planned"), days=[day(FIRST)]
    )
    assert occasion.status == "planned"


def test_capacity_cannot_go_below_the_places_already_taken(catalogue, region, taken):
    occasion = make_occasion(catalogue["course"], region, first=FIRST, capacity=20)
    taken[occasion.pk] = 12
    with pytest.raises(services.ValidationError, match="färre än de 12 platser som redan är tagna"):
        services.occasion_save(
            occasion=occasion,
            fields=fields(catalogue["course"], region, FIRST, capacity=10),
            days=[day(FIRST)],
        )
    occasion.refresh_from_db()
    assert occasion.capacity == 20 and occasion.days.get().venue == "Kulturens hus"
    services.occasion_save(
        occasion=occasion, fields=fields(catalogue["course"], region, FIRST, capacity=12), days=[day(FIRST)]
    )
    occasion.refresh_from_db()
    assert occasion.capacity == 12


def test_free_places_use_the_registered_provider_and_the_annotation_agrees(catalogue, region, taken):
    occasion = make_occasion(catalogue["course"], region, capacity=10)
    assert selectors.free_places(occasion) == 10
    taken[occasion.pk] = 4
    assert selectors.free_places(CourseOccasion.objects.get(pk=occasion.pk)) == 6
    annotated = selectors.with_places(CourseOccasion.objects.filter(pk=occasion.pk)).get()
    assert (annotated.places_taken, annotated.free_places) == (4, 6)
    taken[occasion.pk] = 15
    assert selectors.with_places(CourseOccasion.objects.filter(pk=occasion.pk)).get().free_places == 0


def test_saving_an_occasion_keeps_updates_and_removes_days(catalogue, region, demo_people):
    leader = demo_people["kursledare@demo.se"]
    occasion = services.occasion_save(
        fields=fields(catalogue["course"], region, FIRST),
        days=[day(FIRST), day(SECOND)],
        course_leaders=[leader],
    )
    first_day = occasion.days.order_by("date").first()
    online = day(FIRST, mode=services.ONLINE, venue="Kulturens hus", url="https://mote.example.se/a")
    services.occasion_save(
        occasion=occasion,
        fields=fields(catalogue["course"], region, FIRST),
        days=[{**online, "id": first_day}],
        course_leaders=[leader],
    )
    remaining = occasion.days.get()
    assert remaining.pk == first_day.pk and remaining.is_online and remaining.venue == ""
    assert list(occasion.course_leaders.all()) == [leader]


def test_occasion_form_with_bad_day_shows_swedish_message_and_saves_nothing(
    client_for, demo_people, catalogue, region
):
    client = client_for(demo_people["projektledare@demo.se"])
    response = client.post(reverse("courses:occasion_create"), occasion_post(catalogue, region, end="08:00"))
    assert response.status_code == 200
    assert "slutar innan den börjar" in response.content.decode()
    assert not CourseOccasion.objects.exists() and not CourseDay.objects.exists()


def test_the_occasion_form_summarises_its_and_its_days_errors_at_the_top(
    client_for, demo_people, catalogue, region
):
    """Issue #19: every long form summarises its errors at the top; here the days' errors too."""
    client = client_for(demo_people["projektledare@demo.se"])

    def summary_of(data):
        html = client.post(reverse("courses:occasion_create"), data).content.decode()
        assert html.index("error-summary") < html.index('name="course"')
        return html.split('class="alert alert-danger error-summary"', 1)[1].split("</div>", 1)[0]

    summary = summary_of({**occasion_post(catalogue, region), "capacity": "", "days-1-start_time": ""})
    assert 'href="#id_capacity"' in summary
    assert 'href="#id_days-1-start_time">Kursdag 2, Starttid: Detta fält måste fyllas i.' in summary
    # A rule the service checks once the fields are valid is in the summary too.
    assert "slutar innan den börjar" in summary_of(occasion_post(catalogue, region, end="08:00"))


def occasion_post(catalogue, region, leader=None, end="16:00"):
    data = {
        "course": catalogue["course"].pk,
        "region": region.pk,
        "capacity": 20,
        "min_participants": 5,
        "signup_opens": (FIRST - datetime.timedelta(days=60)).isoformat(),
        "signup_closes": (FIRST - datetime.timedelta(days=7)).isoformat(),
        "cancellation_deadline": (FIRST - datetime.timedelta(days=10)).isoformat(),
        "status": "open",
        "days-TOTAL_FORMS": 2,
        "days-INITIAL_FORMS": 0,
        "days-MIN_NUM_FORMS": 0,
        "days-MAX_NUM_FORMS": 1000,
    }
    for index, date in enumerate([FIRST, SECOND]):
        data.update(
            {
                f"days-{index}-date": date.isoformat(),
                f"days-{index}-start_time": "09:00",
                f"days-{index}-end_time": end,
                f"days-{index}-mode": "on_site",
                f"days-{index}-venue": "Folkets hus",
                f"days-{index}-town": "Kiruna",
            }
        )
    if leader:
        data["course_leaders"] = [leader.pk]
    return data


def test_project_leader_creates_an_occasion_with_two_days_and_a_leader(
    client_for, demo_people, catalogue, region
):
    client = client_for(demo_people["projektledare@demo.se"])
    leader = demo_people["kursledare@demo.se"]
    response = client.post(reverse("courses:occasion_create"), occasion_post(catalogue, region, leader))
    occasion = CourseOccasion.objects.get()
    assert response.status_code == 302 and response.url == reverse("courses:occasion", args=[occasion.pk])
    assert [d.date for d in occasion.days.all()] == [FIRST, SECOND]
    assert list(occasion.course_leaders.all()) == [leader]


# --- The occasion's start date (CourseOccasion.starts_on), kept for the reports ----------------


def _starts_on(occasion):
    return CourseOccasion.objects.values_list("starts_on", flat=True).get(pk=occasion.pk)


def test_starts_on_follows_the_days_saved_through_the_occasion_service(catalogue, region):
    later = SECOND + datetime.timedelta(days=7)
    occasion = services.occasion_save(
        fields=fields(catalogue["course"], region, FIRST), days=[day(SECOND), day(later)]
    )
    assert _starts_on(occasion) == SECOND
    # An earlier day is added: the occasion starts then.
    second, last = occasion.days.order_by("date")
    services.occasion_save(
        occasion=occasion,
        fields=fields(catalogue["course"], region, FIRST),
        days=[day(FIRST), {**day(SECOND), "id": second}, {**day(later), "id": last}],
    )
    assert _starts_on(occasion) == FIRST
    # A cancelled day still counts: an occasion belongs to the year of its first day, cancelled or not.
    first = occasion.days.get(date=FIRST)
    services.occasion_save(
        occasion=occasion,
        fields=fields(catalogue["course"], region, FIRST),
        days=[
            {**day(FIRST), "is_cancelled": True, "id": first},
            {**day(SECOND), "id": second},
            {**day(later), "id": last},
        ],
    )
    assert occasion.days.get(date=FIRST).is_cancelled and _starts_on(occasion) == FIRST
    # The first day is removed, and the remaining first day moved later: the start follows.
    moved = later + datetime.timedelta(days=1)
    services.occasion_save(
        occasion=occasion,
        fields=fields(catalogue["course"], region, FIRST),
        days=[{**day(later), "id": last}, {**day(moved), "id": second}],
    )
    assert _starts_on(occasion) == later


def test_starts_on_follows_single_day_saves_and_deletes_and_bulk_copies(catalogue, region):
    occasion = make_occasion(catalogue["course"], region, first=SECOND, days=2)
    assert _starts_on(occasion) == SECOND
    # The object the days were created with knows it too, so saving it later keeps the start.
    occasion.status = CourseOccasion.Status.CLOSED
    occasion.save()
    assert occasion.starts_on == _starts_on(occasion) == SECOND
    earlier = CourseDay.objects.create(
        occasion=occasion,
        date=FIRST,
        start_time=datetime.time(9),
        end_time=datetime.time(12),
        is_cancelled=True,
    )
    assert _starts_on(occasion) == FIRST
    earlier.date = SECOND + datetime.timedelta(days=30)
    earlier.save()
    assert _starts_on(occasion) == SECOND
    occasion.days.filter(date=SECOND).delete()
    assert _starts_on(occasion) == SECOND + datetime.timedelta(days=1)
    occasion.days.all().delete()
    assert _starts_on(occasion) is None
    # occasion_copy bulk-creates its days (no signals) and sets the start itself.
    original = make_occasion(catalogue["course"], region, first=FIRST, days=2)
    copy = services.occasion_copy(original, offset_days=14)
    assert _starts_on(copy) == FIRST + datetime.timedelta(days=14)
    assert _starts_on(original) == FIRST


def test_migration_fills_starts_on_from_the_earliest_day_cancelled_or_not(catalogue, region):
    import importlib

    from django.apps import apps

    fill = importlib.import_module("courses.migrations.0002_occasion_starts_on").fill_starts_on
    cancelled_first = make_occasion(catalogue["course"], region, first=FIRST, days=2)
    cancelled_first.days.filter(date=FIRST).update(is_cancelled=True)
    plain = make_occasion(catalogue["other"], region, first=SECOND, days=1)
    empty = CourseOccasion.objects.create(
        course=catalogue["course"],
        region=region,
        capacity=5,
        signup_opens=FIRST,
        signup_closes=FIRST,
        cancellation_deadline=FIRST,
    )
    CourseOccasion.objects.update(starts_on=None)
    fill(apps, None)
    assert (_starts_on(cancelled_first), _starts_on(plain), _starts_on(empty)) == (FIRST, SECOND, None)


# --- Copy to the next term ----------------------------------------------------------------------


def test_copy_moves_every_date_by_the_same_offset_and_is_planned(catalogue, region, demo_people):
    leader = demo_people["kursledare@demo.se"]
    original = make_occasion(catalogue["course"], region, first=FIRST, days=2, leaders=[leader])
    new_first = FIRST + datetime.timedelta(days=182)
    copy = services.occasion_copy(original, first_date=new_first)
    assert copy.pk != original.pk and copy.status == "planned"
    assert [d.date for d in copy.days.all()] == [new_first, new_first + datetime.timedelta(days=1)]
    assert copy.signup_closes == original.signup_closes + datetime.timedelta(days=182)
    assert list(copy.course_leaders.all()) == [leader]
    by_weeks = services.occasion_copy(original, offset_days=7 * 26)
    assert by_weeks.days.first().date == FIRST + datetime.timedelta(weeks=26)
    assert original.days.count() == 2


def test_copy_page_refuses_without_a_date_in_swedish(client_for, demo_people, catalogue, region):
    original = make_occasion(catalogue["course"], region)
    client = client_for(demo_people["projektledare@demo.se"])
    response = client.post(reverse("courses:occasion_copy", args=[original.pk]), {})
    assert "Ange ett nytt första datum" in response.content.decode()
    assert CourseOccasion.objects.count() == 1


@pytest.mark.parametrize(
    "first_date, message",
    [
        # The end of the calendar (found by the fuzz test): refused, not a 500.
        ("9999-12-31", "Ange ett datum mellan år 2000 och 2099."),
        ("0001-01-02", "Ange ett datum mellan år 2000 och 2099."),
        ("2095-06-01", "Kopian kan flyttas högst 104 veckor från originalet."),
    ],
)
def test_copy_far_outside_a_new_term_is_refused_in_swedish(
    client_for, demo_people, catalogue, region, first_date, message
):
    original = make_occasion(catalogue["course"], region)
    client = client_for(demo_people["projektledare@demo.se"])
    response = client.post(reverse("courses:occasion_copy", args=[original.pk]), {"first_date": first_date})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert CourseOccasion.objects.count() == 1


# --- Visibility ---------------------------------------------------------------------------------


def test_visibility_follows_region_status_and_publication(catalogue, region, other_region, demo_people):
    course = catalogue["course"]
    own_open = make_occasion(course, region)
    own_planned = make_occasion(course, region, status="planned")
    other_closed_region = make_occasion(course, other_region)
    other_opened = make_occasion(course, other_region, open_to_other_regions=True)
    draft = make_occasion(catalogue["draft"], region, status="planned")
    led = make_occasion(course, region, status="planned", leaders=[demo_people["kursledare@demo.se"]])

    social_worker = set(occasions_visible_to(demo_people["socsek.lulea@demo.se"]))
    assert social_worker == {own_open, other_opened}
    assert set(occasions_visible_to(demo_people["kursledare@demo.se"])) == {own_open, other_opened, led}
    assert set(occasions_visible_to(demo_people["projektledare@demo.se"])) == {
        own_open,
        own_planned,
        other_closed_region,
        other_opened,
        draft,
        led,
    }


def test_other_regions_occasion_answers_404_and_draft_course_too(
    client_for, catalogue, other_region, demo_people
):
    hidden = make_occasion(catalogue["course"], other_region)
    client = client_for(demo_people["socsek.lulea@demo.se"])
    assert client.get(reverse("courses:occasion", args=[hidden.pk])).status_code == 404
    assert client.get(reverse("courses:occasion_ics", args=[hidden.pk])).status_code == 404
    assert client.get(reverse("courses:course", args=["utkast"])).status_code == 404


# --- Filters ------------------------------------------------------------------------------------


def titles(response):
    return [day.occasion.course.name for day in response.context["page"].object_list]


def test_day_list_filters_by_step_month_town_form_and_free_places(
    client_for, demo_people, catalogue, region, taken
):
    course, other = catalogue["course"], catalogue["other"]
    lulea = make_occasion(course, region, first=FIRST, town="Luleå")
    kiruna = make_occasion(other, region, first=FIRST + datetime.timedelta(days=35), town="Kiruna")
    online = make_occasion(other, region, first=FIRST + datetime.timedelta(days=2), online=True)
    full = make_occasion(course, region, first=FIRST + datetime.timedelta(days=3), town="Piteå", capacity=5)
    make_occasion(course, region, first=TODAY - datetime.timedelta(days=3))  # past: never listed
    taken[full.pk] = 5
    client = client_for(demo_people["socsek.lulea@demo.se"])
    url = reverse("courses:days")

    assert len(client.get(url).context["page"].object_list) == 4
    step = client.get(url, {"step": catalogue["ny"].pk})
    assert {d.occasion for d in step.context["page"].object_list} == {lulea, full}
    month = kiruna.days.get().date
    by_month = client.get(url, {"month": f"{month:%Y-%m}"}).context["page"].object_list
    assert kiruna in {d.occasion for d in by_month} and all(d.date.month == month.month for d in by_month)
    assert {d.occasion for d in client.get(url, {"town": "Kiruna"}).context["page"].object_list} == {kiruna}
    assert {d.occasion for d in client.get(url, {"mode": "online"}).context["page"].object_list} == {online}
    assert online not in {
        d.occasion for d in client.get(url, {"mode": "on_site"}).context["page"].object_list
    }
    free = client.get(url, {"free_places": "on"}).context["page"].object_list
    assert full not in {d.occasion for d in free} and lulea in {d.occasion for d in free}
    combined = client.get(url, {"step": catalogue["ny"].pk, "free_places": "on"})
    assert titles(combined) == ["Handläggning med barnet i centrum"]


def test_day_list_queries_do_not_grow_with_the_number_of_occasions(
    client_for, demo_people, catalogue, region, django_assert_max_num_queries
):
    client = client_for(demo_people["socsek.lulea@demo.se"])
    url = reverse("courses:days")
    for number in range(3):
        make_occasion(catalogue["course"], region, first=FIRST + datetime.timedelta(days=number), days=2)
    client.get(url)  # warm the session and caches
    with CaptureQueriesContext(connection) as few:
        client.get(url, {"free_places": "on"})
    for number in range(20):
        make_occasion(
            catalogue["other"],
            region,
            first=FIRST + datetime.timedelta(days=number),
            days=2,
            online=number % 2 == 0,
            leaders=[demo_people["kursledare@demo.se"]],
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url, {"free_places": "on"})
    assert len(response.context["page"].object_list) == 46


@pytest.mark.parametrize(
    "url_name, args",
    [
        ("courses:catalogue", []),
        ("courses:course", ["handlaggning"]),
        ("courses:planning", []),
        ("courses:trainers", []),
        ("courses:manage", []),
    ],
)
def test_list_pages_have_a_query_ceiling(
    client_for, demo_people, catalogue, region, url_name, args, django_assert_max_num_queries
):
    client = client_for(demo_people["projektledare@demo.se"])
    url = reverse(url_name, args=args)
    make_occasion(catalogue["course"], region, days=2, leaders=[demo_people["kursledare@demo.se"]])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for number in range(10):
        make_occasion(
            catalogue["course"],
            region,
            first=FIRST + datetime.timedelta(days=number),
            days=2,
            leaders=[demo_people["kursledare@demo.se"]],
        )
        TrainerProfile.objects.get_or_create(person=demo_people["kursledare@demo.se"])
    with django_assert_max_num_queries(len(few.captured_queries) + 1):
        assert client.get(url).status_code == 200


# --- Calendar -----------------------------------------------------------------------------------


def test_occasion_ics_parses_back_with_stockholm_times_and_stable_uids(
    client_for, demo_people, catalogue, region
):
    summer = datetime.date(TODAY.year + 1, 6, 15)
    occasion = make_occasion(catalogue["course"], region, first=summer, days=2)
    client = client_for(demo_people["socsek.lulea@demo.se"])
    response = client.get(reverse("courses:occasion_ics", args=[occasion.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert len(events) == 2
    start = events[0].decoded("dtstart")
    assert (start.date(), start.hour, start.minute) == (summer, 9, 0)
    assert str(start.tzinfo) == "Europe/Stockholm" and start.utcoffset() == datetime.timedelta(hours=2)
    assert events[0]["dtstart"].params["TZID"] == "Europe/Stockholm"
    assert events[1].decoded("dtend").hour == 16
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Stockholm"]
    again = Calendar.from_ical(client.get(reverse("courses:occasion_ics", args=[occasion.pk])).content)
    assert [str(e["uid"]) for e in again.walk("VEVENT")] == [str(e["uid"]) for e in events]
    assert "Handläggning med barnet i centrum" in str(events[0]["summary"])


def test_a_cancelled_online_day_offers_no_meeting_link(client_for, demo_people, catalogue, region):
    occasion = make_occasion(catalogue["course"], region, days=2, online=True)
    occasion.days.filter(pk=occasion.days.order_by("date").last().pk).update(is_cancelled=True)
    page = client_for(demo_people["socsek.lulea@demo.se"]).get(
        reverse("courses:occasion", args=[occasion.pk])
    )
    assert page.content.decode().count("Länk till det digitala mötet") == 1
    assert "Inställd" in page.content.decode()


def test_a_cancelled_day_replaces_the_event_calendars_already_hold(
    client_for, demo_people, catalogue, region
):
    from courses.services import DAY_FIELDS, occasion_save

    occasion = make_occasion(catalogue["course"], region, days=2)
    an_hour_ago = occasion.updated_at - datetime.timedelta(hours=1)
    CourseOccasion.objects.filter(pk=occasion.pk).update(updated_at=an_hour_ago)  # downloaded an hour ago
    client = client_for(demo_people["socsek.lulea@demo.se"])
    url = reverse("courses:occasion_ics", args=[occasion.pk])
    before = Calendar.from_ical(client.get(url).content)
    assert str(before["method"]) == "PUBLISH"
    days = list(occasion.days.order_by("date"))
    day_values = [{field: getattr(day, field) for field in DAY_FIELDS} | {"id": day} for day in days]
    day_values[1]["is_cancelled"] = True
    occasion_save(fields={}, days=day_values, occasion=occasion)
    after = Calendar.from_ical(client.get(url).content)
    old, new = before.walk("VEVENT")[1], after.walk("VEVENT")[1]
    assert str(new["uid"]) == str(old["uid"]) and str(new["status"]) == "CANCELLED"
    assert int(new["sequence"]) > int(old["sequence"])


def test_trainer_feed_works_without_login_and_stops_after_renewal(client, demo_people, catalogue, region):
    leader = demo_people["kursledare@demo.se"]
    mine = make_occasion(catalogue["course"], region, days=2, status="planned", leaders=[leader])
    make_occasion(catalogue["other"], region)
    profile = TrainerProfile.objects.create(person=leader)
    url = reverse("courses:trainer_feed", args=[profile.calendar_token])
    events = Calendar.from_ical(client.get(url).content).walk("VEVENT")
    assert {str(e["uid"]) for e in events} == {f"kursdag-{d.pk}@yrkesresan" for d in mine.days.all()}

    client.force_login(leader)
    assert client.post(reverse("courses:my_calendar_renew")).status_code == 302
    client.logout()
    assert client.get(url).status_code == 404
    profile.refresh_from_db()
    assert client.get(reverse("courses:trainer_feed", args=[profile.calendar_token])).status_code == 200
    assert client.get(reverse("courses:trainer_feed", args=["gissning"])).status_code == 404


# --- Planning, course leader and trainers -------------------------------------------------------


def test_planning_warns_about_days_without_leader_and_occasions_under_minimum(catalogue, region, demo_people):
    leader = demo_people["kursledare@demo.se"]
    soon = TODAY + datetime.timedelta(days=14)  # sign-up closes in 7 days
    under = make_occasion(catalogue["course"], region, first=soon, min_participants=6, leaders=[leader])
    no_leader = make_occasion(catalogue["other"], region, first=TODAY + datetime.timedelta(days=90), days=2)
    make_occasion(
        catalogue["course"],
        region,
        first=TODAY + datetime.timedelta(days=120),
        min_participants=6,
        leaders=[leader],
    )  # under its minimum but far from the deadline
    warnings = selectors.planning(TODAY.replace(day=1))["warnings"]
    assert warnings["under_minimum"] == [under]
    assert [d.occasion_id for d in warnings["without_leader"]] == [no_leader.pk, no_leader.pk]


def test_planning_groups_occasions_by_month_with_fill_rate(client_for, demo_people, catalogue, region, taken):
    first = datetime.date(TODAY.year + 1, 3, 10)
    occasion = make_occasion(catalogue["course"], region, first=first, capacity=20)
    taken[occasion.pk] = 5
    response = client_for(demo_people["projektledare@demo.se"]).get(
        reverse("courses:planning"), {"ar": first.year}
    )
    months = dict(response.context["months"])
    assert [o.pk for o in months[datetime.date(first.year, 3, 1)]] == [occasion.pk]
    assert months[datetime.date(first.year, 3, 1)][0].fill_rate == 25
    assert "5/20 (25 %)" in response.content.decode()
    rolling = client_for(demo_people["projektledare@demo.se"]).get(reverse("courses:planning"))
    assert rolling.context["months"][0][0] == TODAY.replace(day=1)


def test_course_leader_sees_their_coming_days_only(client_for, demo_people, catalogue, region):
    leader = demo_people["kursledare@demo.se"]
    mine = make_occasion(catalogue["course"], region, leaders=[leader])
    make_occasion(catalogue["other"], region)
    make_occasion(catalogue["course"], region, first=TODAY - datetime.timedelta(days=5), leaders=[leader])
    response = client_for(leader).get(reverse("courses:my_days"))
    assert [d.occasion for d in response.context["days"]] == [mine]


def test_trainer_spread_sets_trainers_against_population_share(demo_people, catalogue):
    for email in ["kursledare@demo.se", "socsek.lulea@demo.se"]:
        services.trainer_profile_save(person=demo_people[email], courses=[catalogue["course"]])
    rows = {row["municipality"].name: row for row in selectors.trainer_spread()}
    assert rows["Kiruna"]["trainers"] == 1 and rows["Luleå"]["trainers"] == 1
    assert rows["Kiruna"]["trainer_share"] == 50.0
    assert rows["Luleå"]["population_share"] > rows["Kiruna"]["population_share"] > 0
    assert round(sum(row["population_share"] for row in rows.values())) == 100
    with pytest.raises(services.ValidationError, match="har redan en profil"):
        services.trainer_profile_save(person=demo_people["kursledare@demo.se"])


def test_course_page_groups_knowledge_goals_by_level(client_for, demo_people, catalogue, region):
    course = catalogue["course"]
    for level, text in [("fardighet", "Kunna utreda"), ("fakta", "Känna till LVU")]:
        KnowledgeGoal.objects.create(course=course, level=level, text=text)
    make_occasion(course, region, capacity=12)
    response = client_for(demo_people["socsek.lulea@demo.se"]).get(
        reverse("courses:course", args=[course.slug])
    )
    html = response.content.decode()
    assert html.index("<h3>Fakta</h3>") < html.index("Känna till LVU") < html.index("<h3>Färdighet</h3>")
    assert "Förtrogenhet" not in html
    assert "12 av 12" in html


def test_project_leader_removes_only_what_nothing_depends_on(client_for, demo_people, catalogue, region):
    from courses.models import Course, Step

    make_occasion(catalogue["course"], region)
    client = client_for(demo_people["projektledare@demo.se"])
    refused = client.post(reverse("courses:course_delete", args=[catalogue["course"].pk]))
    assert "Kursen har kurstillfällen och kan inte tas bort" in refused.content.decode()
    assert Course.objects.filter(pk=catalogue["course"].pk).exists()
    assert (
        "Steget har kurser"
        in client.post(reverse("courses:step_delete", args=[catalogue["van"].pk])).content.decode()
    )
    assert client.post(reverse("courses:course_delete", args=[catalogue["other"].pk])).status_code == 302
    assert client.post(reverse("courses:step_delete", args=[catalogue["van"].pk])).status_code == 302
    assert not Step.objects.filter(slug="van").exists()


def test_course_edit_saves_goals_with_the_course(client_for, demo_people, catalogue):
    client = client_for(demo_people["projektledare@demo.se"])
    course = catalogue["course"]
    data = {
        "step": course.step_id,
        "name": course.name,
        "slug": course.slug,
        "number_of_days": 2,
        "required_attendance_percent": 100,
        "order": 0,
        "status": "published",
        "goals-TOTAL_FORMS": 2,
        "goals-INITIAL_FORMS": 0,
        "goals-MIN_NUM_FORMS": 0,
        "goals-MAX_NUM_FORMS": 1000,
        "goals-0-text": "Känna till LVU",
        "goals-0-level": "fakta",
        "goals-0-order": 1,
        "goals-1-text": "",
        "goals-1-level": "",
        "goals-1-order": "0",
    }
    assert client.post(reverse("courses:course_edit", args=[course.pk]), data).status_code == 302
    assert list(course.knowledge_goals.values_list("text", "level")) == [("Känna till LVU", "fakta")]


def test_demo_data_builds_the_catalogue_once(demo_people):
    from courses import demo
    from courses.models import Course

    demo.load(io.StringIO())
    demo.load(io.StringIO())
    course = Course.objects.get(name="Handläggning med barnet i centrum")
    assert course.step.name == "Ny" and course.step.journey.name == "Barn och unga"
    assert list(course.step.journey.steps.values_list("name", flat=True)) == [
        "Ny",
        "Van",
        "Erfaren",
        "Arbetsledare och chef",
    ]
    # Each course has goals of its own (#19); together the catalogue's goals reach all four levels.
    assert course.knowledge_goals.exists()
    assert set(KnowledgeGoal.objects.values_list("level", flat=True)) == {
        level for level, _ in KnowledgeGoal.Level.choices
    }
    texts = [set(c.knowledge_goals.values_list("text", flat=True)) for c in Course.objects.all()]
    assert all(texts) and len({frozenset(t) for t in texts}) == len(texts)
    towns = set(CourseDay.objects.values_list("town", flat=True))
    assert {"Luleå", "Kiruna", "Piteå", ""} <= towns
    assert CourseOccasion.objects.filter(status="open").exists()
    # Three per course, and the planning page's one deliberate clash (same leader and room at once).
    assert CourseOccasion.objects.count() == 31
    assert CourseOccasion.objects.filter(notes=demo.CLASH_NOTE).count() == 1
    from courses.clashes import PERSON, ROOM, current_clashes

    assert {PERSON, ROOM} <= {clash.kind for clash in current_clashes()}
    assert TrainerProfile.objects.filter(person__email="kursledare@demo.se").exists()
    assert len({p.person.municipality_id for p in TrainerProfile.objects.select_related("person")}) >= 3


def test_the_route_marks_the_persons_own_step_and_only_theirs(client_for, demo_people, catalogue):
    from enrollment.services import step_set

    social_worker = demo_people["socsek.lulea@demo.se"]
    step_set(social_worker, catalogue["van"], None)
    page = client_for(social_worker).get(reverse("courses:catalogue")).content.decode()
    assert page.count('aria-current="step"') == 1 and page.count("Du är här") == 1
    stage = page.split('aria-current="step"', 1)[1].split("</h3>", 1)[0]
    assert "Steg 2: Van" in stage and "Du är här" in stage
    # Someone not yet placed on the journey gets no mark.
    other = client_for(demo_people["socsek.pitea@demo.se"]).get(reverse("courses:catalogue")).content.decode()
    assert "Du är här" not in other and 'aria-current="step"' not in other


@pytest.mark.parametrize("status", ["cancelled", "completed"])
def test_a_cancelled_or_held_occasion_does_not_advertise_free_places(
    client_for, demo_people, catalogue, region, status
):
    occasion = make_occasion(catalogue["course"], region, status=status, capacity=10)
    client = client_for(demo_people["projektledare@demo.se"])
    page = client.get(reverse("courses:occasion", args=[occasion.pk])).content.decode()
    assert "lediga av 10" not in page and occasion.get_status_display() in page
    course_page = client.get(reverse("courses:course", args=[catalogue["course"].slug])).content.decode()
    assert "av 10" not in course_page
