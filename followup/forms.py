"""Forms of follow-up: the answer form built from an invitation's questions, and the project leader's forms."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, ModelMultipleChoiceField, PortalFormMixin
from courses.models import Course, Step
from municipalities.models import Municipality

from .models import CourseSampling, Question, SurveyRound, SurveyTemplate
from .services import QUESTION_FIELDS, SAMPLING_FIELDS

FREE_TEXT_MAX = 2000


ERRORS = {
    "max_length": _(
        "Texten är för lång: högst %(limit_value)d tecken, du skrev %(show_value)d. Inget har sparats."
    ),
    "invalid_choice": _("Svaret finns inte bland alternativen till frågan. Inget har sparats."),
    "invalid_list": _("Svaret finns inte bland alternativen till frågan. Inget har sparats."),
}


def field_name(question):
    return f"q_{question.pk}"


class AnswerForm(forms.Form):
    """One field per question of this invitation; every answer is optional (nobody has to answer all).

    Posted fields for questions that are not in this survey are an error, not silently dropped.
    """

    def __init__(self, questions, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            common = {
                "label": question.text,
                "required": False,
                "help_text": question.help_text,
                "error_messages": ERRORS,
            }
            if question.kind == Question.Kind.FREE_TEXT:
                field = forms.CharField(
                    max_length=FREE_TEXT_MAX, widget=forms.Textarea(attrs={"rows": 4}), **common
                )
            elif question.kind == Question.Kind.MULTIPLE:
                field = forms.MultipleChoiceField(
                    choices=question.choices(), widget=forms.CheckboxSelectMultiple, **common
                )
            else:
                field = forms.ChoiceField(choices=question.choices(), widget=forms.RadioSelect, **common)
            field.question = question
            self.fields[field_name(question)] = field

    def clean(self):
        cleaned = super().clean()
        known = set(self.fields)
        if any(key.startswith("q_") and key not in known for key in self.data):
            raise forms.ValidationError(
                _("Svaret gäller en fråga som inte finns i den här enkäten. Inget har sparats.")
            )
        return cleaned

    def answers(self):
        """question id → value, list of values or text, for the services."""
        return {self.fields[name].question.pk: value for name, value in self.cleaned_data.items()}

    def bound_questions(self):
        return [(self[field_name(q)], q) for q in self.questions]


class QuestionForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = Question
        fields = QUESTION_FIELDS
        widgets = {"options_text": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == Question.Kind.SCALE and not cleaned.get("scale"):
            self.add_error("scale", _("Välj vilken skala frågan ska besvaras på."))
        if (
            kind == Question.Kind.MULTIPLE
            and len([x for x in cleaned.get("options_text", "").splitlines() if x.strip()]) < 2
        ):
            self.add_error("options_text", _("Ange minst två svarsalternativ, ett per rad."))
        if cleaned.get("is_measured") and kind not in (Question.Kind.SCALE, Question.Kind.YES_NO):
            self.add_error(
                "is_measured", _("Bara frågor på en skala eller ja/nej-frågor kan mätas mot målet.")
            )
        if kind != Question.Kind.SCALE:
            cleaned["scale"] = ""
        return cleaned


class TemplateForm(forms.ModelForm):
    class Meta:
        model = SurveyTemplate
        fields = ["name", "intro", "goals"]


class RoundForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = SurveyRound
        fields = ["year", "opens_on", "closes_on"]
        widgets = {"opens_on": DateInput(), "closes_on": DateInput()}

    def clean(self):
        cleaned = super().clean()
        year, opens_on, closes_on = cleaned.get("year"), cleaned.get("opens_on"), cleaned.get("closes_on")
        if opens_on and closes_on and closes_on < opens_on:
            self.add_error("closes_on", _("Sista svarsdag kan inte vara före första dagen."))
        # A yearly survey about a year is sent during that year or early the year after.
        if year and opens_on and opens_on.year not in (year, year + 1):
            self.add_error(
                "opens_on",
                _("Omgången för %(year)s måste öppna under %(year)s eller året efter.") % {"year": year},
            )
        return cleaned


class SamplingForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = CourseSampling
        fields = SAMPLING_FIELDS


class ResultsFilterForm(forms.Form):
    survey = forms.ModelChoiceField(
        SurveyTemplate.objects.all(), label=_("Enkät"), required=False, empty_label=_("Alla mål (översikt)")
    )
    year = forms.IntegerField(label=_("År"), min_value=2020, max_value=2100)
    municipality = forms.ModelChoiceField(
        Municipality.objects.all(), label=_("Kommun"), required=False, empty_label=_("Alla kommuner")
    )
    step = forms.ModelChoiceField(
        Step.objects.select_related("journey"), label=_("Steg"), required=False, empty_label=_("Alla steg")
    )
    course = forms.ModelChoiceField(
        Course.objects.all(), label=_("Kurs"), required=False, empty_label=_("Alla kurser")
    )
    # Goal 2 is the social workers' course satisfaction, goal 4 the managers'.
    respondent_role = forms.ChoiceField(
        label=_("Svarande"),
        required=False,
        choices=[
            ("", _("Alla svarande")),
            ("social_worker", _("Socialsekreterare")),
            ("manager", _("Arbetsledare och chefer")),
            ("course_leader", _("Utbildare")),
        ],
    )

    def __init__(self, *args, municipalities=None, **kwargs):
        super().__init__(*args, **kwargs)
        if municipalities is not None:
            self.fields["municipality"].queryset = municipalities

    def filters(self):
        return {
            name: self.cleaned_data.get(name)
            for name in ("municipality", "step", "course", "respondent_role")
        }


class RssContactForm(PortalFormMixin, forms.Form):
    name = forms.CharField(label=_("Namn"), max_length=120, error_messages={"required": _("Ange namnet.")})
    email = forms.EmailField(
        label=_("E-postadress"),
        error_messages={"required": _("Ange e-postadressen."), "invalid": _("Ange en giltig e-postadress.")},
    )
    organisation = forms.CharField(
        label=_("RSS"),
        max_length=120,
        help_text=_("Till exempel RSS Dalarna."),
        error_messages={"required": _("Ange vilken RSS kontakten hör till.")},
    )


class RoundMunicipalitiesForm(PortalFormMixin, forms.Form):
    municipalities = ModelMultipleChoiceField(
        Municipality.objects.order_by("name"),
        label=_("Kommuner vars enhetschefer får enkäten"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Välj minst en kommun.")},
    )


class CommentHandledForm(forms.Form):
    note = forms.CharField(
        label=_("Vad som gjordes"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Skriv kort vad som gjordes med synpunkten.")},
    )
