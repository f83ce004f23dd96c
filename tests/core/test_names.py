"""Issue 13 item 6: a carriage return in a first name made the manager's e-mail fail for good. Names are
cleaned on input by one field (core.forms.NameField) that every form for a person's name uses."""

import pytest
from django.contrib import admin

from accounts.forms import InviteForm, ProfileForm, SignupForm
from accounts.models import User
from core.forms import AccessibilityReportForm, NameField
from followup.forms import RssContactForm
from municipalities.forms import ContactFormSet

NAME_FIELDS = [
    (SignupForm, ["first_name", "last_name"]),
    (InviteForm, ["first_name", "last_name"]),
    (ProfileForm, ["first_name", "last_name"]),
    (AccessibilityReportForm, ["name"]),
    (ContactFormSet.form, ["name"]),
    (RssContactForm, ["name"]),
]


@pytest.mark.parametrize("form_class,names", NAME_FIELDS, ids=lambda v: getattr(v, "__name__", ""))
def test_every_name_field_is_the_shared_cleaning_field(form_class, names, db):
    fields = form_class.base_fields
    assert all(isinstance(fields[name], NameField) for name in names)


def test_the_admin_cleans_names_too(rf, admin_user):
    request = rf.get("/")
    request.user = admin_user
    form = admin.site._registry[User].get_form(request, User())
    assert isinstance(form.base_fields["first_name"], NameField)


@pytest.mark.django_db
def test_a_carriage_return_in_a_first_name_is_removed_on_input(demo_people):
    person = demo_people["socsek.lulea@demo.se"]
    form = ProfileForm(
        {"first_name": "Sara\r\nBcc: x@example.se", "last_name": " Lind\u200b ", "phone": "", "title": ""},
        instance=person,
    )
    assert form.is_valid(), form.errors
    form.save()
    person.refresh_from_db()
    assert (person.first_name, person.last_name) == ("Sara Bcc: x@example.se", "Lind")
    # Nothing but control characters is no name at all.
    form = SignupForm({"first_name": "\r\n\t\u200b", "last_name": "Lind"})
    assert not form.is_valid() and "first_name" in form.errors
