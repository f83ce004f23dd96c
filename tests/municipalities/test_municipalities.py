"""Municipalities, agreements, the cost split, the population import and agreement reminders."""

import csv
import datetime
import io
import re
from decimal import Decimal
from fractions import Fraction

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from core.exports import safe_cell
from core.models import SentEmail
from municipalities import selectors, services
from municipalities.costs import compute_cost_split, split_by_largest_remainder
from municipalities.demo import demo_pdf
from municipalities.models import Agreement, Contact, CostSplit, Municipality, PopulationFigure, Region

PDF = demo_pdf("Overenskommelse")


@pytest.fixture
def lulea_agreement(norrbotten):
    return Agreement.objects.create(
        municipality=Municipality.objects.get(code="2580"),
        status=Agreement.Status.SENT,
        sent_on=datetime.date(2026, 9, 1),
    )


@pytest.fixture
def split_2026(norrbotten):
    return CostSplit.objects.create(
        region=norrbotten,
        year=2026,
        regional_budget=Decimal("1000000.00"),
        base_per_municipality=Decimal("10000.00"),
    )


# The cost split ---------------------------------------------------------------------------------

populations = st.lists(st.integers(min_value=0, max_value=10_000_000), min_size=1, max_size=20)


@hypothesis_settings(max_examples=300, deadline=None)
@given(
    budget_ore=st.integers(min_value=0, max_value=10**11),
    base_ore=st.integers(min_value=0, max_value=10**7),
    pops=populations,
    fee_ore=st.integers(min_value=0, max_value=1000),
)
def test_regional_amounts_sum_exactly_to_the_budget_for_any_populations(budget_ore, base_ore, pops, fee_ore):
    base_ore = min(base_ore, budget_ore // len(pops))
    budget, base = Decimal(budget_ore) / 100, Decimal(base_ore) / 100
    entries = [(f"{2500 + i}", f"Kommun {i}", pop, None) for i, pop in enumerate(pops)]
    rows = compute_cost_split(budget, base, Decimal(fee_ore) / 100, entries)
    assert sum(row.regional for row in rows) == budget
    rest, total_population = budget_ore - base_ore * len(pops), sum(pops)
    for row, pop in zip(rows, pops, strict=False):
        exact = Fraction(rest * pop, total_population) if total_population else Fraction(rest, len(pops))
        share_ore = int(row.regional * 100) - base_ore
        # Largest remainder: nobody is more than one öre away from their exact share.
        assert exact - 1 < share_ore < exact + 1
        assert row.regional == row.regional.quantize(Decimal("0.01"))


def test_three_equal_municipalities_split_one_hundred_kronor_with_the_extra_ore_to_the_first():
    rows = compute_cost_split(
        Decimal("100.00"),
        Decimal("0"),
        Decimal("2.28"),
        [("2580", "Luleå", 10, None), ("2581", "Piteå", 10, None), ("2582", "Boden", 10, None)],
    )
    assert [row.regional for row in rows] == [Decimal("33.34"), Decimal("33.33"), Decimal("33.33")]
    assert [row.national for row in rows] == [Decimal("22.80")] * 3


def test_largest_remainder_gives_the_leftover_to_the_largest_fraction():
    # Exact quotas 1.4, 2.8, 5.8 → floors 1, 2, 5 and two units left for the .8s.
    assert split_by_largest_remainder(10, [14, 28, 58]) == [1, 3, 6]


def test_the_2026_split_for_norrbotten_sums_to_the_budget_and_uses_the_population_date(
    split_2026, demo_people
):
    headers, rows = selectors.cost_split_table(demo_people["projektledare@demo.se"], split_2026)
    assert len(rows) == 14 and headers[0] == "Kommunkod"
    assert sum(row[5] for row in rows) == Decimal("1000000.00")
    lulea = next(row for row in rows if row[1] == "Luleå")
    assert lulea[2] == 80321 and lulea[3] == datetime.date(2025, 12, 31)
    assert lulea[6] == Decimal("183131.88")  # 80 321 × 2,28 kr


def test_a_manager_sees_only_their_own_row_computed_as_in_the_full_table(split_2026, demo_people):
    full = selectors.cost_split_rows(demo_people["projektledare@demo.se"], split_2026)
    own = selectors.cost_split_rows(demo_people["chef.pitea@demo.se"], split_2026)
    assert [row.name for row in own] == ["Piteå"]
    assert own[0] == next(row for row in full if row.name == "Piteå")


def test_csv_and_xlsx_exports_have_the_same_rows(client_for, split_2026, demo_people):
    client = client_for(demo_people["styrgrupp@demo.se"])
    args = ["norrbotten", 2026]
    csv_response = client.get(reverse("municipalities:cost_split_csv", args=args))
    xlsx_response = client.get(reverse("municipalities:cost_split_xlsx", args=args))
    assert (
        csv_response["Content-Disposition"] == 'attachment; filename="kostnadsfordelning-norrbotten-2026.csv"'
    )
    csv_rows = list(csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig")), delimiter=";"))
    sheet = load_workbook(
        io.BytesIO(
            b"".join(xlsx_response.streaming_content if xlsx_response.streaming else [xlsx_response.content])
        )
    ).active
    xlsx_rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert len(csv_rows) == len(xlsx_rows) == 15
    assert csv_rows[0] == xlsx_rows[0]
    assert [r[1] for r in csv_rows[1:]] == [r[1] for r in xlsx_rows[1:]]
    # Swedish Excel reads "1234,56" as a number: a decimal comma, no thousands separator.
    assert csv_rows[0][4] == "Andel av folkmängden (%)"
    assert all(re.fullmatch(r"\d+,\d+", r[5]) for r in csv_rows[1:]) and "." not in "".join(csv_rows[1][4:])
    assert sum(Decimal(r[5].replace(",", ".")) for r in csv_rows[1:]) == Decimal("1000000.00")
    assert sum(Decimal(str(r[5])) for r in xlsx_rows[1:]) == Decimal("1000000.00")


def test_csv_writes_decimals_with_a_decimal_comma_and_xlsx_keeps_numbers():
    from core.exports import csv_response, xlsx_response

    rows = [["Luleå", 80500, Decimal("-1234.50"), 12.5, 1e-05, datetime.date(2026, 11, 28), "3.5"]]
    body = csv_response("x.csv", list("abcdefg"), rows).content.decode("utf-8-sig")
    assert body.splitlines()[1] == "Luleå;80500;-1234,50;12,5;0,00001;2026-11-28;3.5"  # text stays text
    sheet = load_workbook(io.BytesIO(xlsx_response("x.xlsx", list("abcdefg"), rows).content)).active
    assert [cell.value for cell in sheet[2]][1:5] == [80500, -1234.5, 12.5, 1e-05]


def test_export_cells_cannot_start_a_formula():
    assert safe_cell('=HYPERLINK("x")') == 'HYPERLINK("x")'
    assert safe_cell("+-@=cmd") == "cmd"
    assert safe_cell(-5) == -5 and safe_cell(Decimal("-1.50")) == Decimal("-1.50")


def test_cost_split_form_refuses_negative_budget_and_a_second_split_for_the_year(
    client_for, split_2026, demo_people
):
    client = client_for(demo_people["projektledare@demo.se"])
    data = {
        "region": split_2026.region.pk,
        "year": 2027,
        "regional_budget": "-1",
        "base_per_municipality": "0",
        "national_fee_per_inhabitant": "2,28",
    }
    response = client.post(reverse("municipalities:cost_split_create"), data)
    assert "Kontrollera att detta värde är större än eller lika med 0." in response.content.decode()
    response = client.post(
        reverse("municipalities:cost_split_create"), {**data, "regional_budget": "5", "year": 2026}
    )
    assert "Det finns redan en kostnadsfördelning för Norrbottens Kommuner 2026." in response.content.decode()
    response = client.post(
        reverse("municipalities:cost_split_create"),
        {**data, "regional_budget": "100", "base_per_municipality": "10"},
    )
    assert "är större än budgeten" in response.content.decode()
    assert CostSplit.objects.count() == 1
    response = client.post(
        reverse("municipalities:cost_split_create"),
        {**data, "regional_budget": "1 250 000,50".replace(" ", "")},
    )
    assert response.status_code == 302
    assert CostSplit.objects.get(year=2027).regional_budget == Decimal("1250000.50")


# Population import ------------------------------------------------------------------------------


def upload(text, name="folkmangd.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def test_population_file_with_one_bad_line_is_rejected_and_changes_nothing(client_for, demo_people):
    before = list(PopulationFigure.objects.values_list("municipality__code", "date", "population"))
    text = (
        "kommunkod;folkmängd;datum\n2580;80500;2026-06-30\n2581;-3;2026-06-30\n"
        "9999;100;2026-06-30\n2582;28000;30/6 2026\n"
    )
    client = client_for(demo_people["projektledare@demo.se"])
    response = client.post(reverse("municipalities:population_import"), {"file": upload(text)})
    page = response.content.decode()
    assert "Filen har 3 fel och sparades inte." in page
    assert "Rad 3: Folkmängden kan inte vara negativ." in page
    assert "Rad 4: Det finns ingen kommun med kommunkod 9999." in page
    assert "Rad 5: Datumet 30/6 2026 ska skrivas ÅÅÅÅ-MM-DD." in page
    assert 'name="token"' not in page
    assert list(PopulationFigure.objects.values_list("municipality__code", "date", "population")) == before


def test_population_file_is_previewed_then_saved_on_confirm(client_for, demo_people):
    client = client_for(demo_people["projektledare@demo.se"])
    text = "kommunkod,folkmängd,datum\n2580,80500,2026-06-30\n2581,43000,2026-06-30\n2582,28123,2025-12-31\n"
    preview = client.post(reverse("municipalities:population_import"), {"file": upload(text)})
    assert preview.status_code == 200 and "3 rader kommer att sparas" in preview.content.decode()
    assert [row[4] for row in preview.context["rows"]] == [None, None, 28652]  # Boden's figure is replaced
    assert not PopulationFigure.objects.filter(date="2026-06-30").exists()
    token = preview.context["token"]
    response = client.post(reverse("municipalities:population_import"), {"token": token}, follow=True)
    # Two new figures; Boden's one replaces the demo figure of the same date.
    assert "Folkmängden är sparad: 2 nya uppgifter, 1 uppdaterad." in response.content.decode()
    assert PopulationFigure.objects.get(municipality__code="2580", date="2026-06-30").population == 80500
    assert PopulationFigure.objects.get(municipality__code="2582", date="2025-12-31").population == 28123


def test_a_tampered_preview_token_saves_nothing(client_for, demo_people):
    client = client_for(demo_people["projektledare@demo.se"])
    token = services.population_import_sign([("2580", 1, "2026-06-30")])
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    response = client.post(reverse("municipalities:population_import"), {"token": forged}, follow=True)
    assert "Förhandsgranskningen kunde inte läsas. Ladda upp filen igen." in response.content.decode()
    assert not PopulationFigure.objects.filter(date="2026-06-30").exists()


def test_import_saves_all_rows_or_none(norrbotten, monkeypatch):
    calls = []
    original = PopulationFigure.objects.update_or_create

    def failing_second(**kwargs):
        calls.append(kwargs)
        if len(calls) == 2:
            raise RuntimeError("databasen föll bort")
        return original(**kwargs)

    monkeypatch.setattr(PopulationFigure.objects, "update_or_create", failing_second)
    with pytest.raises(RuntimeError):
        services.population_import([("2580", 1, "2026-06-30"), ("2581", 2, "2026-06-30")])
    assert not PopulationFigure.objects.filter(date="2026-06-30").exists()


# Municipalities and agreements ------------------------------------------------------------------


def test_kommunkod_must_be_four_digits_and_unused(client_for, demo_people, norrbotten):
    client = client_for(demo_people["projektledare@demo.se"])
    data = {
        "code": "25a",
        "name": "Testkommun",
        "region": norrbotten.pk,
        "joined_on": "",
        "kontakter-TOTAL_FORMS": "1",
        "kontakter-INITIAL_FORMS": "0",
        "kontakter-0-role": "ifo_chief",
        "kontakter-0-name": "Kim Test",
        "kontakter-0-email": "kim@test.se",
    }
    response = client.post(reverse("municipalities:create"), data)
    assert "Kommunkoden ska vara fyra siffror, till exempel 2580." in response.content.decode()
    response = client.post(reverse("municipalities:create"), {**data, "code": "2580"})
    assert "Det finns redan en kommun med den kommunkoden." in response.content.decode()
    assert Municipality.objects.count() == 14 and not Contact.objects.exists()
    response = client.post(reverse("municipalities:create"), {**data, "code": "2599"})
    assert response.status_code == 302
    assert Municipality.objects.get(code="2599").contacts.get().name == "Kim Test"


def agreement_data(**changes):
    data = {
        "kind": "regional",
        "status": "draft",
        "starts_on": "2021-01-01",
        "ends_on": "2027-12-31",
        "sent_on": "",
        "signed_on": "",
        "signatory": "",
        "notes": "",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"ends_on": "2020-12-31"}, "Slutdatum kan inte vara före startdatum."),
        (
            {"status": "signed", "signed_on": "2026-08-31", "signatory": "Ann Ek"},
            "Underskriftsdatumet kan inte vara före datumet då överenskommelsen skickades.",
        ),
        ({"sent_on": "2028-01-10"}, "Överenskommelsen kan inte skickas efter att den har slutat gälla."),
        (
            {"status": "signed", "signed_on": "2028-01-10", "signatory": "Ann Ek"},
            "Överenskommelsen kan inte undertecknas efter att den har slutat gälla.",
        ),
        (
            {"status": "signed", "signatory": "Ann Ek"},
            "Ange datum för underskriften när överenskommelsen är undertecknad.",
        ),
        (
            {"document": SimpleUploadedFile("avtal.pdf", b"MZ not a pdf at all")},
            "Filen är inte en giltig PDF-fil.",
        ),
        ({"document": SimpleUploadedFile("avtal.docx", PDF)}, "Dokumentet måste vara en PDF-fil."),
    ],
)
def test_bad_agreement_input_gives_a_swedish_message_and_saves_nothing(
    client_for, demo_people, lulea_agreement, changes, message
):
    client = client_for(demo_people["projektledare@demo.se"])
    response = client.post(
        reverse("municipalities:agreement_edit", args=[lulea_agreement.pk]),
        agreement_data(**{"status": "sent", "sent_on": "2026-09-01", **changes}),
    )
    assert response.status_code == 200 and message in response.content.decode()
    lulea_agreement.refresh_from_db()
    assert (
        lulea_agreement.status == "sent"
        and not lulea_agreement.document
        and lulea_agreement.ends_on.year == 2027
    )


