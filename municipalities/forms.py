"""Forms for municipalities, contacts, agreements, the cost split and the population upload."""

from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.forms import DateInput, LabelledChoicesModelForm, PortalFormMixin

from .models import Agreement, Contact, CostSplit, Municipality, Region, validate_pdf
from .services import COST_SPLIT_FIELDS


class MunicipalityForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = Municipality
        fields = ["code", "name", "region", "joined_on"]
        widgets = {"joined_on": DateInput()}


ContactFormSet = inlineformset_factory(
    Municipality,
    Contact,
    fields=["role", "name", "email", "phone"],
    extra=1,
    can_delete=True,
    form=LabelledChoicesModelForm,
)


class AgreementForm(PortalFormMixin, forms.ModelForm):
    document = forms.FileField(
        label=_("Undertecknat dokument (PDF)"),
        required=False,
        validators=[validate_pdf],
        # A plain input: the default widget would link to the file under MEDIA_URL, which is never served.
        widget=forms.FileInput(attrs={"accept": "application/pdf,.pdf"}),
        help_text=_("Endast PDF, högst 10 MB."),
    )

    class Meta:
        model = Agreement
        fields = [
            "kind",
            "status",
            "starts_on",
            "ends_on",
            "sent_on",
            "signed_on",
            "signatory",
            "document",
            "notes",
        ]
        widgets = {name: DateInput() for name in ["starts_on", "ends_on", "sent_on", "signed_on"]}
        widgets["notes"] = forms.Textarea(attrs={"rows": 3})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.document:
            self.fields["document"].help_text = _(
                "Ett undertecknat dokument finns redan. Välj en ny fil bara om du vill ersätta det. "
                "Endast PDF, högst 10 MB."
            )


class CostSplitForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = CostSplit
        fields = COST_SPLIT_FIELDS
        localized_fields = ["regional_budget", "base_per_municipality", "national_fee_per_inhabitant"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].widget.attrs["inputmode"] = "numeric"
        if not self.instance.pk and Region.objects.count() == 1:
            self.fields["region"].initial = Region.objects.get()

    def clean(self):
        data = super().clean()
        region, year = data.get("region"), data.get("year")
        if (
            region
            and year
            and CostSplit.objects.filter(region=region, year=year).exclude(pk=self.instance.pk).exists()
        ):
            self.add_error(
                "year",
                _("Det finns redan en kostnadsfördelning för %(region)s %(year)s.")
                % {"region": region, "year": year},
            )
        budget, base = data.get("regional_budget"), data.get("base_per_municipality")
        if region and budget is not None and base is not None:
            count = region.municipalities.count()
            if base * count > budget:
                self.add_error(
                    "base_per_municipality",
                    ngettext(
                        "Grundbeloppet för %(count)s kommun (%(sum)s kr) är större än budgeten.",
                        "Grundbeloppen för %(count)s kommuner (%(sum)s kr) är större än budgeten.",
                        count,
                    )
                    % {"count": count, "sum": base * count},
                )
        return data


class PopulationUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV-fil med folkmängd"),
        help_text=_(
            "Kolumner: kommunkod, folkmängd, datum (ÅÅÅÅ-MM-DD). Komma eller semikolon som avgränsare."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )


class PopulationConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
