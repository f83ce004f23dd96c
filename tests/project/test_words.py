"""Words (issue #19): English pages without Swedish leftovers, and one Swedish word for each thing."""

import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from courses.models import CourseOccasion
from tests.enrollment_helpers import make_occasion

ROOT = Path(__file__).resolve().parent.parent.parent
# Every app (a folder with apps.py: a new app is checked without being listed) and the shared templates.
APPS = sorted(path.parent.name for path in ROOT.glob("*/apps.py")) + ["templates"]
# The word we use, and the variants that crept in next to it ("ladda ner" in a sentence too; "bjuda in"
# after "kan" is good Swedish, a heading "Bjuda in" is not).
ONE_WORD = {
    "Ladda ned": r"(?i:ladda ner)",
    "Bjud in": r"Bjuda in",
    "Datum för folkmängden": r"\"Folkmängd per\"",
}


def test_one_swedish_word_for_each_thing_in_every_template_and_module():
    assert {"introduction", "enrollment", "core"} <= set(APPS)
    found = []
    for app in APPS:
        for path in (ROOT / app).rglob("*"):
            if path.suffix not in (".py", ".html", ".txt") or "migrations" in path.parts:
                continue
            text = path.read_text(encoding="utf-8")
            for variant in ONE_WORD.values():
                if re.search(variant, text):
                    found.append(f"{path.relative_to(ROOT)}: {variant}")
    assert found == []


@pytest.mark.django_db
def test_an_occasion_in_english_says_and_not_och(norrbotten):
    occasion = make_occasion()
    second = occasion.days.order_by("date").last()
    second.venue, second.town, second.online_url = "", "", "https://mote.example.se/x"
    second.save()
    with translation.override("en"):
        assert occasion.dates_and_place().endswith("Luleå and online")
    assert occasion.dates_and_place().endswith("Luleå och digitalt")


@pytest.mark.django_db
def test_attendance_heading_separates_course_and_date(people, client_for):
    occasion = make_occasion(leaders=[people["leader"]], first_day_in=0)
    day = occasion.days.order_by("date").first()
    page = client_for(people["leader"]).get(reverse("enrollment:attendance", args=[occasion.pk, day.pk]))
    assert "<h1>Närvaro: Handläggning med barnet i centrum, " in page.content.decode()


@pytest.mark.django_db
def test_a_completed_occasion_shows_its_status_not_as_free_places(people, client_for):
    occasion = make_occasion(status=CourseOccasion.Status.COMPLETED)
    html = client_for(people["sw"]).get(reverse("enrollment:signup", args=[occasion.pk])).content.decode()
    assert re.search(r"<dt[^>]*>Status</dt><dd[^>]*>Genomförd</dd>", html)
    assert not re.search(r"Lediga platser</dt><dd[^>]*>Genomförd", html)


@pytest.mark.django_db
def test_the_move_up_address_is_swedish_and_the_old_one_redirects(people, client_for):
    from tests.enrollment_helpers import catalogue

    journey = catalogue()[0]
    new = reverse("enrollment:move_up", args=[people["sw"].pk, journey.pk])
    assert "/flytta-upp/" in new
    old = f"/anmalan/personal/{people['sw'].pk}/levla-upp/{journey.pk}/"
    response = client_for(people["boss"]).get(old)
    assert response.status_code == 301 and response["Location"] == new


@pytest.mark.django_db
def test_english_pages_name_a_step_as_english_names_a_step(people, client_for):
    from django.conf import settings

    from tests.enrollment_helpers import catalogue

    _journey, _steps, course = catalogue()
    client = client_for(people["sw"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("courses:course", args=[course.slug])).content.decode()
    # The step's name is the programme's own; English puts it before "step", as with any name.
    assert "the Ny step" in html and "the step Ny" not in html
    with translation.override("en"):
        assert translation.gettext("Årlig enkät till Erfaren") == "Annual survey for the Erfaren step"
