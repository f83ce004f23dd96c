from django.contrib import admin

from .models import DigitalCompletion, JourneyPart, Plan, PlanItem, StartingPointProposal, TotaraImport


@admin.register(JourneyPart)
class JourneyPartAdmin(admin.ModelAdmin):
    list_display = ["journey", "number", "expected_days", "due_months", "digital_counts"]
    filter_horizontal = ["courses"]


@admin.register(StartingPointProposal)
class StartingPointProposalAdmin(admin.ModelAdmin):
    list_display = ["step", "starting_point"]
    filter_horizontal = ["courses"]


class PlanItemInline(admin.TabularInline):
    model = PlanItem
    extra = 0
    raw_id_fields = ["responsible", "done_by", "course", "after_day"]


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["person", "municipality", "starting_point", "starts_on", "signed_off_at"]
    raw_id_fields = ["person", "mentor", "first_social_worker", "created_by", "signed_off_by"]
    inlines = [PlanItemInline]


admin.site.register(DigitalCompletion)
admin.site.register(TotaraImport)
