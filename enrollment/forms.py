"""Forms of the enrollment pages: they parse input; the rules live in services.py."""

from django import forms
from django.db.models import Min, Q
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import Role
from core.forms import DateInput, ModelMultipleChoiceField, PortalFormMixin
from courses.access import occasions_visible_to
from courses.models import CourseOccasion, Step
from courses.selectors import with_places
from municipalities.models import Municipality

from .models import Enrollment, Message

S = Enrollment.Status


class SignupForm(PortalFormMixin, forms.Form):
    manager = forms.ModelChoiceField(
        label=_("Din chef"),
        queryset=User.objects.none(),
        help_text=_("Din anmälan skickas till chefen för godkännande. Alla chefer i din kommun kan besluta."),
        error_messages={"required": _("Välj din chef."), "invalid_choice": _("Välj en chef i din kommun.")},
    )

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        managers = (
            User.objects.with_role(Role.MANAGER).filter(municipality_id=person.municipality_id)
            if person.municipality_id
            else User.objects.none()
        )
        self.fields["manager"].queryset = managers.exclude(pk=person.pk)
        if person.manager_id and not self.is_bound:
            self.initial["manager"] = person.manager_id


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Meddelande (frivilligt)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class QueueForm(forms.Form):
    APPROVE, REJECT = "approve", "reject"
    enrollments = ModelMultipleChoiceField(
        label=_("Anmälningar"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Markera minst en anmälan."),
            "invalid_choice": _("En av anmälningarna har redan hanterats eller finns inte längre."),
        },
    )
    action = forms.ChoiceField(choices=[(APPROVE, _("Godkänn")), (REJECT, _("Avslå"))])
    reason = forms.CharField(
        label=_("Motivering (krävs vid avslag, visas för deltagaren)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        # Every visible enrollment is accepted here; the service says if one was handled meanwhile.
        self.fields["enrollments"].queryset = queryset

    def clean(self):
        data = super().clean()
        if data.get("action") == self.REJECT and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Skriv en motivering som deltagaren kan läsa."))
        return data


class NominateForm(PortalFormMixin, forms.Form):
    occasion = forms.ModelChoiceField(
        label=_("Kurstillfälle"),
        queryset=CourseOccasion.objects.none(),
        error_messages={"required": _("Välj ett kurstillfälle.")},
    )

    def __init__(self, *args, user=None, person=None, **kwargs):
        """Lists only occasions `user` may read that `person` may be booked on: open now, (unless the
        project leader nominates) organised by the person's region or open to other regions, and not a
        course the person is booked on or has completed (services._check_may_book decides a post)."""
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        occasions = with_places(
            CourseOccasion.objects.filter(
                status=CourseOccasion.Status.OPEN, signup_opens__lte=today, signup_closes__gte=today
            )
        )
        if user is not None:
            occasions = occasions.filter(pk__in=occasions_visible_to(user).values("pk"))
            if person is not None and not user.has_role(Role.PROJECT_LEADER):
                region_id = person.municipality.region_id if person.municipality_id else None
                occasions = occasions.filter(Q(region_id=region_id) | Q(open_to_other_regions=True))
        if person is not None and not self.is_bound:
            taken_courses = Enrollment.objects.filter(
                person=person, status__in=[S.PENDING, S.APPROVED, S.WAITLISTED, S.COMPLETED]
            ).values("occasion__course_id")
            taken_occasions = Enrollment.objects.filter(person=person, status__in=Enrollment.ACTIVE).values(
                "occasion_id"
            )
            occasions = occasions.exclude(course_id__in=taken_courses).exclude(pk__in=taken_occasions)
        self.fields["occasion"].queryset = (
            occasions.select_related("course")
            .prefetch_related("days")
            .annotate(first_day=Min("days__date"))
            .order_by("course__name", "first_day", "pk")
        )
        # The manager picks by course, dates, town and free places:
        # "Samtal med barn – 2 dec, 3 dec 2026, Luleå – 3 lediga platser".
        self.fields["occasion"].label_from_instance = self.occasion_label

    @staticmethod
    def occasion_label(occasion):
        places = (
            ngettext("%(n)s ledig plats", "%(n)s lediga platser", occasion.free_places)
            % {"n": occasion.free_places}
            if occasion.free_places
            else gettext("fullbokat, reservlista")
        )
        return f"{occasion.course} – {occasion.dates_and_place()} – {places}"


class MoveUpForm(forms.Form):
    """The confirmation of a move up: carries the step the manager saw (empty: no step yet)."""

    from_step = forms.ModelChoiceField(queryset=Step.objects.all(), required=False, widget=forms.HiddenInput)


class AttendanceForm(forms.Form):
    present = forms.TypedMultipleChoiceField(
        label=_("Närvarande"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, enrollments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [(e.pk, str(e.person)) for e in enrollments]


class ReserveForm(PortalFormMixin, forms.Form):
    places = forms.IntegerField(label=_("Antal platser att reservera"), min_value=1, max_value=100)
    release_on = forms.DateField(
        label=_("Släpps den"),
        widget=DateInput(),
        help_text=_("Platser som inte har fått ett namn då går till reservlistan. Före sista anmälningsdag."),
    )


class FillForm(PortalFormMixin, forms.Form):
    person = forms.ModelChoiceField(
        label=_("Person"),
        queryset=User.objects.none(),
        error_messages={"required": _("Välj vem som ska få platsen.")},
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people


class BulkNominateForm(forms.Form):
    people = ModelMultipleChoiceField(
        label=_("Personal"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Välj minst en person.")},
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = people


class EmailListForm(PortalFormMixin, forms.Form):
    addresses = forms.CharField(
        label=_("E-postadresser, en per rad"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Klistra in en kolumn ur ett kalkylark eller en CSV-fil; första kolumnen läses."),
    )
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


class ReservationCapForm(PortalFormMixin, forms.Form):
    municipality = forms.ModelChoiceField(label=_("Kommun"), queryset=None)
    places = forms.IntegerField(
        label=_("Högst antal reserverade platser per tillfälle"), min_value=0, max_value=100
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from municipalities.models import Municipality

        self.fields["municipality"].queryset = Municipality.objects.order_by("name")


class InterestForm(PortalFormMixin, forms.Form):
    """A manager picks whom the interest is for (themselves or their staff); others register their own."""

    person = forms.ModelChoiceField(
        label=_("Vem gäller intresset?"),
        queryset=User.objects.none(),
        error_messages={"required": _("Välj vem intresset gäller.")},
    )

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        if people is None:
            del self.fields["person"]
        else:
            self.fields["person"].queryset = people


class OccasionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, occasion):
        return f"{occasion.course.name}, {occasion.dates_and_place()}"


class MessageForm(PortalFormMixin, forms.Form):
    """A message: to whom (limited to what the sender may reach), subject and text; the token makes a
    double post one message."""

    audience = forms.ChoiceField(label=_("Till"), widget=forms.RadioSelect)
    occasion = OccasionChoiceField(
        label=_("Kurstillfälle"),
        queryset=CourseOccasion.objects.none(),
        required=False,
        help_text=_("För meddelanden till deltagarna eller reservlistan."),
    )
    municipalities = ModelMultipleChoiceField(
        label=_("Kommuner"),
        queryset=Municipality.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("För meddelanden till chefsnätverket: cheferna i de kommuner du väljer."),
    )
    subject = forms.CharField(label=_("Ämne"), max_length=200)
    body = forms.CharField(label=_("Meddelande"), max_length=10000, widget=forms.Textarea(attrs={"rows": 10}))
    token = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from .messaging import audiences_for, messageable_municipalities, messageable_occasions

        audiences = audiences_for(user)
        self.fields["audience"].choices = [(a.value, a.label) for a in audiences]
        self.fields["occasion"].queryset = (
            messageable_occasions(user)
            .exclude(status=CourseOccasion.Status.CANCELLED)
            .select_related("course")
            .prefetch_related("days")
            .order_by("-signup_closes", "-pk")
        )
        if Message.Audience.MANAGERS in audiences:
            self.fields["municipalities"].queryset = messageable_municipalities(user).order_by("name")
        else:
            del self.fields["municipalities"]

    def clean(self):
        cleaned = super().clean()
        audience = cleaned.get("audience")
        if audience == Message.Audience.MANAGERS:
            if not cleaned.get("municipalities"):
                self.add_error("municipalities", gettext("Välj en eller flera kommuner."))
        elif audience and not cleaned.get("occasion"):
            self.add_error("occasion", gettext("Välj kurstillfället."))
        return cleaned

    def service_values(self):
        """The keyword arguments of messaging.message_send (and the preview) from the cleaned form."""
        data = self.cleaned_data
        managers = data["audience"] == Message.Audience.MANAGERS
        return {
            "audience": data["audience"],
            "occasion_id": None if managers or not data.get("occasion") else data["occasion"].pk,
            "municipality_ids": [m.pk for m in data.get("municipalities") or []] if managers else [],
            "subject": data["subject"],
            "body": data["body"],
        }


class OccasionNotificationsForm(PortalFormMixin, forms.Form):
    """Which kinds of notification are switched off for one occasion."""

    kinds_off = forms.MultipleChoiceField(
        label=_("Skicka inte"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kinds_off"].choices = [(kind.name, f"{kind.label} ({kind.name})") for kind in kinds]
