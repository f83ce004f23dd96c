"""A certificate anyone can verify without logging in (issue #19): name, course and date, nothing else."""

import io

import pytest
from django.urls import reverse
from django.utils import formats
from pypdf import PdfReader

from accounts.services import person_anonymise
from enrollment import services
from enrollment.certificates import certificate_code, verified_certificate
from enrollment.models import Enrollment
from tests.enrollment_helpers import make_occasion, shift_days

pytestmark = pytest.mark.django_db


@pytest.fixture
def completed(people):
    occasion = make_occasion(leaders=[people["leader"]])
    enrollment = services.enrollment_nominate(occasion, people["sw"], people["boss"])
    shift_days(occasion, -5)
    for day in occasion.days.all():
        services.attendance_record(day, [enrollment.pk], people["leader"])
    services.enrollment_complete(occasion, people["leader"])
    return Enrollment.objects.get(pk=enrollment.pk)


def test_the_certificate_prints_a_code_and_an_address_anyone_can_check(client, client_for, completed):
    code = certificate_code(completed)
    pdf = client_for(completed.person).get(reverse("enrollment:certificate", args=[completed.pk])).content
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    check_url = reverse("enrollment:certificate_check", args=[code])
    assert f"Kontrollkod: {code}" in text and check_url in text.replace(" ", "")
    client.logout()
    page = client.get(check_url)
    assert page.status_code == 200
    html = page.content.decode()
    last_day = completed.occasion.days.order_by("date").last().date
    assert "Intyget är äkta." in html and completed.person.get_full_name() in html
    assert (
        "Handläggning med barnet i centrum" in html and formats.date_format(last_day, "DATE_FORMAT") in html
    )
    # Only name, course and date: no e-mail, municipality or anything else about the person.
    assert completed.person.email not in html and "Luleå" not in html.split("<main", 1)[1]


@pytest.mark.parametrize(
    "mangle", [lambda c: c[:-1] + ("0" if c[-1] != "0" else "1"), lambda c: "1" + c, lambda c: "x"]
)
def test_a_wrong_code_is_not_verified(client, completed, mangle):
    code = mangle(certificate_code(completed))
    assert verified_certificate(code) is None
    response = client.get(reverse("enrollment:certificate_check", args=[code]))
    assert response.status_code == 404 and "Inget kursintyg har kontrollkoden" in response.content.decode()


def test_a_booking_not_completed_or_an_anonymised_person_is_not_verified(people, completed):
    occasion = make_occasion()
    booked = services.enrollment_nominate(occasion, people["extra"][0], people["boss"])
    assert verified_certificate(certificate_code(booked)) is None
    assert verified_certificate(certificate_code(completed))["name"] == completed.person.get_full_name()
    person_anonymise(completed.person, people["pl"])
    assert verified_certificate(certificate_code(completed)) is None
