from django.contrib import admin

from .forms import AgreementForm
from .models import Agreement, Contact, CostSplit, EmailDomain, Municipality, PopulationFigure, Region


class EmailDomainInline(admin.TabularInline):
    model = EmailDomain
    extra = 0


class PopulationInline(admin.TabularInline):
    model = PopulationFigure
    extra = 0


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "region"]
    search_fields = ["code", "name"]
    inlines = [ContactInline, EmailDomainInline, PopulationInline]


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    # The portal's form, so that an upload here is checked as a PDF of limited size too.
    form = AgreementForm
    fields = ["municipality", *AgreementForm.Meta.fields]
    list_display = ["municipality", "kind", "status", "starts_on", "ends_on", "signed_on"]
    list_filter = ["kind", "status"]
    search_fields = ["municipality__name", "signatory"]


admin.site.register(Region)
admin.site.register(CostSplit)
