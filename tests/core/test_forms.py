"""core.forms: the shared form fields every app uses."""

import importlib

import pytest
from django import forms

from accounts.models import User
from core.forms import ModelMultipleChoiceField, PortalFormMixin

OUR_APPS = ["core", "municipalities", "accounts", "courses", "enrollment", "followup", "reports"]

TOO_LARGE = "999999999999999999999999"  # beyond a 64-bit integer: SQLite's driver raises OverflowError


@pytest.mark.django_db
@pytest.mark.parametrize("value", [TOO_LARGE, "-" + TOO_LARGE])
def test_an_id_too_large_for_the_database_is_an_unknown_choice(value):
    field = ModelMultipleChoiceField(queryset=User.objects.all())
    with pytest.raises(forms.ValidationError) as error:
        field.clean([value])
    assert error.value.code == "invalid_choice"
    assert value in error.value.messages[0]


@pytest.mark.django_db
def test_known_ids_still_clean_to_objects(make_person):
    person = make_person()
    field = ModelMultipleChoiceField(queryset=User.objects.all())
    assert list(field.clean([str(person.pk)])) == [person]


def _our_forms():
    for app in OUR_APPS:
        module = importlib.import_module(f"{app}.forms")
        for form in vars(module).values():
            if (
                isinstance(form, type)
                and issubclass(form, forms.BaseForm)
                and form.__module__ == module.__name__
            ):
                yield form


def test_every_multiple_choice_of_objects_in_our_forms_uses_the_safe_field():
    multiple = {
        f"{form.__name__}.{name}": type(field)
        for form in _our_forms()
        for name, field in form.base_fields.items()
        if isinstance(field, forms.ModelMultipleChoiceField)
    }
    assert {"OccasionForm.course_leaders", "TrainerProfileForm.courses", "QueueForm.enrollments"} <= set(
        multiple
    )
    assert {name for name, cls in multiple.items() if not issubclass(cls, ModelMultipleChoiceField)} == set()


def test_every_form_with_a_date_keeps_it_within_the_portals_range():
    with_dates = [
        form
        for form in _our_forms()
        if any(isinstance(field, forms.DateField) for field in form.base_fields.values())
    ]
    assert {"AgreementForm", "OccasionForm", "RoundForm", "CopyOccasionForm"} <= {
        f.__name__ for f in with_dates
    }
    assert [form.__name__ for form in with_dates if not issubclass(form, PortalFormMixin)] == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "typed, error",
    [
        ("0001-01-01", True),
        ("9999-12-31", True),
        ("1999-12-31", True),
        ("2000-01-01", False),
        ("2099-12-31", False),
    ],
)
def test_a_date_outside_the_portals_range_is_a_swedish_field_error(typed, error):
    from municipalities.forms import MunicipalityForm

    form = MunicipalityForm(data={"code": "9999", "name": "Testby", "joined_on": typed})
    form.is_valid()
    assert ("Ange ett datum mellan år 2000 och 2099." in form.errors.get("joined_on", [])) is error
