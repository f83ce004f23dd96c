"""Forms of the catalogue: they parse input; the rules that span fields live in courses.services."""

import datetime

from django import forms
from django.db.models import Q
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.forms import DateInput, LabelledChoicesModelForm, ModelMultipleChoiceField, PortalFormMixin

from . import pool
from .models import (
    Course,
    CourseDay,
    CourseOccasion,
    Journey,
    KnowledgeGoal,
    Room,
    Step,
    TrainerProfile,
    Venue,
)
from .services import MAX_COPY_WEEKS, ON_SITE, ONLINE, day_mode


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class PersonChoiceField(ModelMultipleChoiceField):
    def label_from_instance(self, person):
        return f"{person} ({person.municipality})" if person.municipality_id else str(person)


def course_people():
    """People who can lead or train: course leaders and anyone with a trainer profile."""
    return (
        User.objects.filter(Q(is_course_leader=True) | Q(trainer_profile__isnull=False), is_active=True)
        .select_related("municipality")
        .order_by("first_name", "last_name")
    )


class JourneyForm(forms.ModelForm):
    class Meta:
        model = Journey
        fields = ["name", "slug", "description", "order", "is_published"]


class StepForm(forms.ModelForm):
    class Meta:
        model = Step
        fields = ["name", "slug", "order", "description", "years_from", "years_to"]

    def clean(self):
        data = super().clean()
        if (
            data.get("years_from") is not None
            and data.get("years_to") is not None
            and data["years_to"] < data["years_from"]
        ):
            raise forms.ValidationError(_("”År i yrket, till” kan inte vara mindre än ”från”."))
        # The journey is not a field of the form, so Django leaves the (journey, …) constraints out of
        # its validation; checked here so that a duplicate is an error message, not a database error.
        others = Step.objects.filter(journey_id=self.instance.journey_id).exclude(pk=self.instance.pk)
        if data.get("order") is not None and others.filter(order=data["order"]).exists():
            self.add_error("order", _("Det finns redan ett steg med den ordningen i yrkesresan."))
        if data.get("slug") and others.filter(slug=data["slug"]).exists():
            self.add_error("slug", _("Det finns redan ett steg med det kortnamnet i yrkesresan."))
        return data


