"""Every long form summarises its errors at the top, and says plainly when a chosen file must be chosen
again (issue #19: the agreement form dropped the PDF silently after a validation error)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from municipalities.demo import demo_pdf
from municipalities.models import Agreement, Municipality

pytestmark = pytest.mark.django_db


def test_agreement_form_summarises_errors_and_names_the_file_to_choose_again(client_for, demo_people):
    agreement = Agreement.objects.create(
        municipality=Municipality.objects.get(code="2580"),
        status=Agreement.Status.SENT,
        sent_on=datetime.date(2026, 9, 1),
    )
    client = client_for(demo_people["projektledare@demo.se"])
    response = client.post(
        reverse("municipalities:agreement_edit", args=[agreement.pk]),
        {
            "kind": "regional",
            "status": "signed",
            "starts_on": "2021-01-01",
            "ends_on": "2027-12-31",
            "sent_on": "2026-09-01",
            "signed_on": "",
            "signatory": "Ann Ek",
            "notes": "",
            "document": SimpleUploadedFile("Luleå undertecknad.pdf", demo_pdf("Overenskommelse")),
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    summary = html.split('class="alert alert-danger error-summary"', 1)[1].split("</div>", 1)[0]
    form_start = html.index("<form")
    assert html.index("error-summary") > form_start  # at the top of the form, before its first field
    assert html.index("error-summary") < html.index('name="kind"')
    assert "Ange datum för underskriften" in summary and 'href="#id_signed_on"' in summary
    assert "du valde Luleå undertecknad.pdf, men filen sparades inte" in summary
    agreement.refresh_from_db()
    assert not agreement.document


def test_a_form_without_errors_has_no_summary(client_for, demo_people):
    html = client_for(demo_people["projektledare@demo.se"]).get(reverse("accounts:invite")).content.decode()
    assert "error-summary" not in html
