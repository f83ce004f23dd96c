"""The enrollment pages: who may open each URL, and what the pages do with good and bad input."""

import datetime
import io

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import formats, timezone
from openpyxl import load_workbook

from courses.models import CourseDay, CourseOccasion
from enrollment import selectors, services
from enrollment.models import Attendance, Enrollment
from enrollment.selectors import waiting_list
from tests.enrollment_helpers import catalogue, make_occasion, other_course, save_from_catalogue, shift_days

pytestmark = pytest.mark.django_db
S = Enrollment.Status

ROLES = [
    "anonymous",
    "social_worker",
    "course_leader",
    "manager",
    "other_manager",
    "steering_group",
    "project_leader",
]
EMAILS = {
    "social_worker": "socsek.lulea@demo.se",
    "course_leader": "kursledare@demo.se",
    "manager": "chef.lulea@demo.se",
    "other_manager": "chef.pitea@demo.se",
    "steering_group": "styrgrupp@demo.se",
    "project_leader": "projektledare@demo.se",
}


@pytest.fixture
def world(demo_people):
    leader, sw, boss = (
        demo_people["kursledare@demo.se"],
        demo_people["socsek.lulea@demo.se"],
        demo_people["chef.lulea@demo.se"],
    )
    # Booked on one course, completed another (one booking per course at a time).
    occasion = make_occasion(capacity=5, leaders=[leader], course=other_course())
    enrollment = services.enrollment_nominate(occasion, sw, boss)
    past = make_occasion(capacity=5, leaders=[leader])
    done = services.enrollment_nominate(past, sw, boss)
    shift_days(past, -5)
    for day in past.days.all():
        services.attendance_record(day, [done.pk], leader)
    services.enrollment_complete(past, leader)
    return {
        "occasion": occasion,
        "enrollment": enrollment,
        "completed": Enrollment.objects.get(pk=done.pk),
        "person": sw,
        "day": occasion.days.first(),
        "people": demo_people,
    }


# The grid of every URL × role is in tests/test_permission_grid.py; below are the cases it cannot express.


def test_a_course_leader_of_another_occasion_gets_404(client, world, make_person):
    other_leader = make_person(is_course_leader=True)
    client.force_login(other_leader)
    for name in ("participants", "signin_sheet"):
        assert client.get(reverse(f"enrollment:{name}", args=[world["occasion"].pk])).status_code == 404


def test_day_summaries_say_where_a_day_is_held_or_that_it_is_digital(client_for, demo_people):
    occasion = make_occasion()
    first, second = occasion.days.order_by("date")
    first.venue, first.town = "Kulturens hus", "Luleå"
    first.save()
    second.venue, second.town, second.online_url = "", "", "https://mote.example.se/x"
    second.save()
    page = client_for(demo_people["socsek.lulea@demo.se"]).get(
        reverse("enrollment:signup", args=[occasion.pk])
    )
    text = page.content.decode()
    assert "Kulturens hus, Luleå" in text and "Digitalt" in text


def test_sign_up_prefills_the_manager_and_sends_the_request(
    client_for, demo_people, django_capture_on_commit_callbacks
):
    occasion = make_occasion()
    sw = demo_people["socsek.lulea@demo.se"]
    client = client_for(sw)
    page = client.get(reverse("enrollment:signup", args=[occasion.pk]))
    assert page.context["form"].initial["manager"] == sw.manager_id
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("enrollment:signup", args=[occasion.pk]), {"manager": sw.manager_id}, follow=True
        )
    assert "skickad till din chef" in response.content.decode()
    assert Enrollment.objects.get(person=sw).status == S.PENDING
    assert mail.outbox[0].to == [demo_people["chef.lulea@demo.se"].email]
    # Reloading the POST neither books twice nor hides what happened.
    again = client.post(
        reverse("enrollment:signup", args=[occasion.pk]), {"manager": sw.manager_id}, follow=True
    )
    assert "redan anmäld" in again.content.decode()
    assert Enrollment.objects.filter(person=sw).count() == 1


