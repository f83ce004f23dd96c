"""Forms of the core app, and what every app's forms share."""
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import AccessibilityReport

# Django's empty choice in a select ("---------") tells the reader nothing.
BARE_EMPTY_LABEL = "---------"


def empty_choice_label(field):
    """"Välj kommun" where a choice is needed; "Inget val" where the field may be left empty."""
    if not field.required:
        return _("Inget val")
    label = str(field.label or "")
    return _("Välj %(what)s") % {"what": label[:1].lower() + label[1:]} if label else _("Välj …")


class EmptyChoiceLabelMixin:
    """Gives every select of the form a worded empty choice instead of "---------".

    Put it first among the bases (`class F(EmptyChoiceLabelMixin, forms.ModelForm)`). It runs at the
    end of the base __init__, so a form that changes a field's `required` later should do so before
    calling super().__init__ or set the label itself. tests/test_empty_choices.py finds forms without it.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                if field.empty_label == BARE_EMPTY_LABEL:
                    field.empty_label = empty_choice_label(field)
            elif isinstance(field, forms.ChoiceField):
                bare = ("", BARE_EMPTY_LABEL)
                choices = list(field.choices)
                if bare in choices:
                    field.choices = [("", empty_choice_label(field)) if choice == bare else choice
                                     for choice in choices]


class LabelledChoicesModelForm(EmptyChoiceLabelMixin, forms.ModelForm):
    """The base for model forms built by a factory (inline formsets)."""


class AccessibilityReportForm(forms.ModelForm):
    class Meta:
        model = AccessibilityReport
        fields = ["page_url", "description", "name", "email"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "page_url": "Adressen till sidan eller vad sidan heter.",
            "email": "Fyll i om du vill att vi svarar dig.",
        }


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's field, except that an id too large for the database is an unknown choice, not a 500.

    SQLite's driver raises OverflowError for an `__in` lookup with such an id, and Django's field only
    catches ValueError and TypeError. Use this field (or `field_classes` in a ModelForm's Meta) for every
    multiple choice of objects.
    """

    def _check_values(self, value):
        try:
            return super()._check_values(value)
        except OverflowError:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                  params={"value": next((v for v in value if _too_large(v)), "")}) from None


def _too_large(value):
    try:
        return abs(int(value)) >= 2**63
    except (TypeError, ValueError):
        return False