@pytest.mark.parametrize(
    "field, message",
    [
        ("signed_on", "Underskriftsdatumet kan inte vara i framtiden."),
        ("sent_on", "Datumet då överenskommelsen skickades kan inte vara i framtiden."),
    ],
)
def test_an_agreement_cannot_be_sent_or_signed_in_the_future(
    client_for, demo_people, lulea_agreement, field, message
):
    """QA: a signing date next summer was accepted, and the dashboard then disagreed with the agreement page."""
    today = datetime.date.today()
    changes = {
        "ends_on": (today + datetime.timedelta(days=5 * 365)).isoformat(),
        "status": "sent",
        "sent_on": "2026-09-01",
        field: (today + datetime.timedelta(days=30)).isoformat(),
    }
    if field == "signed_on":
        changes.update(status="signed", signatory="Ann Ek")
    client = client_for(demo_people["projektledare@demo.se"])
    response = client.post(
        reverse("municipalities:agreement_edit", args=[lulea_agreement.pk]), agreement_data(**changes)
    )
    assert response.status_code == 200 and message in response.content.decode()
    lulea_agreement.refresh_from_db()
    assert lulea_agreement.status == "sent" and lulea_agreement.ends_on.year == 2027


def test_an_oversized_pdf_is_refused(client_for, demo_people, lulea_agreement, monkeypatch):
    monkeypatch.setattr("municipalities.models.AGREEMENT_DOCUMENT_MAX_BYTES", 100)
    client = client_for(demo_people["projektledare@demo.se"])
    response = client.post(
        reverse("municipalities:agreement_edit", args=[lulea_agreement.pk]),
        agreement_data(document=SimpleUploadedFile("avtal.pdf", PDF)),
    )
    assert "Filen är för stor" in response.content.decode()
    lulea_agreement.refresh_from_db()
    assert not lulea_agreement.document


