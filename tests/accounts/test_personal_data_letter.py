"""The personal-data export PDF reads as a letter to the person (issue #19): what we hold, why, since
when – not a key/value dump with ids and empty headings."""

import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from pypdf import PdfReader

pytestmark = pytest.mark.django_db


def letter(client_for, demo_people, person):
    response = client_for(demo_people["projektledare@demo.se"]).get(
        reverse("accounts:personal_data_pdf", args=[person.pk])
    )
    assert response.status_code == 200
    pages = PdfReader(io.BytesIO(response.content)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def test_the_export_is_a_letter_saying_what_why_and_since_when(client_for, demo_people):
    person = demo_people["socsek.lulea@demo.se"]
    text = letter(client_for, demo_people, person)
    assert f"Hej {person.get_short_name()}!" in text
    assert (
        "artikel 15 i dataskyddsförordningen" in text
        and "Norrbottens Kommuner är personuppgiftsansvarig" in text
    )
    # The day in Swedish time, as the letter writes it (near midnight UTC it is already the next day).
    since = date_format(timezone.localtime(person.date_joined), "DATE_FORMAT")
    assert f"Vi har haft uppgifter om dig sedan {since}" in text
    # Every section says why we hold it.
    assert "Varför: För att du ska kunna logga in" in text
    assert "Varför: För att planera kursdagarna" in text
    # A section with nothing in it says so in words instead of an empty heading.
    assert "Vi har inga sådana uppgifter om dig." in text
    assert "Med vänliga hälsningar" in text
    # No database ids.
    assert not re.search(r"\bid: \d", text)
    assert text.index("Hej") < text.index("Konto") < text.index("Med vänliga hälsningar")
