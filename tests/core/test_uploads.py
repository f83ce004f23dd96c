"""Uploads: the size limit holds while the file streams in, the request has a size limit, and a PDF
that only looks like one, or one with JavaScript or embedded files, is refused."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from pypdf import PdfWriter

from core.uploads import SizeLimitedUploadHandler, check_pdf_is_inert
from municipalities.demo import demo_pdf
from municipalities.models import validate_pdf


def _pdf(build):
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    build(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _refused(content, name="avtal.pdf"):
    with pytest.raises(ValidationError) as error:
        validate_pdf(SimpleUploadedFile(name, content, content_type="application/pdf"))
    return error.value.messages[0]


def test_a_plain_pdf_is_accepted():
    validate_pdf(SimpleUploadedFile("avtal.pdf", demo_pdf("Avtal")))
    check_pdf_is_inert(SimpleUploadedFile("tom.pdf", _pdf(lambda w: None)))


def _add_javascript(writer):
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert(1);")}
    )


def test_a_pdf_with_javascript_is_refused():
    assert "skript" in _refused(_pdf(_add_javascript))


def test_a_pdf_with_an_embedded_file_is_refused():
    assert "inbäddade filer" in _refused(_pdf(lambda w: w.add_attachment("virus.exe", b"MZ...")))


def test_a_polyglot_that_only_begins_like_a_pdf_is_refused():
    assert _refused(b"%PDF-1.4\n<html><script>alert(1)</script></html>") == "Filen är inte en giltig PDF-fil."


def test_the_size_is_checked_while_the_file_streams_in(settings):
    settings.UPLOAD_MAX_BYTES = 1000
    request = RequestFactory().post("/")
    handler = SizeLimitedUploadHandler(request)
    handler.new_file("document", "stor.pdf", "application/pdf", None)
    kept = [handler.receive_data_chunk(b"x" * 400, n * 400) for n in range(10)]
    # The first 1000 bytes pass on to the next handler; nothing after that is kept anywhere.
    assert [len(c) for c in kept if c] == [400, 400] and kept[2:] == [None] * 8
    oversized = handler.file_complete(4000)
    assert oversized.size == 4000 and oversized.read() == b""
    with pytest.raises(ValidationError, match="för stor"):
        validate_pdf(oversized)


@pytest.mark.django_db
def test_an_upload_over_the_limit_gets_the_size_message_and_nothing_is_stored(
    client_for, demo_people, settings
):
    from django.urls import reverse

    from municipalities.models import Agreement

    settings.UPLOAD_MAX_BYTES = 2000
    settings.REQUEST_MAX_BYTES = 10**7
    client = client_for(demo_people["projektledare@demo.se"])
    lulea = demo_people["chef.lulea@demo.se"].municipality
    big = demo_pdf("Avtal") + b"%" + b"x" * 5000
    response = client.post(
        reverse("municipalities:agreement_create", args=[lulea.code]),
        {"kind": "agreement", "status": "signed", "document": SimpleUploadedFile("avtal.pdf", big)},
    )
    assert "Filen är för stor" in response.content.decode()
    assert not Agreement.objects.exists()


@pytest.mark.django_db
def test_a_request_larger_than_the_limit_is_refused_before_it_is_read(client, settings, norrbotten):
    settings.REQUEST_MAX_BYTES = 1000
    response = client.post("/accounts/login/", {"login": "x" * 2000, "password": "y"})
    assert response.status_code == 413
    assert "Det du skickade är för stort" in response.content.decode()
    assert "Content-Security-Policy" in response
