"""Forms of the core app, and what every app's forms share."""
from django import forms
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