def test_signing_with_a_pdf_is_kept_in_a_readable_history(client_for, demo_people, lulea_agreement):
    leader = demo_people["projektledare@demo.se"]
    client = client_for(leader)
    response = client.post(
        reverse("municipalities:agreement_edit", args=[lulea_agreement.pk]),
        agreement_data(
            status="signed",
            sent_on="2026-09-01",
            signed_on="2026-10-02",
            signatory="Catarina Wikström",
            document=SimpleUploadedFile("Luleå undertecknad.pdf", PDF),
        ),
    )
    assert response.status_code == 302
    lulea_agreement.refresh_from_db()
    assert lulea_agreement.status == "signed" and lulea_agreement.document.name.endswith(".pdf")
    assert "Luleå" not in lulea_agreement.document.name  # stored under a random name
    page = client.get(reverse("municipalities:agreement", args=[lulea_agreement.pk])).content.decode()
    assert str(leader) in page
    assert "Status</strong>: Skickad → Undertecknad" in page
    assert "Undertecknad av</strong>: – → Catarina Wikström" in page
    assert "Undertecknat dokument (PDF)</strong>: – → PDF uppladdad" in page
    assert "Ändrad" in page


def test_the_signed_pdf_is_downloaded_only_through_the_checked_view(client_for, demo_people, lulea_agreement):
    services_form_upload = SimpleUploadedFile("x.pdf", PDF)
    lulea_agreement.document.save("x.pdf", services_form_upload)
    url = reverse("municipalities:agreement_document", args=[lulea_agreement.pk])
    response = client_for(demo_people["chef.lulea@demo.se"]).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert client_for(demo_people["chef.pitea@demo.se"]).get(url).status_code == 404
    assert client_for(demo_people["socsek.lulea@demo.se"]).get(url).status_code == 403
    # Nothing serves the media folder directly.
    assert (
        client_for(demo_people["projektledare@demo.se"])
        .get("/media/" + lulea_agreement.document.name)
        .status_code
        == 404
    )


