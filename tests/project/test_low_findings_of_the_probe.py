"""The "low" findings of the second trust probe, each reproduced: self-approval, the nominate list,
two former 500s, years outside the portal's range, and the session-held messages."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from enrollment import services
from enrollment.models import Enrollment
from tests.enrollment_helpers import make_occasion, other_course

pytestmark = pytest.mark.django_db


def test_a_manager_who_is_also_a_participant_cannot_approve_their_own_request(demo_people, make_person):
    boss = demo_people["chef.lulea@demo.se"]
    colleague = make_person(municipality=boss.municipality, is_manager=True)
    occasion = make_occasion(capacity=5)
    # The manager signs up and names a colleague as their manager …
    request = services.enrollment_request(occasion, boss, colleague)
    with pytest.raises(services.EnrollmentError) as refused:
        services.enrollment_approve(request, boss)
    assert refused.value.code == "own" and "din egen anmälan" in str(refused.value)
    assert Enrollment.objects.get(pk=request.pk).status == Enrollment.Status.PENDING
    # … the colleague (or the project leader) approves it.
    services.enrollment_approve(request, colleague)
    # Nominating oneself would be approving one's own booking too.
    with pytest.raises(services.EnrollmentError, match="din egen anmälan"):
        services.enrollment_nominate(make_occasion(capacity=5, course=other_course()), boss, boss)


def test_the_nominate_list_leaves_out_other_regions_occasions_not_open_to_the_manager(
    client_for, demo_people
):
    from municipalities.models import Region

    other_region = Region.objects.create(name="Västerbotten", slug="vasterbotten")
    ours = make_occasion(capacity=5)
    closed = make_occasion(capacity=5, course=other_course())
    closed.region = other_region
    closed.save()
    page = client_for(demo_people["chef.lulea@demo.se"]).get(
        reverse("enrollment:staff_detail", args=[demo_people["socsek.lulea@demo.se"].pk])
    )
    choices = {o.pk for o in page.context["nominate_form"].fields["occasion"].queryset}
    assert ours.pk in choices and closed.pk not in choices
    closed.open_to_other_regions = True
    closed.save()
    page = client_for(demo_people["chef.lulea@demo.se"]).get(
        reverse("enrollment:staff_detail", args=[demo_people["socsek.lulea@demo.se"].pk])
    )
    assert closed.pk in {o.pk for o in page.context["nominate_form"].fields["occasion"].queryset}


def test_a_duplicate_step_order_or_slug_is_a_message_not_a_500(client_for, demo_people):
    from courses.models import Journey, Step

    journey = Journey.objects.create(name="Barn och unga", slug="bu")
    Step.objects.create(journey=journey, name="Ny", slug="ny", order=1, years_from=0, years_to=2)
    client = client_for(demo_people["projektledare@demo.se"])
    url = reverse("courses:step_create", args=[journey.pk])
    data = {"name": "Van", "slug": "ny", "order": 1, "years_from": 2, "years_to": 5}
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Det finns redan ett steg med den ordningen i yrkesresan." in page
    assert "Det finns redan ett steg med det kortnamnet i yrkesresan." in page
    assert Step.objects.filter(journey=journey).count() == 1


def _population_upload(text):
    return SimpleUploadedFile("folkmangd.csv", text.encode(), content_type="text/csv")


def test_a_population_too_large_for_the_database_is_a_message_on_its_line(client_for, demo_people):
    from municipalities.models import PopulationFigure

    client = client_for(demo_people["projektledare@demo.se"])
    text = "kommunkod;folkmängd;datum\n2580;2147483648;2026-06-30\n"
    page = client.post(reverse("municipalities:population_import"), {"file": _population_upload(text)})
    assert page.status_code == 200 and "Rad 2: Folkmängden 2147483648 är större än" in page.content.decode()
    assert 'name="token"' not in page.content.decode()
    # A preview token signed for such a row (as an old preview would be) is refused at confirm, not a 500.
    from municipalities import services as municipality_services

    token = municipality_services.population_import_sign([("2580", 2**31, "2026-06-30")])
    confirmed = client.post(reverse("municipalities:population_import"), {"token": token}, follow=True)
    assert confirmed.status_code == 200
    assert not PopulationFigure.objects.filter(population__gte=2**31).exists()


@pytest.mark.parametrize("date", ["1999-12-31", "2100-01-01", "0001-01-01"])
def test_population_dates_outside_2000_to_2099_are_refused(client_for, demo_people, date):
    client = client_for(demo_people["projektledare@demo.se"])
    text = f"kommunkod;folkmängd;datum\n2580;80000;{date}\n"
    page = client.post(reverse("municipalities:population_import"), {"file": _population_upload(text)})
    assert f"Rad 2: Datumet {date} ligger inte mellan år 2000 och 2099." in page.content.decode()


@pytest.mark.parametrize("year", [0, 1999, 2100])
def test_a_survey_round_needs_a_year_within_the_portals_range(norrbotten, year):
    import datetime

    from django.core.exceptions import ValidationError

    from followup import services as followup_services
    from followup.forms import RoundForm
    from followup.models import SurveyTemplate

    form = RoundForm({"year": year, "opens_on": "2026-01-10", "closes_on": "2026-02-10"})
    assert not form.is_valid() and "year" in form.errors
    with pytest.raises(ValidationError):
        followup_services.round_create(
            SurveyTemplate.objects.get(kind="erfaren_yearly"),
            year,
            datetime.date(2026, 1, 10),
            datetime.date(2026, 2, 10),
        )
