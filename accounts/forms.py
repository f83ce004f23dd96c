"""Forms for sign-up details, invitations and a person's own details."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, NameField, PortalFormMixin
from municipalities.models import Municipality

from .models import User
from .roles import MUNICIPALITY_NEEDED, NEEDS_MUNICIPALITY, Role


class SignupForm(forms.Form):
    """Extra fields on allauth's sign-up form."""

    first_name = NameField(label=_("Förnamn"), max_length=80)
    last_name = NameField(label=_("Efternamn"), max_length=80)

    def signup(self, request, user):
        user.first_name = self.cleaned_data["first_name"]
        user.last_name = self.cleaned_data["last_name"]
        user.save()


class InviteForm(PortalFormMixin, forms.ModelForm):
    roles = forms.MultipleChoiceField(
        label=_("Roller"),
        choices=Role.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Välj minst en roll.")},
    )

    class Meta:
        model = User
        fields = ["email", "first_name", "last_name", "municipality", "title"]
        field_classes = {"first_name": NameField, "last_name": NameField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].required = True
        self.fields["last_name"].required = True
        self.fields["municipality"].queryset = Municipality.objects.select_related("region")
        self.fields["municipality"].empty_label = _("Ingen kommun (regional roll)")

    def clean(self):
        cleaned = super().clean()
        if set(cleaned.get("roles") or ()) & NEEDS_MUNICIPALITY and not cleaned.get("municipality"):
            self.add_error("municipality", MUNICIPALITY_NEEDED)
        return cleaned

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("Det finns redan en person med den e-postadressen."))
        return email


class ProfileForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "phone", "title", "manager"]
        field_classes = {"first_name": NameField, "last_name": NameField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A person names a manager from their own municipality.
        managers = User.objects.with_role(Role.MANAGER).exclude(pk=self.instance.pk)
        self.fields["manager"].queryset = managers.filter(municipality_id=self.instance.municipality_id)
        self.fields["manager"].help_text = _(
            "Din anmälan till kurser skickas till den här chefen för godkännande."
        )
        self.fields["manager"].empty_label = _("Ingen chef vald")


class PeopleFilterForm(forms.Form):
    q = forms.CharField(label=_("Sök namn eller e-post"), required=False, max_length=100)
    role = forms.ChoiceField(label=_("Roll"), required=False, choices=[("", _("Alla roller"))] + Role.choices)


class RolesForm(PortalFormMixin, forms.Form):
    """The project leader sets a person's roles on the person's page (accounts.services.person_set_roles)."""

    roles = forms.MultipleChoiceField(
        label=_("Roller"),
        choices=Role.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Välj minst en roll.")},
    )


class MoveForm(PortalFormMixin, forms.Form):
    """Change a person's municipality from a date (the project leader, on the person's page): a first
    employment, a move, or no municipality (the employment ends); accounts.services decides which."""

    # Ending the employment is a choice of its own, never the default: a form sent with only a date
    # ended the person's employment and took their municipality and manager away.
    END = "slutar"

    municipality = forms.ChoiceField(label=_("Ny kommun"))
    on = forms.DateField(label=_("Gäller från"), widget=DateInput)
    unit = forms.CharField(label=_("Enhet"), max_length=120, required=False)
    title = forms.CharField(label=_("Befattning"), max_length=120, required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self._municipalities = {str(m.pk): m for m in Municipality.objects.order_by("name")}
        self.fields["municipality"].choices = [
            ("", _("Välj kommun …")),
            (self.END, _("Ingen kommun (anställningen slutar)")),
            *[(pk, m.name) for pk, m in self._municipalities.items()],
        ]

    def clean_municipality(self) -> Municipality | None:
        value = self.cleaned_data["municipality"]
        return None if value == self.END else self._municipalities[value]


class MoveInForm(PortalFormMixin, forms.Form):
    """A manager takes over a person who starts in their municipality (the old one need not approve)."""

    email = forms.EmailField(label=_("Personens e-postadress"))
    on = forms.DateField(label=_("Anställd hos er från"), widget=DateInput)
    unit = forms.CharField(label=_("Enhet"), max_length=120, required=False)
    title = forms.CharField(label=_("Befattning"), max_length=120, required=False)


class IdentityProviderForm(PortalFormMixin, forms.Form):
    """The project leader's single sign-on settings for one municipality (accounts.sso does the work)."""

    protocol = forms.ChoiceField(
        label=_("Inloggningsprotokoll"),
        choices=[("saml", _("SAML 2.0")), ("oidc", _("OpenID Connect"))],
        widget=forms.RadioSelect,
    )
    metadata_url = forms.URLField(
        label=_("IdP:ns metadata-adress (SAML)"),
        required=False,
        assume_scheme="https",
        help_text=_("Till exempel https://adfs.kommun.se/FederationMetadata/2007-06/FederationMetadata.xml"),
    )
    metadata_file = forms.FileField(
        label=_("…eller IdP:ns metadata-fil (SAML, XML)"),
        required=False,
        help_text=_("Ladda upp filen om IdP:n inte publicerar sin metadata på en adress."),
    )
    issuer = forms.URLField(
        label=_("Utfärdare, issuer (OpenID Connect)"), required=False, assume_scheme="https", max_length=300
    )
    client_id = forms.CharField(label=_("Klient-id (OpenID Connect)"), required=False, max_length=190)
    secret = forms.CharField(
        label=_("Klienthemlighet (OpenID Connect)"),
        required=False,
        max_length=190,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Lämna tomt för att behålla den sparade."),
    )
    email = forms.CharField(label=_("Attribut/claim för e-postadress"), max_length=200)
    first_name = forms.CharField(label=_("Attribut/claim för förnamn"), max_length=200, required=False)
    last_name = forms.CharField(label=_("Attribut/claim för efternamn"), max_length=200, required=False)
    title = forms.CharField(
        label=_("Attribut/claim för befattning (valfritt)"), max_length=200, required=False
    )
    role = forms.CharField(
        label=_("Attribut/claim för grupp eller roll (valfritt)"), max_length=200, required=False
    )
    manager_value = forms.CharField(
        label=_("Värde som betyder enhetschef IFO (valfritt)"),
        max_length=200,
        required=False,
        help_text=_("Den som har detta värde i grupp-/rollattributet blir enhetschef i portalen."),
    )

    MAX_METADATA_BYTES = 1_000_000

    def clean_metadata_url(self):
        url = self.cleaned_data.get("metadata_url", "")
        if url and not url.startswith(("https://", "http://127.0.0.1:", "http://localhost:")):
            raise forms.ValidationError(_("Metadata-adressen måste börja med https://."))
        return url

    def clean_metadata_file(self):
        upload = self.cleaned_data.get("metadata_file")
        if not upload:
            return ""
        if upload.size > self.MAX_METADATA_BYTES:
            raise forms.ValidationError(_("Metadata-filen är för stor (högst 1 MB)."))
        try:
            return upload.read().decode("utf-8")
        except UnicodeDecodeError as error:
            raise forms.ValidationError(_("Metadata-filen ska vara XML i UTF-8.")) from error

    def clean(self):
        data = super().clean()
        if data.get("protocol") == "saml" and not (data.get("metadata_url") or data.get("metadata_file")):
            self.add_error(
                "metadata_url", _("Ange IdP:ns metadata-adress eller ladda upp dess metadata-fil.")
            )
        if data.get("protocol") == "oidc":
            if not data.get("issuer"):
                self.add_error("issuer", _("Ange utfärdaren (issuer)."))
            if not data.get("client_id"):
                self.add_error("client_id", _("Ange klient-id."))
        if data.get("role") and not data.get("manager_value"):
            self.add_error("manager_value", _("Ange vilket värde som betyder enhetschef."))
        return data

    def mapping(self):
        return {
            field: self.cleaned_data.get(field, "")
            for field in ("email", "first_name", "last_name", "title", "role")
        }


class SsoStartForm(forms.Form):
    email = forms.EmailField(label=_("Din e-postadress i kommunen"), max_length=254)