def test_the_list_shows_status_and_an_expiry_badge_within_few_queries(
    client_for, demo_people, django_assert_max_num_queries
):
    today = datetime.date.today()
    for municipality in Municipality.objects.all():
        Agreement.objects.create(municipality=municipality, status="signed", signed_on=today, signatory="X")
    Agreement.objects.filter(municipality__code="2584").update(ends_on=today + datetime.timedelta(days=30))
    client = client_for(demo_people["styrgrupp@demo.se"])
    with django_assert_max_num_queries(10):
        response = client.get(reverse("municipalities:list"))
    page = response.content.decode()
    assert page.count("Undertecknad") == 14
    assert page.count("Löper ut ") == 1


def test_the_municipality_page_lists_contacts_staff_and_trainers(client_for, demo_people, municipality):
    lulea = municipality("Luleå")
    Contact.objects.create(municipality=lulea, role="ifo_chief", name="Magnus Eriksson", email="m@lulea.se")
    page = client_for(demo_people["chef.lulea@demo.se"]).get(reverse("municipalities:detail", args=["2580"]))
    text = page.content.decode()
    assert "Magnus Eriksson" in text and "IFO-chef" in text
    assert "Sara Johansson" in text  # social worker in Luleå
    assert "Maria Berg" not in text  # Piteå's manager


