"""Forms of the introduction: hire and plan, a plan item, a course added, the Totara import."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import Role, role_field
from core.forms import DateInput, ModelMultipleChoiceField, PortalFormMixin
from core.scope import MANAGE, MunicipalityScope
from courses.models import Course, Step
from municipalities.models import Municipality

from .models import PlanItem, StartingPoint


def _people_with_role(role, municipality_id):
    people = User.objects.filter(**{role_field(role): True}, is_active=True)
    return people.filter(municipality_id=municipality_id) if municipality_id else people


class HireForm(PortalFormMixin, forms.Form):
    """The manager's "hire and plan": who, where, from when, the starting point, mentor and 1:e
    socialsekreterare; then the proposed courses, which the manager can change."""

    email = forms.EmailField(label=_("E-postadress"))
    first_name = forms.CharField(label=_("Förnamn"), max_length=80)
    last_name = forms.CharField(label=_("Efternamn"), max_length=80)
    municipality = forms.ModelChoiceField(label=_("Kommun"), queryset=Municipality.objects.all())
    unit = forms.CharField(label=_("Enhet"), max_length=120, required=False)
    title = forms.CharField(
        label=_("Befattning"), max_length=120, required=False, initial=_("Socialsekreterare")
    )
    starts_on = forms.DateField(label=_("Första anställningsdag"), widget=DateInput)
    step = forms.ModelChoiceField(label=_("Steg"), queryset=Step.objects.select_related("journey"))
    starting_point = forms.ChoiceField(
        label=_("Utgångsläge"), choices=[("", "---------"), *StartingPoint.choices]
    )
    mentor = forms.ModelChoiceField(label=_("Mentor/fadder"), queryset=User.objects.none(), required=False)
    first_social_worker = forms.ModelChoiceField(
        label=_("1:e socialsekreterare"), queryset=User.objects.none(), required=False
    )
    courses = ModelMultipleChoiceField(
        label=_("Kurser i planen"),
        queryset=Course.objects.select_related("step"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        municipality_id = None
        if MunicipalityScope.for_user(user, MANAGE).everything:  # the project leader hires anywhere
            chosen = self.data.get("municipality") if self.is_bound else None
            # Only a number the database's integer can hold narrows the lists (one that names no
            # municipality leaves them empty); a longer one never reaches a query (SQLite overflowed).
            if chosen and chosen.isdigit() and len(chosen) <= 18:
                municipality_id = int(chosen)
        else:
            municipality_id = user.municipality_id
            self.fields["municipality"].queryset = Municipality.objects.filter(pk=user.municipality_id)
            self.fields["municipality"].initial = user.municipality_id
        self.fields["mentor"].queryset = _people_with_role(Role.MENTOR, municipality_id)
        self.fields["first_social_worker"].queryset = _people_with_role(
            Role.FIRST_SOCIAL_WORKER, municipality_id
        )
        step_id = self.data.get("step") if self.is_bound else None
        if step_id and str(step_id).isdigit():
            # Only the courses of the chosen step's journey are offered.
            self.fields["courses"].queryset = Course.objects.select_related("step").filter(
                step__journey__steps__pk=step_id
            )
        self.fields["step"].label_from_instance = lambda step: f"{step.journey} – {step.name}"
        self.fields["courses"].label_from_instance = lambda course: f"{course} ({course.step.name})"

    def clean(self):
        data = super().clean()
        municipality = data.get("municipality")
        for name, label in (("mentor", _("Mentorn")), ("first_social_worker", _("1:e socialsekreteraren"))):
            person = data.get(name)
            if person is not None and municipality is not None and person.municipality_id != municipality.pk:
                self.add_error(name, _("%(who)s måste arbeta i samma kommun.") % {"who": label})
        step = data.get("step")
        for course in data.get("courses") or []:
            if step is not None and course.step.journey_id != step.journey_id:
                self.add_error("courses", _("Välj kurser ur stegets yrkesresa."))
                break
        return data


class PlanItemForm(PortalFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Vad"),
        choices=[("", "---------")]
        + [(value, label) for value, label in PlanItem.Kind.choices if value != PlanItem.Kind.COURSE],
    )
    title = forms.CharField(label=_("Beskrivning"), max_length=200, required=False)
    responsible = forms.ModelChoiceField(label=_("Ansvarig"), queryset=User.objects.none(), required=False)
    due_on = forms.DateField(label=_("Datum"), widget=DateInput, required=False)

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        # Only people of the newcomer's municipality (or the newcomer) can be responsible.
        self.fields["responsible"].queryset = User.objects.filter(
            municipality_id=plan.person.municipality_id, is_active=True
        )


class CourseAddForm(PortalFormMixin, forms.Form):
    course = forms.ModelChoiceField(label=_("Kurs"), queryset=Course.objects.none())
    due_on = forms.DateField(label=_("Måldatum"), widget=DateInput, required=False)

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = Course.objects.filter(step__journey_id=plan.step.journey_id).exclude(
            pk__in=plan.items.filter(kind=PlanItem.Kind.COURSE).values("course_id")
        )


class TotaraUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV-fil från Totara"),
        help_text=_(
            "En export ur Totaras rapportverktyg med e-postadress eller användarnamn, kursens kortnamn och "
            "slutförandedatum. Komma eller semikolon som avgränsare."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )


class TotaraMappingForm(PortalFormMixin, forms.Form):
    """Which column holds what; the columns come from the file's header."""

    token = forms.CharField(widget=forms.HiddenInput)
    person_column = forms.ChoiceField(label=_("Kolumn med e-postadress eller användarnamn"))
    course_column = forms.ChoiceField(label=_("Kolumn med kursens kortnamn"))
    date_column = forms.ChoiceField(label=_("Kolumn med slutförandedatum"))

    def __init__(self, *args, columns, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "---------"), *[(str(i), name) for i, name in enumerate(columns)]]
        for name in ("person_column", "course_column", "date_column"):
            self.fields[name].choices = choices

    def clean(self):
        data = super().clean()
        chosen = [data.get(n) for n in ("person_column", "course_column", "date_column") if data.get(n)]
        if len(chosen) != len(set(chosen)):
            raise forms.ValidationError(_("Välj tre olika kolumner."))
        return data
