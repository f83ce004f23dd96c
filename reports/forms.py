"""Forms of the reports app: dashboard filters, comments and assessments of project goals, the action plan,
expected recruitment (per year and per month) and the planning view's settings."""

import datetime

from django import forms
from django.http import QueryDict
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, PortalFormMixin
from courses.models import Journey
from municipalities.models import Municipality, validate_pdf

from .goals import ALL_GOALS
from .models import Activity, GoalAssessment, ReportComment
from .selectors import years
from .volume import spread_over_months


def year_choices():
    return [(y, y) for y in years()]


def default_year():
    """The year the dashboard shows when none is chosen: this year, within the agreement period."""
    return min(max(timezone.localdate().year, years()[0]), years()[-1])


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

    def __init__(self, data=None, *args, regional=True, **kwargs):
        # Always bound, with the year on display filled in: the select then shows the year the page
        # shows, and "Visa" after choosing another filter keeps it (an unbound form showed 2021).
        data = data.copy() if data is not None else QueryDict(mutable=True)
        if data.get("year") not in {str(y) for y in years()}:
            data["year"] = str(default_year())
        super().__init__(data, *args, **kwargs)
        self.fields["year"].choices = year_choices()
        if not regional:
            del self.fields["municipality"]

    def values(self):
        """(year, journey, municipality): each valid filter kept, a wrong one falls back on its own."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return data.get("year") or default_year(), data.get("journey"), data.get("municipality")


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


def month_name(number):
    """The month's name in the active language (januari, februari, … in Swedish)."""
    return date_format(datetime.date(2000, number, 1), "F")


class HiresForm(PortalFormMixin, forms.Form):
    """A municipality's expected new hires in each month of a year; an empty month is not known. A figure
    for a quarter instead of its months is spread over them (reports.volume.spread_over_months)."""

    QUARTERS = {1: (1, 2, 3), 2: (4, 5, 6), 3: (7, 8, 9), 4: (10, 11, 12)}

    def __init__(self, *args, initial_values=None, **kwargs):
        super().__init__(*args, **kwargs)
        initial_values = initial_values or {}
        errors = {
            "invalid": _("Ange ett helt tal."),
            "min_value": _("Ange hela tal från 0."),
            "max_value": _("Ange högst 1000."),
        }
        for number in range(1, 13):
            self.fields[f"month_{number}"] = forms.IntegerField(
                label=month_name(number).capitalize(),
                min_value=0,
                max_value=1000,
                required=False,
                initial=initial_values.get(number),
                error_messages=errors,
            )
        for quarter, months in self.QUARTERS.items():
            self.fields[f"quarter_{quarter}"] = forms.IntegerField(
                label=_("Kvartal %(n)s (%(first)s–%(last)s)")
                % {"n": quarter, "first": month_name(months[0]), "last": month_name(months[-1])},
                min_value=0,
                max_value=3000,
                required=False,
                error_messages={**errors, "max_value": _("Ange högst 3000.")},
            )

    def month_fields(self):
        return [self[f"month_{number}"] for number in range(1, 13)]

    def quarter_fields(self):
        return [self[f"quarter_{quarter}"] for quarter in self.QUARTERS]

    def clean(self):
        data = super().clean()
        for quarter, months in self.QUARTERS.items():
            total = data.get(f"quarter_{quarter}")
            if total is None:
                continue
            if any(data.get(f"month_{number}") is not None for number in months):
                self.add_error(
                    f"quarter_{quarter}", _("Ange antingen kvartalet eller dess månader, inte båda.")
                )
        return data

    def months(self):
        """{1–12: hires or None}; a quarter's figure spread over its three months."""
        values = {number: self.cleaned_data.get(f"month_{number}") for number in range(1, 13)}
        for quarter, months in self.QUARTERS.items():
            total = self.cleaned_data.get(f"quarter_{quarter}")
            if total is not None:
                values.update(zip(months, spread_over_months(total, (1,) * len(months)), strict=True))
        return values


class PlanningSettingsForm(PortalFormMixin, forms.Form):
    summer_months = forms.TypedMultipleChoiceField(
        label=_("Månader utan kursdagar (sommaruppehåll)"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    default_capacity = forms.IntegerField(
        label=_("Platser per tillfälle för en kurs som ännu inte har några tillfällen"),
        min_value=1,
        max_value=500,
        error_messages={"required": _("Ange antal platser."), "min_value": _("Ange minst 1.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["summer_months"].choices = [(n, month_name(n).capitalize()) for n in range(1, 13)]


class AssessmentForm(PortalFormMixin, forms.Form):
    """The project leader records the styrgrupp's assessment of one project goal for a year."""

    year = forms.TypedChoiceField(label=_("År"), coerce=int)
    outcome = forms.ChoiceField(
        label=_("Styrgruppens bedömning"), choices=GoalAssessment.Outcome.choices, widget=forms.RadioSelect
    )
    meeting_on = forms.DateField(label=_("Mötesdatum"), widget=DateInput())
    motivation = forms.CharField(
        label=_("Motivering"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Skriv en kort motivering.")},
    )
    minutes = forms.FileField(
        label=_("Protokoll (PDF, frivilligt)"),
        required=False,
        validators=[validate_pdf],
        widget=forms.FileInput(attrs={"accept": "application/pdf,.pdf"}),
        help_text=_("Endast PDF, högst 10 MB."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = year_choices()

    def clean_meeting_on(self):
        day = self.cleaned_data["meeting_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Mötet kan inte ligga i framtiden."))
        return day


class ActivityForm(PortalFormMixin, forms.Form):
    """An activity of the action plan."""

    title = forms.CharField(
        label=_("Aktivitet"), max_length=200, error_messages={"required": _("Ange vad aktiviteten är.")}
    )
    description = forms.CharField(
        label=_("Beskrivning"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    owner = forms.CharField(
        label=_("Ansvarig"), max_length=120, error_messages={"required": _("Ange vem som är ansvarig.")}
    )
    due_on = forms.DateField(label=_("Klar senast"), widget=DateInput())
    status = forms.ChoiceField(label=_("Status"), choices=Activity.Status.choices)
    goals = forms.MultipleChoiceField(
        label=_("Mål som aktiviteten hör till"),
        choices=[(g, _("Mål %(n)s") % {"n": g}) for g in ALL_GOALS],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Välj minst ett mål som aktiviteten hör till.")},
    )
    done_on = forms.DateField(
        label=_("Genomförd den"),
        required=False,
        widget=DateInput(),
        help_text=_("Lämna tomt för dagens datum när aktiviteten markeras som genomförd."),
    )
    outcome_note = forms.CharField(
        label=_("Vad som gjordes"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self):
        data = super().clean()
        done_on = data.get("done_on")
        if done_on and done_on > timezone.localdate():
            self.add_error("done_on", _("En genomförd aktivitet kan inte vara genomförd i framtiden."))
        return data