def test_sign_up_post_keeps_its_query_count(
    client_for, demo_people, make_person, municipality, django_assert_max_num_queries
):
    """The Monday-morning rush (bench/load.py signup): session, user, occasion, manager, one check of the
    person's bookings of the course, then the locked recount and the two inserts, the e-mail to the
    manager composed and written to the outbox in the same transaction (course, days, one insert), and
    the session save."""
    occasion = make_occasion(capacity=1)
    sw, boss = demo_people["socsek.lulea@demo.se"], demo_people["chef.lulea@demo.se"]
    client = client_for(sw)
    with django_assert_max_num_queries(18):
        response = client.post(reverse("enrollment:signup", args=[occasion.pk]), {"manager": boss.pk})
    assert response.status_code == 302 and Enrollment.objects.get(person=sw).status == S.PENDING
    # Naming a new manager also stores it on the person, with its audit entry; the full occasion waitlists.
    newcomer = make_person(municipality=municipality("Luleå"), is_social_worker=True)
    client = client_for(newcomer)
    with django_assert_max_num_queries(21):
        response = client.post(reverse("enrollment:signup", args=[occasion.pk]), {"manager": boss.pk})
    assert response.status_code == 302 and Enrollment.objects.get(person=newcomer).status == S.WAITLISTED
    newcomer.refresh_from_db()
    assert newcomer.manager == boss


def test_sign_up_without_a_manager_is_refused_in_swedish(client_for, demo_people):
    occasion = make_occasion()
    response = client_for(demo_people["socsek.lulea@demo.se"]).post(
        reverse("enrollment:signup", args=[occasion.pk]), {"manager": ""}
    )
    assert "Välj din chef." in response.content.decode()
    assert not Enrollment.objects.exists()


def test_sign_up_after_closing_gives_a_message_and_saves_nothing(client_for, demo_people):
    occasion = make_occasion(closes_in=-1, opens_in=-10)
    sw = demo_people["socsek.lulea@demo.se"]
    response = client_for(sw).post(
        reverse("enrollment:signup", args=[occasion.pk]), {"manager": sw.manager_id}, follow=True
    )
    assert "Sista anmälningsdag har passerat." in response.content.decode()
    assert not Enrollment.objects.exists()


def test_queue_approves_many_and_handles_a_request_cancelled_meanwhile(
    client_for, demo_people, make_person, municipality
):
    boss = demo_people["chef.lulea@demo.se"]
    occasion = make_occasion()
    staff = [make_person(municipality=municipality("Luleå"), is_social_worker=True) for _ in range(3)]
    requests = [services.enrollment_request(occasion, p, boss) for p in staff]
    services.enrollment_cancel(requests[2], staff[2])
    client = client_for(boss)
    response = client.post(
        reverse("enrollment:queue"),
        {"enrollments": [r.pk for r in requests], "action": "approve", "reason": ""},
        follow=True,
    )
    text = response.content.decode()
    assert "2 anmälningar godkända." in text and "har avbokats och kan inte längre godkännas" in text
    statuses = [Enrollment.objects.get(pk=r.pk).status for r in requests]
    assert statuses == [S.APPROVED, S.APPROVED, S.CANCELLED]
    # A double submit: nothing changes, and the manager is told it is already done.
    again = client.post(
        reverse("enrollment:queue"), {"enrollments": [requests[0].pk], "action": "approve"}, follow=True
    )
    assert "redan godkänd" in again.content.decode()


def test_queue_messages_count_in_singular_and_plural(client_for, demo_people, make_person, municipality):
    boss = demo_people["chef.lulea@demo.se"]
    staff = [make_person(municipality=municipality("Luleå"), is_social_worker=True) for _ in range(3)]
    requests = [services.enrollment_request(make_occasion(), p, boss) for p in staff]
    client = client_for(boss)
    one = client.post(
        reverse("enrollment:queue"), {"enrollments": [requests[0].pk], "action": "approve"}, follow=True
    ).content.decode()
    assert "1 anmälan godkänd." in one and "1 anmälningar" not in one
    two = client.post(
        reverse("enrollment:queue"),
        {"enrollments": [r.pk for r in requests[1:]], "action": "reject", "reason": "Inte nu."},
        follow=True,
    ).content.decode()
    assert "2 anmälningar avslagna." in two


