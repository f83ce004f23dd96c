"""The enrollment pages a newcomer stumbled on (issue #19): the sign-in sheet, "Min väg" sign-up links
and the manager's nominate dropdown."""

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from enrollment import services
from tests.enrollment_helpers import catalogue, make_occasion, other_course

pytestmark = pytest.mark.django_db


def name_heights(content, names):
    """The y position of each name's text on the first page of a PDF."""
    found = {}

    def visit(text, cm, tm, font_dict, font_size):
        for name in names:
            if name in text and name not in found:
                found[name] = tm[5] * cm[3] + cm[5]

    PdfReader(io.BytesIO(content)).pages[0].extract_text(visitor_text=visit)
    return [found[name] for name in names]


def test_the_sign_in_sheet_has_rows_tall_enough_to_sign_and_no_column_for_a_digital_day(people, client_for):
    occasion = make_occasion(capacity=5, leaders=[people["leader"]], days=3)
    digital = occasion.days.order_by("date").last()
    digital.venue, digital.town, digital.online_url = "", "", "https://mote.example.se/x"
    digital.save()
    first, second = people["extra"][:2]
    for person in (first, second):
        services.enrollment_nominate(occasion, person, people["boss"])
    response = client_for(people["leader"]).get(reverse("enrollment:signin_sheet", args=[occasion.pk]))
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages).split())
    assert text.count("– namnteckning") == 2  # two days on site, none for the digital day
    assert "Digitala kursdagar har ingen namnteckning" in text
    top, below = name_heights(response.content, [str(first), str(second)])
    assert abs(top - below) >= 1.3 / 2.54 * 72  # at least 1.3 cm between rows: room for a handwritten name


def test_min_vag_sign_up_links_say_when_and_where(people, client_for):
    early, late = make_occasion(closes_in=5), make_occasion(closes_in=10, first_day_in=40)
    late_day = late.days.order_by("date").first()
    late_day.town = "Kiruna"
    late_day.save()
    page = client_for(people["sw"]).get(reverse("enrollment:mine")).content.decode()
    for occasion in (early, late):
        assert f"Anmäl dig till Handläggning med barnet i centrum, {occasion.dates_and_place()}" in page
    assert "Kiruna" in late.dates_and_place()


def test_the_nominate_dropdown_shows_free_places_and_leaves_out_what_cannot_be_booked(people, client_for):
    booked = make_occasion(capacity=3)
    other_of_booked = make_occasion(capacity=3, first_day_in=50)
    full = make_occasion(capacity=1, course=other_course())
    services.enrollment_nominate(booked, people["sw"], people["boss"])
    services.enrollment_nominate(full, people["extra"][0], people["boss"])
    page = client_for(people["boss"]).get(reverse("enrollment:staff_detail", args=[people["sw"].pk]))
    options = page.context["nominate_form"].fields["occasion"]
    labels = {occasion.pk: options.label_from_instance(occasion) for occasion in options.queryset}
    assert booked.pk not in labels and other_of_booked.pk not in labels  # one booking per course
    assert labels[full.pk].endswith("– fullbokat, reservlista")
    free = make_occasion(capacity=3, course=other_course(), first_day_in=60)
    page = client_for(people["boss"]).get(reverse("enrollment:staff_detail", args=[people["sw"].pk]))
    html = page.content.decode()
    assert f"Samtal med barn – {free.dates_and_place()} – 3 lediga platser" in html
    # A posted choice the page no longer offers still gets the service's exact reason.
    response = client_for(people["boss"]).post(
        reverse("enrollment:nominate", args=[people["sw"].pk]), {"occasion": booked.pk}, follow=True
    )
    assert "redan anmäld till kurstillfället" in response.content.decode()


def test_the_approval_queue_and_the_staff_list_show_each_persons_current_step(people, client_for):
    journey, steps, _course = catalogue()
    sw, other = people["sw"], people["extra"][0]
    services.step_set(sw, steps["erfaren"], people["boss"])
    for person in (sw, other):
        services.enrollment_request(make_occasion(), person, people["boss"])
    client = client_for(people["boss"])
    queue = client.get(reverse("enrollment:queue")).content.decode()
    staff = client.get(reverse("enrollment:staff")).content.decode()
    for html in (queue, staff):
        assert re.search(r'<th scope="col">Nuvarande steg</th>', html)
        # The step cell follows the name (and, in the staff list, the municipality).
        assert re.search(rf"{sw}</(label|a)></td>\s*(<td>[^<]*</td>)?\s*<td>Erfaren</td>", html)
        assert re.search(rf"{other}</(label|a)></td>\s*(<td>[^<]*</td>)?\s*<td>–</td>", html)