# Reminders --------------------------------------------------------------------------------------


def test_reminder_task_sends_once_per_agreement_and_threshold_when_run_twice(demo_people, norrbotten):
    from municipalities.tasks import send_agreement_reminders

    today = datetime.date.today()
    Agreement.objects.create(
        municipality=Municipality.objects.get(code="2584"),
        status="signed",
        signed_on=today,
        signatory="X",
        ends_on=today + datetime.timedelta(days=60),
    )
    Agreement.objects.create(
        municipality=Municipality.objects.get(code="2580"),
        status="sent",
        sent_on=today - datetime.timedelta(days=31),
    )
    Agreement.objects.create(
        municipality=Municipality.objects.get(code="2581"),
        status="sent",
        sent_on=today - datetime.timedelta(days=5),
    )
    Agreement.objects.create(
        municipality=Municipality.objects.get(code="2582"),
        status="signed",
        signed_on=today,
        signatory="X",
        ends_on=today + datetime.timedelta(days=200),
    )
    send_agreement_reminders.delay()
    send_agreement_reminders.delay()
    subjects = sorted(message.subject for message in mail.outbox)
    assert subjects == [
        "Regional överenskommelse med Kiruna löper ut " + (today + datetime.timedelta(days=60)).isoformat(),
        "Regional överenskommelse med Luleå är ännu inte undertecknad",
    ]
    assert all(message.to == ["projektledare@demo.se"] for message in mail.outbox)
    assert SentEmail.objects.filter(key__startswith="agreement-reminder:").count() == 2