def test_queue_reject_without_reason_is_refused_and_nothing_changes(client_for, demo_people):
    boss, sw = demo_people["chef.lulea@demo.se"], demo_people["socsek.lulea@demo.se"]
    enrollment = services.enrollment_request(make_occasion(), sw, boss)
    response = client_for(boss).post(
        reverse("enrollment:queue"), {"enrollments": [enrollment.pk], "action": "reject", "reason": ""}
    )
    assert "Skriv en motivering som deltagaren kan läsa." in response.content.decode()
    enrollment.refresh_from_db()
    assert enrollment.status == S.PENDING


def test_queue_shows_only_own_municipality(client_for, demo_people):
    services.enrollment_request(
        make_occasion(), demo_people["socsek.pitea@demo.se"], demo_people["chef.pitea@demo.se"]
    )
    response = client_for(demo_people["chef.lulea@demo.se"]).get(reverse("enrollment:queue"))
    assert list(response.context["pending"]) == []
    # Approving another municipality's request by id is refused, not done.
    other = Enrollment.objects.get()
    client_for(demo_people["chef.lulea@demo.se"]).post(
        reverse("enrollment:queue"), {"enrollments": [other.pk], "action": "approve"}
    )
    other.refresh_from_db()
    assert other.status == S.PENDING


def test_list_pages_keep_their_query_count(
    client_for, world, make_person, municipality, django_assert_max_num_queries
):
    boss = world["people"]["chef.lulea@demo.se"]
    for _ in range(8):
        person = make_person(municipality=municipality("Luleå"), is_social_worker=True)
        services.enrollment_request(make_occasion(), person, boss)
        services.enrollment_nominate(world["occasion"], person, boss)
    client = client_for(boss)
    for name in ("queue", "staff"):
        with django_assert_max_num_queries(25):
            assert client.get(reverse(f"enrollment:{name}")).status_code == 200
    client = client_for(world["people"]["kursledare@demo.se"])
    with django_assert_max_num_queries(20):
        assert client.get(reverse("enrollment:participants", args=[world["occasion"].pk])).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(reverse("enrollment:occasions")).status_code == 200


