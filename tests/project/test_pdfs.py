"""Every PDF the portal hands out is tagged PDF/UA-1 (issue #21): marked, with a structure tree, the
reader's language, a title shown as the window title, bookmarks for a multi-page document's headings,
header cells in tables, and text that extracts in reading order."""

import io
import shutil
import subprocess

import pytest
from django.conf import settings
from django.urls import reverse
from pypdf import PdfReader

from core.pdf import render_pdf
from enrollment import services
from enrollment.models import Enrollment
from tests.conftest import require_service
from tests.enrollment_helpers import make_occasion, other_course, shift_days

pytestmark = pytest.mark.django_db


def struct_roles(reader):
    """Every structure element's role (/S), depth first."""
    roles, stack = [], [reader.trailer["/Root"]["/StructTreeRoot"]]
    while stack:
        node = stack.pop().get_object()
        if "/S" in node:
            roles.append(str(node["/S"]))
        kids = node.get("/K")
        if kids is None:
            continue
        for kid in kids if isinstance(kids, list) else [kids]:
            kid = kid.get_object() if hasattr(kid, "get_object") else kid
            if hasattr(kid, "get") and "/S" in kid:
                stack.append(kid)
    return roles


def bookmarks(outline):
    """The titles of every bookmark, nested ones included."""
    titles = []
    for item in outline:
        titles += bookmarks(item) if isinstance(item, list) else [item.title]
    return titles


def assert_accessible(content, *, lang, title, in_order=()):
    reader = PdfReader(io.BytesIO(content))
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] is True or root["/MarkInfo"]["/Marked"] == True  # noqa: E712
    assert "/StructTreeRoot" in root and "Document" in " ".join(struct_roles(reader))
    assert str(root["/Lang"]) == lang
    assert reader.metadata.title == title
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] is True or (
        root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712
    )
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    positions = [text.find(part) for part in in_order]
    assert all(p >= 0 for p in positions), (in_order, text[:500])
    assert positions == sorted(positions), (in_order, positions)
    return reader, text


def assert_pdfinfo_tagged(content, tmp_path):
    require_service(shutil.which("pdfinfo"), "pdfinfo (poppler-utils)")
    path = tmp_path / "doc.pdf"
    path.write_bytes(content)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert "Tagged:          yes" in info, info


@pytest.fixture
def completed(demo_people):
    leader, person, boss = (
        demo_people["kursledare@demo.se"],
        demo_people["socsek.lulea@demo.se"],
        demo_people["chef.lulea@demo.se"],
    )
    occasion = make_occasion(capacity=5, leaders=[leader], course=other_course())
    enrollment = services.enrollment_nominate(occasion, person, boss)
    shift_days(occasion, -5)
    for day in occasion.days.all():
        services.attendance_record(day, [enrollment.pk], leader)
    services.enrollment_complete(occasion, leader)
    return Enrollment.objects.get(pk=enrollment.pk)


@pytest.mark.parametrize(
    "language, lang, title", [("sv", "sv", "Kursintyg"), ("en", "en", "Course certificate")]
)
def test_certificate_is_tagged_in_the_readers_language(
    client_for, completed, tmp_path, language, lang, title
):
    client = client_for(completed.person)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(reverse("enrollment:certificate", args=[completed.pk]))
    assert response.status_code == 200
    name = completed.person.get_full_name()
    assert_accessible(response.content, lang=lang, title=title, in_order=[name, "Samtal med barn"])
    assert_pdfinfo_tagged(response.content, tmp_path)


def test_signin_sheet_is_tagged_with_header_cells(client_for, demo_people, tmp_path):
    leader = demo_people["kursledare@demo.se"]
    occasion = make_occasion(capacity=5, leaders=[leader])
    services.enrollment_nominate(
        occasion, demo_people["socsek.lulea@demo.se"], demo_people["chef.lulea@demo.se"]
    )
    response = client_for(leader).get(reverse("enrollment:signin_sheet", args=[occasion.pk]))
    reader, _ = assert_accessible(
        response.content,
        lang="sv",
        title="Närvarolista",
        in_order=["Närvarolista", "Namn", demo_people["socsek.lulea@demo.se"].get_full_name()],
    )
    roles = struct_roles(reader)
    assert "/Table" in roles and "/TH" in roles and "/TD" in roles
    assert_pdfinfo_tagged(response.content, tmp_path)


def test_personal_data_export_is_tagged_with_bookmarks(client_for, demo_people, completed, tmp_path):
    person = completed.person
    response = client_for(demo_people["projektledare@demo.se"]).get(
        reverse("accounts:personal_data_pdf", args=[person.pk])
    )
    reader, _ = assert_accessible(
        response.content, lang="sv", title="Personuppgifter", in_order=[person.get_full_name()]
    )
    assert "Personuppgifter i Yrkesresan Norrbotten" in bookmarks(reader.outline)
    assert_pdfinfo_tagged(response.content, tmp_path)


def test_yearly_report_is_tagged_with_bookmarks_and_chart_alternatives(norrbotten, tmp_path):
    from reports.pdf import render_report

    content = render_report(2025)
    reader, _ = assert_accessible(
        content,
        lang="sv",
        title="Yrkesresan – årsrapport 2025",
        in_order=["årsrapport 2025", "Sammanfattning"],
    )
    assert len(reader.pages) > 1
    assert {"Sammanfattning", "Del A: Projektmål", "Mål A"} <= set(bookmarks(reader.outline))
    roles = struct_roles(reader)
    assert "/TH" in roles and "/Figure" in roles
    assert_pdfinfo_tagged(content, tmp_path)


@pytest.mark.parametrize(
    "html, missing",
    [
        ("<!doctype html><html><head><title>T</title></head><body>x</body></html>", "språk"),
        ('<!doctype html><html lang="sv"><head><title> </title></head><body>x</body></html>', "titel"),
    ],
)
def test_a_document_without_language_or_title_is_refused(html, missing):
    with pytest.raises(ValueError, match=missing):
        render_pdf(html)
