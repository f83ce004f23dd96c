"""Forms of the reports app: dashboard filters, comments on project goals, expected recruitment."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import PortalFormMixin
from courses.models import Journey
from municipalities.models import Municipality

from .models import ReportComment
from .selectors import years


def year_choices():
    return [(y, y) for y in years()]


class DashboardFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("År"), coerce=int, required=False)
    journey = forms.ModelChoiceField(
        label=_("Yrkesresa"),
        queryset=Journey.objects.order_by("order", "name"),
        required=False,
        empty_label=_("Alla"),
    )
    municipality = forms.ModelChoiceField(
        label=_("Kommun"),
        queryset=Municipality.objects.order_by("name"),
        required=False,
        empty_label=_("Alla"),
    )

    def __init__(self, *args, regional=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = year_choices()
        if not regional:
            del self.fields["municipality"]

    def values(self):
        """(year, journey, municipality) from valid data, defaults when missing."""
        data = self.cleaned_data if self.is_valid() else {}
        current = timezone.localdate().year
        year = data.get("year") or min(max(current, years()[0]), years()[-1])
        return year, data.get("journey"), data.get("municipality")


class ReportRequestForm(forms.Form):
    year = forms.TypedChoiceField(label=_("År"), coerce=int)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = year_choices()


class ReportCommentForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = ReportComment
        fields = ["year", "goal", "text"]
        widgets = {"year": forms.Select(choices=year_choices), "text": forms.Textarea(attrs={"rows": 4})}


class RecruitmentForm(forms.Form):
    """Expected new social workers next year, one field per municipality."""

    def __init__(self, *args, municipalities=(), initial_values=None, **kwargs):
        super().__init__(*args, **kwargs)
        initial_values = initial_values or {}
        for municipality in municipalities:
            self.fields[f"m{municipality.pk}"] = forms.IntegerField(
                label=municipality.name,
                min_value=0,
                max_value=10000,
                required=False,
                initial=initial_values.get(municipality.pk),
            )

    def values(self):
        return {int(name[1:]): value for name, value in self.cleaned_data.items() if value is not None}
