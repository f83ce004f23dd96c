"""Admin for the survey structure only: invitations and responses stay out, so the admin cannot join them."""

from django.contrib import admin

from .models import CourseSampling, Question, SurveyRound, SurveyTemplate


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = [
        "order",
        "text",
        "kind",
        "scale",
        "goal",
        "aspect",
        "is_measured",
        "target_percent",
        "condition",
    ]


@admin.register(SurveyTemplate)
class SurveyTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "goals"]
    inlines = [QuestionInline]


@admin.register(SurveyRound)
class SurveyRoundAdmin(admin.ModelAdmin):
    list_display = ["__str__", "year", "opens_on", "closes_on", "sent_at"]
    list_filter = ["template", "year"]
    raw_id_fields = ["occasion"]


@admin.register(CourseSampling)
class CourseSamplingAdmin(admin.ModelAdmin):
    list_display = ["course", "mode", "every_n", "share_percent", "seed", "always_first"]
    readonly_fields = ["seed"]