def test_exports_are_safe_against_formula_injection(client_for, world):
    person = world["person"]
    person.last_name = '=HYPERLINK("http://evil")'
    person.save()
    client = client_for(world["people"]["kursledare@demo.se"])
    csv = client.get(reverse("enrollment:export", args=[world["occasion"].pk, "csv"])).content.decode(
        "utf-8-sig"
    )
    assert (
        "HYPERLINK" in csv
        and ";=HYPERLINK" not in csv
        and not any(line.startswith("=") for line in csv.splitlines())
    )
    xlsx = client.get(reverse("enrollment:export", args=[world["occasion"].pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.cell(2, 1).value.startswith("HYPERLINK")


def test_certificate_pdf_names_the_person_course_and_goals(client_for, world):
    from pypdf import PdfReader

    from courses.models import KnowledgeGoal

    KnowledgeGoal.objects.create(
        course=catalogue()[2], text="Barnets rätt att komma till tals", level="fakta"
    )
    response = client_for(world["person"]).get(
        reverse("enrollment:certificate", args=[world["completed"].pk])
    )
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Kursintyg" in text and "Sara Johansson" in text and "Handläggning med barnet i centrum" in text
    assert "Barnets rätt att komma till tals" in text and "14,0" in text


def test_attendance_form_records_present_and_absent(client_for, world, make_person, municipality):
    occasion, leader = world["occasion"], world["people"]["kursledare@demo.se"]
    other = services.enrollment_nominate(
        occasion, make_person(municipality=municipality("Luleå")), world["people"]["chef.lulea@demo.se"]
    )
    shift_days(occasion, 0)
    day = occasion.days.order_by("date").first()
    client = client_for(leader)
    response = client.post(
        reverse("enrollment:attendance", args=[occasion.pk, day.pk]), {"present": [world["enrollment"].pk]}
    )
    assert response.status_code == 302
    assert dict(Attendance.objects.filter(day=day).values_list("enrollment_id", "present")) == {
        world["enrollment"].pk: True,
        other.pk: False,
    }
    bad = client.post(reverse("enrollment:attendance", args=[occasion.pk, day.pk]), {"present": ["999999"]})
    assert "finns inte längre" in bad.content.decode()


def test_manager_moves_a_person_up_a_step_and_sees_it_suggested(client_for, world):
    journey, steps, _course = catalogue()
    boss = world["people"]["chef.lulea@demo.se"]
    services.step_set(world["person"], steps["ny"], boss)
    client = client_for(boss)
    page = client.get(reverse("enrollment:staff_detail", args=[world["person"].pk]))
    # The step's only published course is completed (world["completed"]): moving up is suggested.
    assert "Alla kurser på steget är genomförda." in page.content.decode()
    url = reverse("enrollment:move_up", args=[world["person"].pk, journey.pk])
    assert url in page.content.decode()
    # The button opens a confirmation that says what will happen, and changes nothing yet.
    confirm = client.get(url).content.decode()
    assert (
        "Nuvarande steg" in confirm and "<strong>Van</strong>" in confirm and "Ja, flytta till Van" in confirm
    )
    assert "Alla kurser på steget är genomförda." in confirm
    assert selectors.current_placements(world["person"])[journey.pk].step == steps["ny"]
    response = client.post(url, {"from_step": steps["ny"].pk}, follow=True)
    assert "är nu på steget Van" in response.content.decode()
    # The same confirmation posted again (a second tab) does not move them on to the next step.
    again = client.post(url, {"from_step": steps["ny"].pk}, follow=True)
    assert "har redan bytt steg sedan du öppnade sidan" in again.content.decode()
    # Back to the confirmation (the page is fetched again): it warns that a step was taken today.
    assert "flyttades till Van i dag av" in client.get(url).content.decode()
    assert selectors.current_placements(world["person"])[journey.pk].step == steps["van"]


def test_moving_up_from_the_last_step_is_not_offered(client_for, world):
    journey, steps, _course = catalogue()
    boss = world["people"]["chef.lulea@demo.se"]
    services.step_set(world["person"], steps["erfaren"], boss)
    client = client_for(boss)
    url = reverse("enrollment:move_up", args=[world["person"].pk, journey.pk])
    assert (
        url not in client.get(reverse("enrollment:staff_detail", args=[world["person"].pk])).content.decode()
    )
    page = client.get(url).content.decode()
    assert "är redan på sista steget (Erfaren)" in page and '<form method="post" class' not in page
    response = client.post(url, {"from_step": steps["erfaren"].pk}, follow=True)
    assert "är redan på sista steget." in response.content.decode()


def test_staff_page_counts_each_booking_once(client_for, world):
    response = client_for(world["people"]["chef.lulea@demo.se"]).get(reverse("enrollment:staff"))
    row = next(p for p in response.context["page"] if p.pk == world["person"].pk)
    assert (row.booked, row.waiting, row.completed) == (1, 0, 1)


def test_journey_page_shows_progress_and_open_occasions(client_for, world, django_assert_max_num_queries):
    from courses.models import Course

    journey, steps, _course = catalogue()
    van_course = Course.objects.create(
        step=steps["van"],
        name="Barnavårdsutredning fördjupning",
        slug="fordjupning",
        status=Course.Status.PUBLISHED,
    )
    open_van = make_occasion(course=van_course)
    services.step_set(world["person"], steps["ny"], world["people"]["chef.lulea@demo.se"])
    client = client_for(world["person"])
    with django_assert_max_num_queries(25):
        response = client.get(reverse("enrollment:mine"))
    (item,) = response.context["journeys"]
    states = {c["course"].slug: c["state"] for s in item["steps"] for c in s["courses"]}
    assert states == {
        "handlaggning-med-barnet-i-centrum": S.COMPLETED,
        "samtal-med-barn": S.APPROVED,
        "fordjupning": "available",
    }
    assert item["placement"].step == steps["ny"]
    assert reverse("enrollment:signup", args=[open_van.pk]) in response.content.decode()


def test_cancel_page_warns_after_the_deadline(client_for, world):
    occasion = world["occasion"]
    occasion.cancellation_deadline = occasion.signup_opens
    occasion.save()
    page = client_for(world["person"]).get(reverse("enrollment:cancel", args=[world["enrollment"].pk]))
    assert "sen avbokning" in page.content.decode()
    response = client_for(world["person"]).post(
        reverse("enrollment:cancel", args=[world["enrollment"].pk]), {}, follow=True
    )
    assert "Anmälan är avbokad. Den är registrerad som sen avbokning." in response.content.decode()


def test_an_already_cancelled_booking_shows_its_state_and_no_cancel_button(client_for, world):
    client = client_for(world["person"])
    url = reverse("enrollment:cancel", args=[world["enrollment"].pk])
    response = client.post(url, {}, follow=True)
    assert "Anmälan är avbokad." in response.content.decode()
    assert "(avbokad)" not in response.content.decode()
    events = world["enrollment"].events.count()
    page = client.get(url).content.decode()
    assert "Anmälan är redan avbokad." in page
    assert "Ja, avboka" not in page and "<form" not in page.split("<main", 1)[-1]
    # A second POST (another tab, a reload) changes nothing and says so calmly.
    again = client.post(url, {"reason": "igen"}, follow=True)
    assert again.status_code == 200 and "Anmälan är redan avbokad." in again.content.decode()
    enrollment = Enrollment.objects.get(pk=world["enrollment"].pk)
    assert enrollment.status == S.CANCELLED and enrollment.events.count() == events


def test_a_completed_booking_cannot_be_cancelled_from_its_page(client_for, world):
    client = client_for(world["person"])
    url = reverse("enrollment:cancel", args=[world["completed"].pk])
    page = client.get(url).content.decode()
    assert "Anmälan har status genomförd och kan inte avbokas." in page and "Ja, avboka" not in page
    response = client.post(url, {}, follow=True)
    assert "kan inte avbokas" in response.content.decode()
    assert Enrollment.objects.get(pk=world["completed"].pk).status == S.COMPLETED


def test_attendance_with_nobody_present_marks_everyone_absent(client_for, world):
    occasion = world["occasion"]
    shift_days(occasion, 0)
    day = occasion.days.order_by("date").first()
    response = client_for(world["people"]["kursledare@demo.se"]).post(
        reverse("enrollment:attendance", args=[occasion.pk, day.pk]), {}
    )
    assert response.status_code == 302
    assert list(Attendance.objects.filter(day=day).values_list("present", flat=True)) == [False]


def test_the_municipality_page_shows_its_course_activity(client_for, world):
    page = (
        client_for(world["people"]["chef.lulea@demo.se"])
        .get(reverse("municipalities:detail", args=["2580"]))
        .content.decode()
    )
    assert "Kursaktivitet" in page
    import re

    cells = dict(re.findall(r'<th scope="row">([^<]+)</th><td class="text-end">(\d+)</td>', page))
    # world: Sara is booked on one occasion and completed another; count those whose days fall this year.
    year = timezone.localdate().year
    in_year = lambda key: int(world[key].occasion.days.filter(date__year=year).exists())  # noqa: E731
    assert int(cells["Bokade eller väntar på godkännande"]) == in_year("enrollment")
    assert int(cells["Genomförda kurser"]) == in_year("completed")
    assert int(cells["Deltagare"]) == int(in_year("enrollment") or in_year("completed"))


def test_the_participant_export_knows_only_csv_and_xlsx(client_for, world):
    client = client_for(world["people"]["kursledare@demo.se"])
    assert client.get(reverse("enrollment:export", args=[world["occasion"].pk, "foo"])).status_code == 404


def test_the_course_leaders_occasions_come_soonest_first_with_past_ones_last(client_for, world):
    leader = world["people"]["kursledare@demo.se"]
    later = make_occasion(capacity=5, leaders=[leader], first_day_in=90)
    soon = make_occasion(capacity=5, leaders=[leader], first_day_in=3, closes_in=1, deadline_in=1)
    # Far-future occasions close their sign-up late; the old order (latest deadline first) put them on top.
    response = client_for(leader).get(reverse("enrollment:occasions"))
    order = [o.pk for o in response.context["page"]]
    assert order == [soon.pk, world["occasion"].pk, later.pk, world["completed"].occasion_id]
    page = response.content.decode()
    assert page.index("Kommande kurstillfällen") < page.index("Tidigare kurstillfällen")
    # The link names the course dates, not the sign-up deadline.
    days = [day.date for day in soon.days.order_by("date")]
    dates = f"{formats.date_format(days[0], 'DATE_FORMAT')} – {formats.date_format(days[-1], 'DATE_FORMAT')}"
    assert f"Deltagare i {soon.course.name} ({dates})" in page
    assert formats.date_format(soon.signup_closes, "SHORT_DATE_FORMAT") not in page


def test_the_nominate_list_names_course_dates_place_and_free_places(
    client_for, world, make_person, municipality
):
    occasion = world["occasion"]  # open for sign-up, two days in Luleå, 1 of 5 places taken
    online = make_occasion(course=other_course())
    online.days.update(venue="", town="", online_url="https://meet.example/x")
    days = sorted(day.date for day in occasion.days.all())
    # Someone not booked yet (the list leaves out courses a person is booked on: tests/enrollment/test_pages.py).
    colleague = make_person(municipality=municipality("Luleå"), is_social_worker=True)
    page = (
        client_for(world["people"]["chef.lulea@demo.se"])
        .get(reverse("enrollment:staff_detail", args=[colleague.pk]))
        .content.decode()
    )
    when = ", ".join(formats.date_format(d, "SHORT_MONTH_DAY_FORMAT") for d in days)
    assert f"Samtal med barn – {when} {days[0].year}, Luleå – 4 lediga platser</option>" in page
    assert f"{days[0].year}, digitalt – 3 lediga platser</option>" in page
    # A cancelled day is left out; a course over New Year shows both years.
    CourseDay.objects.filter(pk=occasion.days.order_by("date").last().pk).update(is_cancelled=True)
    assert (
        occasion.dates_and_place() == f"{formats.date_format(days[0], 'SHORT_MONTH_DAY_FORMAT')} "
        f"{days[0].year}, Luleå"
    )
    online.days.update(date=datetime.date(2026, 12, 30))
    online.days.filter(pk=online.days.last().pk).update(date=datetime.date(2027, 1, 8))
    assert online.dates_and_place() == "30 dec 2026, 8 jan 2027, digitalt"


def test_the_sign_in_sheet_and_the_participant_list_say_when_and_where(client_for, world):
    from pypdf import PdfReader

    occasion = world["occasion"]
    client = client_for(world["people"]["kursledare@demo.se"])
    days = sorted(day.date for day in occasion.days.all())
    when = occasion.dates_and_place()
    assert str(days[0].year) in when and when.endswith("Luleå")
    page = client.get(reverse("enrollment:participants", args=[occasion.pk])).content.decode()
    heading = page.split("<h1>", 1)[1].split("</h1>", 1)[0]
    assert "Deltagare i Samtal med barn" in heading and when in heading
    response = client.get(reverse("enrollment:signin_sheet", args=[occasion.pk]))
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages).split())
    assert "Närvarolista: Samtal med barn" in text and when in text
    assert formats.date_format(days[0], "WEEKDAY_DATE_FORMAT") in text and "Kulturens hus" in text


@pytest.mark.parametrize("capacity, text", [(1, "1 av 1 plats tagen"), (5, "1 av 5 platser tagna")])
def test_participant_list_counts_places_in_singular_and_plural(client_for, demo_people, capacity, text):
    leader = demo_people["kursledare@demo.se"]
    occasion = make_occasion(capacity=capacity, leaders=[leader])
    services.enrollment_nominate(
        occasion, demo_people["socsek.lulea@demo.se"], demo_people["chef.lulea@demo.se"]
    )
    page = client_for(leader).get(reverse("enrollment:participants", args=[occasion.pk])).content.decode()
    assert text in page


# --- pages after catalogue changes, attendance and refused sign-ups -------------------------------


def test_raising_capacity_through_the_edit_page_promotes_at_once(people, client_for):
    occasion = make_occasion(capacity=1)
    services.enrollment_nominate(occasion, people["extra"][0], people["boss"])
    waiting = services.enrollment_nominate(occasion, people["extra"][1], people["boss"])
    days = list(occasion.days.order_by("date"))
    data = {
        "course": occasion.course_id,
        "region": occasion.region_id,
        "capacity": 2,
        "min_participants": 0,
        "signup_opens": occasion.signup_opens,
        "signup_closes": occasion.signup_closes,
        "cancellation_deadline": occasion.cancellation_deadline,
        "status": occasion.status,
        "days-TOTAL_FORMS": len(days),
        "days-INITIAL_FORMS": len(days),
        "days-MIN_NUM_FORMS": 0,
        "days-MAX_NUM_FORMS": 1000,
    }
    for i, day in enumerate(days):
        data.update(
            {
                f"days-{i}-id": day.pk,
                f"days-{i}-date": day.date,
                f"days-{i}-start_time": "09:00",
                f"days-{i}-end_time": "16:00",
                f"days-{i}-mode": "on_site",
                f"days-{i}-venue": day.venue,
                f"days-{i}-town": day.town,
            }
        )
    response = client_for(people["pl"]).post(reverse("courses:occasion_edit", args=[occasion.pk]), data)
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == S.APPROVED and not waiting_list(occasion).exists()


def test_journey_page_offers_no_cancel_or_calendar_for_a_cancelled_occasion(people, client_for):
    occasion = make_occasion()
    enrollment = services.enrollment_nominate(occasion, people["sw"], people["boss"])
    save_from_catalogue(occasion, status=CourseOccasion.Status.CANCELLED)
    page = client_for(people["sw"]).get(reverse("enrollment:mine")).content.decode()
    assert "Kurstillfället inställt" in page
    assert reverse("enrollment:cancel", args=[enrollment.pk]) not in page
    assert reverse("enrollment:ics", args=[enrollment.pk]) not in page


def test_attendance_form_starts_unticked_when_nothing_is_recorded(people, client_for):
    occasion = make_occasion(first_day_in=5, days=1, leaders=[people["leader"]])
    enrollment = services.enrollment_nominate(occasion, people["sw"], people["boss"])
    shift_days(occasion, 0)
    day = occasion.days.get()
    url = reverse("enrollment:attendance", args=[occasion.pk, day.pk])
    client = client_for(people["leader"])
    form = client.get(url).context["form"]
    assert form["present"].value() == []
    services.attendance_record(day, [enrollment.pk], people["leader"])
    assert client.get(url).context["form"]["present"].value() == [enrollment.pk]


def test_sign_up_page_says_why_instead_of_a_form_that_would_be_refused(people, client_for):
    client = client_for(people["sw"])
    cases = [
        (make_occasion(status=CourseOccasion.Status.CANCELLED), "Kurstillfället är inställt."),
        (make_occasion(closes_in=-1, opens_in=-10), "Sista anmälningsdag har passerat."),
    ]
    booked = make_occasion(course=other_course())
    services.enrollment_request(booked, people["sw"], people["boss"])
    cases.append((make_occasion(course=other_course()), "redan anmäld till ett annat tillfälle"))
    for occasion, reason in cases:
        response = client.get(reverse("enrollment:signup", args=[occasion.pk]))
        page = response.content.decode()
        assert response.status_code == 200 and reason in page and "Skicka anmälan" not in page
        assert str(services.signup_refusal(occasion, people["sw"])) in page
    open_page = client.get(reverse("enrollment:signup", args=[make_occasion().pk])).content.decode()
    assert "Skicka anmälan" in open_page


def test_rejecting_without_a_reason_keeps_the_ticked_rows(people, client_for):
    occasion = make_occasion()
    first = services.enrollment_request(occasion, people["extra"][0], people["boss"])
    second = services.enrollment_request(occasion, people["extra"][1], people["boss"])
    response = client_for(people["boss"]).post(
        reverse("enrollment:queue"), {"enrollments": [first.pk], "action": "reject", "reason": " "}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "Skriv en motivering" in page
    assert f'value="{first.pk}" id="e{first.pk}" checked' in page
    assert f'value="{second.pk}" id="e{second.pk}">' in page
    first.refresh_from_db()
    assert first.status == S.PENDING
