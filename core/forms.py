"""Forms of the core app, and what every app's forms share."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import AccessibilityReport
from .text import clean_name

# Django's empty choice in a select ("---------") tells the reader nothing.
BARE_EMPTY_LABEL = "---------"


def empty_choice_label(field):
    """ "Välj kommun" where a choice is needed; "Inget val" where the field may be left empty."""
    if not field.required:
        return _("Inget val")
    label = str(field.label or "")
    return _("Välj %(what)s") % {"what": label[:1].lower() + label[1:]} if label else _("Välj …")


# Every date the portal keeps belongs to the programme (agreements from 2021, courses, surveys): a year
# outside this range is a typing error (0001, 9999), and refusing it keeps the sums on the dashboards right.
EARLIEST_DATE, LATEST_DATE = datetime.date(2000, 1, 1), datetime.date(2099, 12, 31)


def plausible_date(value):
    if value is not None and not EARLIEST_DATE <= value <= LATEST_DATE:
        raise ValidationError(
            _("Ange ett datum mellan år %(first)s och %(last)s.")
            % {"first": EARLIEST_DATE.year, "last": LATEST_DATE.year},
            code="date_range",
        )


class DateInput(forms.DateInput):
    """The browser's date picker, which also keeps the year within the portal's range."""

    input_type = "date"

    def __init__(self, attrs=None, **kwargs):
        attrs = {"min": EARLIEST_DATE.isoformat(), "max": LATEST_DATE.isoformat(), **(attrs or {})}
        super().__init__(attrs=attrs, format="%Y-%m-%d", **kwargs)


class PortalFormMixin:
    """What every form of the portal shares: a worded empty choice in every select instead of
    "---------", and dates within the portal's range.

    Put it first among the bases (`class F(PortalFormMixin, forms.ModelForm)`). It runs at the
    end of the base __init__, so a form that changes a field's `required` later should do so before
    calling super().__init__ or set the label itself. tests/test_empty_choices.py finds forms without it.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DateField) and plausible_date not in field.validators:
                field.validators = [*field.validators, plausible_date]  # a copy: the class's list is shared
            if isinstance(field, forms.ModelChoiceField):
                if field.empty_label == BARE_EMPTY_LABEL:
                    field.empty_label = empty_choice_label(field)
            elif isinstance(field, forms.ChoiceField):
                bare = ("", BARE_EMPTY_LABEL)
                choices = list(field.choices)
                if bare in choices:
                    field.choices = [
                        ("", empty_choice_label(field)) if choice == bare else choice for choice in choices
                    ]

    @property
    def dropped_uploads(self):
        """[(bound field, file name)] of files chosen in a post that had errors: nothing was saved, and a
        browser never fills a file input again, so the error summary says plainly to choose them again."""
        if not self.is_bound or not self.errors or not self.files:
            return []
        return [
            (self[name], self.files[name].name)
            for name, field in self.fields.items()
            if isinstance(field, forms.FileField) and self.add_prefix(name) in self.files
        ]


class NameField(forms.CharField):
    """A person's name: control characters (a carriage return, a zero-width space), line breaks and
    doubled spaces are removed (core.text.clean_name), so a name is always one clean line wherever it is
    shown or put in an e-mail header. Every form field for a person's name uses it."""

    def to_python(self, value):
        value = super().to_python(value)
        return value if value in self.empty_values else clean_name(value)


class LabelledChoicesModelForm(PortalFormMixin, forms.ModelForm):
    """The base for model forms built by a factory (inline formsets)."""


class AccessibilityReportForm(forms.ModelForm):
    class Meta:
        model = AccessibilityReport
        fields = ["page_url", "description", "name", "email"]
        field_classes = {"name": NameField}
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
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": next((v for v in value if _too_large(v)), "")},
            ) from None


def _too_large(value):
    try:
        return abs(int(value)) >= 2**63
    except (TypeError, ValueError):
        return False


def plain_bootstrap_widgets(form):
    """Gives each widget its Bootstrap 5 class, for forms rendered with core/forms/plain_field.html.

    The list pages' GET filter forms are rendered on every view of a list; crispy's template machinery
    cost about a quarter of such a page, and these short forms need none of its layouts.
    """
    for name, field in form.fields.items():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs["class"] = css + (" is-invalid" if form.is_bound and form.errors.get(name) else "")
        if form.is_bound and form.errors.get(name):
            widget.attrs["aria-describedby"] = f"id_{name}_error_1"
    return form


class NotificationTemplateForm(PortalFormMixin, forms.Form):
    """The project leader's texts of one kind of notification; each is checked against its placeholders."""

    subject_sv = forms.CharField(label=gettext_lazy("Ämne på svenska"), max_length=255, required=False)
    body_sv = forms.CharField(
        label=gettext_lazy("Text på svenska"), required=False, widget=forms.Textarea(attrs={"rows": 10})
    )
    subject_en = forms.CharField(label=gettext_lazy("Ämne på engelska"), max_length=255, required=False)
    body_en = forms.CharField(
        label=gettext_lazy("Text på engelska"), required=False, widget=forms.Textarea(attrs={"rows": 10})
    )

    def __init__(self, *args, kind, **kwargs):
        self.kind = kind
        super().__init__(*args, **kwargs)

    def clean(self):
        from .mailtemplates import texts_problems

        cleaned = super().clean()
        texts = {name: cleaned.get(name, "") for name in self.fields}
        for field, problems in texts_problems(kind_name=self.kind.name, texts=texts).items():
            for problem in problems:
                self.add_error(field, problem)
        return cleaned
