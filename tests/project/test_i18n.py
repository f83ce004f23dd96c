"""The English version: pages follow the language button, and the English catalogue is complete."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.courses_helpers import build_catalogue, make_occasion

PO_FILE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO_FILE = PO_FILE.with_suffix(".mo")


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_the_language_button_switches_the_start_page_to_english(client, norrbotten):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = page(client, "/")
    assert '<html lang="en">' in html
    for english_text in (
        "Skip to content",
        "Yrkesresan in Norrbotten",
        "Log in",
        "Personal data",
        "Accessibility",
        "Create an account with your municipal e-mail address",
    ):
        assert english_text in html
    for swedish_text in (
        "Hoppa till innehållet",
        "Yrkesresan i Norrbotten",
        "Logga in",
        "Personuppgifter",
        "Skapa konto med din kommuns e-postadress",
    ):
        assert swedish_text not in html
    # The button now offers Swedish, named in Swedish.
    assert 'value="sv" lang="sv">Svenska</button>' in html


def test_swedish_is_unchanged_without_a_choice(client, norrbotten):
    html = page(client, "/")
    assert '<html lang="sv">' in html
    for swedish_text in (
        "Hoppa till innehållet",
        "Yrkesresan i Norrbotten",
        "Logga in",
        "Skapa konto med din kommuns e-postadress",
    ):
        assert swedish_text in html
    assert "Skip to content" not in html and 'lang="en">English</button>' in html


def test_the_catalogue_in_english_keeps_course_names_from_the_database(english, client_for, demo_people):
    catalogue = build_catalogue()
    make_occasion(catalogue["course"], demo_people["socsek.lulea@demo.se"].municipality.region)
    client_for(demo_people["socsek.lulea@demo.se"])
    html = page(english, reverse("courses:catalogue"))
    assert "Yrkesresan – the courses step by step" in html and "All upcoming course days" in html
    assert "Kurserna steg för steg" not in html and "Alla kommande kursdagar" not in html
    # Names typed into the portal are data, not interface text.
    assert "Handläggning med barnet i centrum" in html


def test_the_catalogue_in_swedish(client_for, demo_people):
    build_catalogue()
    client = client_for(demo_people["socsek.lulea@demo.se"])
    html = page(client, reverse("courses:catalogue"))
    assert "Alla kommande kursdagar" in html and "All upcoming course days" not in html


def test_a_social_workers_key_pages_in_english(english, client_for, demo_people):
    client_for(demo_people["socsek.lulea@demo.se"])
    start = page(english, "/")
    assert "Welcome, " in start and "My journey" in start and "Log out" in start
    assert "Min yrkesresa" not in start
    assert "Logga ut" not in start and "Välkommen, " not in start
    mine = page(english, reverse("enrollment:mine"))
    assert "My applications" in mine and "Mina anmälningar" not in mine


def test_the_municipality_list_in_english(english, client_for, demo_people):
    client_for(demo_people["projektledare@demo.se"])
    html = page(english, reverse("municipalities:list"))
    assert "Add municipality" in html and "Update population from file" in html
    assert "Lägg till kommun" not in html and "Uppdatera folkmängd från fil" not in html


def test_the_survey_link_page_in_english(english, norrbotten):
    html = english.get(reverse("followup:answer", args=["not-a-real-token"])).content.decode()
    assert "The survey link cannot be used" in html and "The link is not valid." in html
    assert "Enkätlänken kan inte användas" not in html and "Länken är inte giltig." not in html


def test_the_email_template_editor_in_english(english, client_for, demo_people):
    client_for(demo_people["projektledare@demo.se"])
    html = page(english, reverse("notification_template_edit", args=["enrollment", "approved"]))
    assert "Subject in Swedish" in html and "Text in English" in html
    assert "Ämne på svenska" not in html and "Text på engelska" not in html


# What makemessages gives xgettext for Python (Django's keywords and xgettext's own): a text marked
# through any other name, e.g. `gettext_lazy as _lazy`, is never extracted and stays Swedish in English.
EXTRACTED_NAMES = {
    "_",
    "gettext",
    "gettext_lazy",
    "gettext_noop",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "npgettext",
    "npgettext_lazy",
}


def test_translation_functions_are_imported_under_names_makemessages_extracts():
    base = Path(settings.BASE_DIR)
    pattern = re.compile(r"\b(n?p?gettext(?:_lazy|_noop)?) as (\w+)")
    wrong = [
        f"{path.relative_to(base)}: {function} as {alias}"
        for path in base.rglob("*.py")
        if not {".venv", "tests", "node_modules"} & set(path.relative_to(base).parts)
        for function, alias in pattern.findall(path.read_text(encoding="utf-8"))
        if alias not in EXTRACTED_NAMES
    ]
    assert not wrong, wrong


def test_swedish_override_of_a_library_text_is_kept(client, norrbotten):
    html = page(client, reverse("account_login"))
    assert "Har du inget konto än?" in html


def _entries(po_text):
    """Split a .po file into (flags, msgstr values) for each live (not obsolete, not header) entry."""
    for block in re.split(r"\n\s*\n", po_text):
        lines = [line for line in block.strip().splitlines() if not line.startswith("#~")]
        if not any(line.startswith("msgid ") for line in lines):
            continue
        flags = " ".join(line for line in lines if line.startswith("#,"))
        strings, current = {}, None
        for line in lines:
            match = re.match(r'(msgctxt|msgid(?:_plural)?|msgstr(?:\[\d+\])?) "(.*)"$', line)
            if match:
                current = match.group(1)
                strings[current] = match.group(2)
            elif line.startswith('"') and current:
                strings[current] += line[1:-1]
        if strings.get("msgid") == "":
            continue  # the header
        yield (
            strings["msgid"],
            flags,
            [value for key, value in strings.items() if key.startswith("msgstr")],
            strings.get("msgctxt"),
        )


def test_the_english_catalogue_has_no_untranslated_or_fuzzy_entries():
    entries = list(_entries(PO_FILE.read_text(encoding="utf-8")))
    assert len(entries) > 900
    fuzzy = [msgid for msgid, flags, _values, _context in entries if "fuzzy" in flags]
    empty = [msgid for msgid, _flags, values, _context in entries if not values or not all(values)]
    assert not fuzzy, f"fuzzy entries in {PO_FILE}: {fuzzy[:5]}"
    assert not empty, f"untranslated entries in {PO_FILE}: {empty[:5]}"


def _unescape(po_string):
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), po_string)


def test_the_compiled_catalogue_matches_the_po_file():
    """Django reads the .mo: it must be compiled from the current .po (`make messages`) and committed."""
    from django.utils import translation

    with translation.override("en"):
        stale = [
            msgid
            for msgid, _, values, context in _entries(PO_FILE.read_text(encoding="utf-8"))
            if len(values) == 1
            and _unescape(values[0])
            != (
                translation.pgettext(context, _unescape(msgid))
                if context
                else translation.gettext(_unescape(msgid))
            )
        ]
    assert not stale, f"{MO_FILE} is out of date for: {stale[:5]}"


def test_enrollment_emails_are_swedish_unless_english_is_asked_for(db):
    import datetime
    from types import SimpleNamespace

    from django.utils import translation

    from core.outbox import render as render_email

    occasion = SimpleNamespace(pk=1, cancellation_deadline=datetime.date(2026, 12, 1))
    context = {
        "person": SimpleNamespace(get_short_name=lambda: "Sara"),
        "course": "Samtal med barn",
        "occasion": occasion,
        "days": [],
        "site_url": "https://portal.example",
    }
    # Swedish even when English is active in the sending thread (the recipient chose nothing).
    with translation.override("en"):
        subject, body = render_email("enrollment/email/approved", context)
    assert subject == "Din plats är bekräftad: Samtal med barn"
    assert body.startswith("Hej Sara!\n\nDin anmälan till Samtal med barn är godkänd")
    subject, body = render_email("enrollment/email/approved", context, language="en")
    assert subject == "Your place is confirmed: Samtal med barn"
    assert body.startswith("Hello Sara,\n\nYour application for Samtal med barn has been approved")
    assert "Last day to cancel: 1 December 2026." in body and "Hej" not in body