class CourseForm(PortalFormMixin, forms.ModelForm):
    lms_url = forms.URLField(label=_("Länk till digital förberedelse"), required=False, assume_scheme="https")

    class Meta:
        model = Course
        fields = [
            "step",
            "name",
            "slug",
            "description",
            "lms_url",
            "preparation_hours",
            "number_of_days",
            "required_attendance_percent",
            "order",
            "status",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["step"].queryset = Step.objects.select_related("journey")


KnowledgeGoalFormSet = inlineformset_factory(
    Course,
    KnowledgeGoal,
    fields=["text", "level", "order"],
    extra=2,
    can_delete=True,
    widgets={"text": forms.Textarea(attrs={"rows": 2})},
    form=LabelledChoicesModelForm,
)


class OccasionForm(PortalFormMixin, forms.ModelForm):
    course_leaders = PersonChoiceField(
        label=_("Kursledare"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    trainers = PersonChoiceField(
        label=_("Utbildare"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = CourseOccasion
        fields = [
            "course",
            "region",
            "capacity",
            "min_participants",
            "signup_opens",
            "signup_closes",
            "cancellation_deadline",
            "status",
            "open_to_other_regions",
            "course_leaders",
            "trainers",
            "notes",
        ]
        widgets = {
            "signup_opens": DateInput(),
            "signup_closes": DateInput(),
            "cancellation_deadline": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The project leader's pool: their region's people and other regions' shared trainers.
        people = course_people() if user is None else pool.assignable_people(user, self.instance)
        self.fields["course_leaders"].queryset = people
        self.fields["trainers"].queryset = people
        self.fields["course"].queryset = Course.objects.select_related("step__journey")
        # Capacity below one is a rule of the service, with its own Swedish message.
        self.fields["capacity"].min_value = None
        self.fields["capacity"].validators = []
        self.fields["capacity"].widget.attrs.pop("min", None)


class RoomChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, room):
        return _("%(room)s, %(town)s (%(places)s platser)") % {
            "room": room,
            "town": room.venue.town or room.venue.municipality.name,
            "places": room.capacity,
        }


class CourseDayForm(PortalFormMixin, forms.ModelForm):
    mode = forms.ChoiceField(
        label=_("Form"), choices=[(ON_SITE, _("På plats")), (ONLINE, _("Digitalt"))], initial=ON_SITE
    )
    room = RoomChoiceField(
        label=_("Bokat rum"),
        queryset=Room.objects.none(),
        required=False,
        help_text=_("Välj ett rum, eller skriv lokal och adress nedan."),
    )
    online_url = forms.URLField(
        label=_("Länk för digitalt deltagande"), required=False, assume_scheme="https"
    )

    class Meta:
        model = CourseDay
        fields = [
            "date",
            "start_time",
            "end_time",
            "mode",
            "room",
            "venue",
            "address",
            "town",
            "online_url",
            "is_cancelled",
        ]
        widgets = {"date": DateInput(), "start_time": TimeInput(), "end_time": TimeInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["mode"] = day_mode(self.instance)
        rooms = Room.objects.select_related("venue__municipality").filter(venue__is_active=True)
        if self.instance.room_id:
            rooms = rooms | Room.objects.filter(pk=self.instance.room_id)  # an old venue stays choosable
        self.fields["room"].queryset = rooms.order_by("venue__municipality__name", "venue__name", "name")


class BaseDayFormSet(forms.BaseInlineFormSet):
    def day_data(self):
        """The kept days as dicts for courses.services.occasion_save, in the order entered."""
        return [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


def day_formset(extra):
    return inlineformset_factory(
        CourseOccasion, CourseDay, form=CourseDayForm, formset=BaseDayFormSet, extra=extra, can_delete=True
    )


class CopyOccasionForm(PortalFormMixin, forms.Form):
    first_date = forms.DateField(label=_("Ny första kursdag"), required=False, widget=DateInput())
    offset_weeks = forms.IntegerField(
        label=_("… eller flytta alla datum så många veckor"),
        required=False,
        min_value=-MAX_COPY_WEEKS,
        max_value=MAX_COPY_WEEKS,
    )

    def clean(self):
        data = super().clean()
        if not data.get("first_date") and not data.get("offset_weeks"):
            raise forms.ValidationError(
                _("Ange ett nytt första datum eller hur många veckor tillfället ska flyttas.")
            )
        return data


def trained_by_today(value):
    """A train-the-trainer date is one that has passed: the date picker stops at today, so does the server."""
    if value is not None and value > datetime.date.today():
        raise forms.ValidationError(_("Datumet kan inte vara senare än i dag."), code="future")
    return value


class TrainerProfileForm(PortalFormMixin, forms.ModelForm):
    person = forms.ModelChoiceField(label=_("Person"), queryset=User.objects.none())

    class Meta:
        model = TrainerProfile
        fields = ["person", "courses", "trained_on", "is_active"]
        widgets = {"courses": forms.CheckboxSelectMultiple, "trained_on": DateInput()}
        field_classes = {"courses": ModelMultipleChoiceField}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        people = User.objects.filter(is_active=True).select_related("municipality")
        if user is not None:  # a project leader adds trainers of their own region (courses.pool)
            people = people.filter(pool.home_region_q(user, "municipality"))
        if self.instance.pk:
            self.fields["person"].queryset = people.filter(pk=self.instance.person_id)
            self.fields["person"].disabled = True
        else:
            self.fields["person"].queryset = people.filter(trainer_profile__isnull=True)
        self.fields["courses"].queryset = Course.objects.select_related("step__journey")
        self.fields["trained_on"].widget.attrs["max"] = datetime.date.today().isoformat()

    def clean_trained_on(self):
        return trained_by_today(self.cleaned_data["trained_on"])


class VenueForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = Venue
        fields = ["name", "municipality", "address", "town", "accessibility", "is_active"]
        widgets = {"accessibility": forms.Textarea(attrs={"rows": 2})}


RoomFormSet = inlineformset_factory(
    Venue,
    Room,
    fields=["name", "capacity", "accessibility"],
    extra=2,
    can_delete=True,
    widgets={"accessibility": forms.Textarea(attrs={"rows": 1})},
    form=LabelledChoicesModelForm,
)


class TrainerProposalForm(PortalFormMixin, forms.Form):
    person = forms.ModelChoiceField(
        label=_("Person"),
        queryset=User.objects.none(),
        help_text=_("Någon i din kommun som inte redan är utbildare eller föreslagen."),
    )
    courses = ModelMultipleChoiceField(
        label=_("Kurser personen skulle kunna ge"),
        queryset=Course.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    areas = forms.CharField(
        label=_("Områden personen kan utbilda i"),
        max_length=300,
        required=False,
        help_text=_("Till exempel barnsamtal, riskbedömning eller socialtjänstens juridik."),
    )
    motivation = forms.CharField(
        label=_("Motivering"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kort: varför personen skulle passa som utbildare."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = pool.proposable_people(user)
        self.fields["person"].label_from_instance = lambda person: (
            f"{person} ({person.municipality})" if person.municipality_id else str(person)
        )
        self.fields["courses"].queryset = Course.objects.filter(
            status=Course.Status.PUBLISHED
        ).select_related("step__journey")

    def clean(self):
        data = super().clean()
        if not data.get("courses") and not (data.get("areas") or "").strip():
            raise forms.ValidationError(
                _("Välj minst en kurs eller skriv vilka områden personen kan utbilda i.")
            )
        return data


class ProposalDecisionForm(PortalFormMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("Beslut"),
        choices=[(status.value, status.label) for status in pool.DECISIONS],
        widget=forms.RadioSelect,
    )
    trained_on = forms.DateField(
        label=_("Utbildad till utbildare"),
        required=False,
        widget=DateInput(),
        help_text=_("Datum för utbildningen av utbildare, om personen redan har gått den."),
    )
    note = forms.CharField(
        label=_("Kommentar till personen och chefen"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, proposal, **kwargs):
        super().__init__(*args, **kwargs)
        # The status the proposal already has is no decision.
        self.fields["status"].choices = [
            choice for choice in self.fields["status"].choices if choice[0] != proposal.status
        ]
        self.fields["trained_on"].widget.attrs["max"] = datetime.date.today().isoformat()

    def clean_trained_on(self):
        return trained_by_today(self.cleaned_data["trained_on"])
