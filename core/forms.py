"""Forms of the core app."""
from django import forms

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