def test_the_beat_schedule_runs_the_reminder_task():
    from django.conf import settings

    assert (
        settings.CELERY_BEAT_SCHEDULE["agreement-reminders"]["task"]
        == "municipalities.tasks.send_agreement_reminders"
    )


# Demo data --------------------------------------------------------------------------------------


def test_demo_data_has_all_municipalities_with_mixed_agreements_and_is_idempotent(db):
    from django.core.management import call_command

    call_command("demo_data", stdout=io.StringIO())
    call_command("demo_data", stdout=io.StringIO())
    regional = Agreement.objects.filter(kind="regional")
    assert regional.count() == 14 and Contact.objects.count() == 42
    assert set(regional.values_list("status", flat=True)) == {"draft", "sent", "signed", "terminated"}
    assert regional.get(municipality__code="2580").status == "sent"
    assert regional.expiring_within(90, datetime.date.today()).count() == 1
    signed = regional.filter(status="signed").exclude(document="").first()
    assert signed.document.open("rb").read(5) == b"%PDF-"
    assert CostSplit.objects.get(year=2026, region=Region.objects.get(slug="norrbotten"))


def test_the_cost_split_page_shows_all_rows_within_few_queries(
    client_for, split_2026, demo_people, django_assert_max_num_queries
):
    client = client_for(demo_people["styrgrupp@demo.se"])
    with django_assert_max_num_queries(10):
        response = client.get(reverse("municipalities:cost_split", args=["norrbotten", 2026]))
    page = response.content.decode()
    assert page.count("<tr>") == 15 and "1\u00a0000\u00a0000,00" in page.replace(" ", "\u00a0")
    assert "största-restmetoden" in page


def test_the_styrgrupp_sees_counts_of_people_but_not_their_names(client_for, demo_people):
    page = client_for(demo_people["styrgrupp@demo.se"]).get(reverse("municipalities:detail", args=["2580"]))
    text = page.content.decode()
    assert "Sara Johansson" not in text and "2 medarbetare" in text


def test_a_higher_app_can_add_a_section_to_the_municipality_page(
    client_for, demo_people, monkeypatch, settings, tmp_path
):
    from municipalities import hooks

    (tmp_path / "section.html").write_text("<h2>Kursaktivitet</h2><p>{{ section.days }} kursdagar</p>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}]
    from core.sections import SectionRegistry

    monkeypatch.setattr(hooks, "_sections", SectionRegistry())
    hooks.register_section("section.html", lambda request, municipality: {"days": 7})
    hooks.register_section("section.html", lambda request, municipality: None, order=1)
    page = client_for(demo_people["projektledare@demo.se"]).get(
        reverse("municipalities:detail", args=["2580"])
    )
    assert page.content.decode().count("Kursaktivitet</h2><p>7 kursdagar") == 1


def test_the_sweep_marks_ended_agreements_as_expired_in_the_history(norrbotten):
    today = datetime.date.today()
    ended = Agreement.objects.create(
        municipality=Municipality.objects.get(code="2580"),
        status="signed",
        signed_on=datetime.date(2021, 2, 1),
        signatory="X",
        ends_on=today - datetime.timedelta(days=1),
    )
    draft = Agreement.objects.create(
        municipality=Municipality.objects.get(code="2581"), ends_on=today - datetime.timedelta(days=1)
    )
    assert services.agreements_expire() == 1 and services.agreements_expire() == 0
    ended.refresh_from_db()
    draft.refresh_from_db()
    assert ended.status == "expired" and draft.status == "draft"
    assert selectors.agreement_history(ended)[0]["changes"] == [("Status", "Undertecknad", "Utgången")]


def test_the_admin_checks_uploads_as_the_portal_does(admin_client, norrbotten):
    response = admin_client.post(
        reverse("admin:municipalities_agreement_add"),
        {
            "municipality": Municipality.objects.get(code="2580").pk,
            **agreement_data(),
            "document": SimpleUploadedFile("avtal.pdf", b"<html>inte en pdf</html>"),
        },
    )
    assert response.status_code == 200 and "Filen är inte en giltig PDF-fil." in response.content.decode()
    assert not Agreement.objects.exists()
