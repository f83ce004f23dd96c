"""The Totara completions import: column mapping, all or nothing, line numbers, unknowns listed."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from introduction import selectors, totara
from introduction.models import DigitalCompletion, TotaraImport

from .helpers import catalogue_with_parts, hire

pytestmark = pytest.mark.django_db

CSV = (
    "Användarnamn;E-post;Kursens kortnamn;Slutförandedatum\n"
    "nora;ny.person@lulea.se;handlaggning;2026-02-03\n"
    "okand;okand@example.se;handlaggning;2026-02-04\n"
    "nora;ny.person@lulea.se;finns-inte;2026-02-05\n"
)


def upload(content, name="export.csv"):
    data = content.encode() if isinstance(content, str) else content
    return SimpleUploadedFile(name, data, content_type="text/csv")


@pytest.fixture
def setup(norrbotten, demo_people):
    cat = catalogue_with_parts()
    plan = hire(demo_people["chef.lulea@demo.se"], catalogue=cat, starts_on=datetime.date(2026, 1, 12))
    return cat, plan


def records(content, **mapping):
    columns, rows = totara.csv_read(upload(content))
    return totara.CsvSource(rows, **mapping).records()


def test_the_mapping_is_proposed_from_totaras_header():
    columns, _rows = totara.csv_read(upload(CSV))
    assert totara.guess_mapping(columns) == {"person": "0", "course": "2", "date": "3"}


def test_import_saves_known_rows_and_lists_unknown_people_and_courses(setup, demo_people):
    cat, plan = setup
    found, errors = records(CSV, person_column="1", course_column="2", date_column="3")
    assert errors == []
    batch = totara.completions_import(
        records=found, source_name="totara_csv", by=demo_people["projektledare@demo.se"]
    )
    assert batch.created == 1
    assert batch.unknown_people == [[3, "okand@example.se"]]
    assert batch.unknown_courses == [[4, "finns-inte"]]
    completion = DigitalCompletion.objects.get()
    assert (completion.person, completion.course, completion.completed_on) == (
        plan.person,
        cat["course"],
        datetime.date(2026, 2, 3),
    )
    # it counts toward part 1, as the journey says
    part1 = selectors.plan_progress(plan)[0]
    assert part1.completed_on == datetime.date(2026, 2, 3) and part1.status == "done"


def test_a_username_is_matched_by_the_part_before_the_at_sign(setup, demo_people):
    found, errors = records(
        "user,course,date\nny.person,handlaggning,2026-02-03\n",
        person_column="0",
        course_column="1",
        date_column="2",
    )
    matched, unknown_people, _unknown_courses = totara.match(found)
    assert [person.email for _record, person, _course in matched] == [
        "ny.person@lulea.se"
    ] and not unknown_people


def test_a_wrong_column_gives_line_numbers_and_stores_nothing(setup, client_for, demo_people):
    found, errors = records(CSV, person_column="1", course_column="3", date_column="2")
    assert [line for line, _reason in errors] == [2, 3, 4]
    assert "handlaggning" in errors[0][1]
    client = client_for(demo_people["projektledare@demo.se"])
    url = reverse("introduction:totara_import")
    response = client.post(url, {"file": upload(CSV)})
    token = response.context["mapping_form"].initial["token"]
    response = client.post(
        url, {"token": token, "person_column": "1", "course_column": "3", "date_column": "2", "confirm": "1"}
    )
    page = response.content.decode()
    assert "sparades inte" in page and "Rad 2" in page
    assert not DigitalCompletion.objects.exists() and not TotaraImport.objects.exists()


@pytest.mark.parametrize(
    "content,name",
    [
        (b"%PDF-1.4\x00\x01binary", "export.pdf"),
        (b"\xff\xfe\x00a", "export.csv"),
        ("bara en kolumn\nx\n", "a.csv"),
    ],
)
def test_a_file_that_is_not_csv_is_refused_with_a_message(setup, client_for, demo_people, content, name):
    client = client_for(demo_people["projektledare@demo.se"])
    response = client.post(reverse("introduction:totara_import"), {"file": upload(content, name)})
    page = response.content.decode()
    assert response.status_code == 200 and "sparades inte" in page
    assert re.search(r"CSV", page)
    assert not DigitalCompletion.objects.exists()


def test_the_whole_flow_in_the_view(setup, client_for, demo_people):
    client = client_for(demo_people["projektledare@demo.se"])
    url = reverse("introduction:totara_import")
    response = client.post(url, {"file": upload(CSV)})
    form = response.context["mapping_form"]
    mapping = {"token": form.initial["token"], "person_column": "1", "course_column": "2", "date_column": "3"}
    preview = client.post(url, mapping)
    assert preview.context["preview"]["matched_count"] == 1 and not DigitalCompletion.objects.exists()
    assert "okand@example.se" in preview.content.decode()
    done = client.post(url, {**mapping, "confirm": "1"}, follow=True)
    assert DigitalCompletion.objects.count() == 1
    assert "finns-inte" in done.content.decode()  # listed under the earlier imports


def test_a_tampered_token_stores_nothing(setup, client_for, demo_people):
    client = client_for(demo_people["projektledare@demo.se"])
    response = client.post(
        reverse("introduction:totara_import"),
        {"token": "x", "person_column": "1", "course_column": "2", "date_column": "3", "confirm": "1"},
        follow=True,
    )
    assert "Ladda upp filen igen" in response.content.decode()
    assert not TotaraImport.objects.exists()
