"""Forms of the core app."""
from django import forms
from django.core.exceptions import ValidationError

from .models import AccessibilityReport


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
