from django.contrib import admin

from .models import EmailDomain, Municipality, PopulationFigure, Region


class EmailDomainInline(admin.TabularInline):
    model = EmailDomain
    extra = 0


class PopulationInline(admin.TabularInline):
    model = PopulationFigure
    extra = 0


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "region"]
    search_fields = ["code", "name"]
    inlines = [EmailDomainInline, PopulationInline]


admin.site.register(Region)
