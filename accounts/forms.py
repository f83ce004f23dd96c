"""Forms for sign-up details, invitations and a person's own details."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import PortalFormMixin
from municipalities.models import Municipality

from .models import User
from .roles import Role


class SignupForm(forms.Form):
    """Extra fields on allauth's sign-up form."""

    first_name = forms.CharField(label=_("Förnamn"), max_length=80)
    last_name = forms.CharField(label=_("Efternamn"), max_length=80)

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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].required = True
        self.fields["last_name"].required = True
        self.fields["municipality"].queryset = Municipality.objects.select_related("region")
        self.fields["municipality"].empty_label = _("Ingen kommun (regional roll)")

    def clean(self):
        cleaned = super().clean()
        # Staff and their managers belong to a municipality: approvals and visibility depend on it.
        if set(cleaned.get("roles") or ()) & {Role.SOCIAL_WORKER, Role.MANAGER} and not cleaned.get(
            "municipality"
        ):
            self.add_error("municipality", _("Välj kommun för socialsekreterare och enhetschefer."))
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
