"""Admin for the catalogue, for support; the project leader works in the portal's own pages."""

from django.contrib import admin

from . import services
from .models import (
    Course,
    CourseDay,
    CourseOccasion,
    Journey,
    KnowledgeGoal,
    Room,
    Step,
    TrainerProfile,
    TrainerProposal,
    TrainerProposalEvent,
    Venue,
)


class StepInline(admin.TabularInline):
    model = Step
    extra = 0


class KnowledgeGoalInline(admin.TabularInline):
    model = KnowledgeGoal
    extra = 0


class CourseDayInline(admin.TabularInline):
    model = CourseDay
    extra = 0


@admin.register(Journey)
class JourneyAdmin(admin.ModelAdmin):
    list_display = ["name", "order", "is_published"]
    inlines = [StepInline]


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ["name", "step", "status"]
    list_filter = ["status", "step"]
    inlines = [KnowledgeGoalInline]


@admin.register(CourseOccasion)
class CourseOccasionAdmin(admin.ModelAdmin):
    list_display = ["course", "region", "status", "capacity", "signup_closes"]
    list_filter = ["status", "region"]
    filter_horizontal = ["course_leaders", "trainers"]
    inlines = [CourseDayInline]
    # Set on the occasion's page of e-mail switches, which validates the kinds; a bare JSON field here
    # saved an emptied box as NULL and failed.
    readonly_fields = ["notifications_off"]

    def save_model(self, request, obj, form, change):
        if not change:  # a new occasion has no bookings to follow it
            super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        if not change:
            super().save_related(request, form, formsets, change)
            # As courses.services.occasion_save does for a new occasion: its leaders and trainers hear of it.
            services.staff_tell(form.instance, old_leaders=set(), old_trainers=set())
            return
        # A change goes through the service's lock and tells enrollment what changed (the bookings
        # follow a cancellation or more places; the booked hear of changed days).
        with services.occasion_changing(form.instance.pk):
            super().save_model(request, form.instance, form, change)
            super().save_related(request, form, formsets, change)


@admin.register(TrainerProfile)
class TrainerProfileAdmin(admin.ModelAdmin):
    list_display = ["person", "trained_on", "is_active", "shared_with_other_regions"]
    filter_horizontal = ["courses"]


class TrainerProposalEventInline(admin.TabularInline):
    model = TrainerProposalEvent
    extra = 0
    readonly_fields = ["from_status", "to_status", "actor", "note", "at"]
    can_delete = False


@admin.register(TrainerProposal)
class TrainerProposalAdmin(admin.ModelAdmin):
    """For support only: decisions are made in the portal (courses.pool), which writes the history."""

    list_display = ["person", "municipality", "status", "created_at"]
    list_filter = ["status", "municipality"]
    readonly_fields = ["status"]
    inlines = [TrainerProposalEventInline]


class RoomInline(admin.TabularInline):
    model = Room
    extra = 0


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality", "town", "is_active"]
    list_filter = ["municipality", "is_active"]
    inlines = [RoomInline]
