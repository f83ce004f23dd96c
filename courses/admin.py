"""Admin for the catalogue, for support; the project leader works in the portal's own pages."""

from django.contrib import admin

from .models import (
    Course,
    CourseDay,
    CourseOccasion,
    Journey,
    KnowledgeGoal,
    Room,
    Step,
    TrainerProfile,
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


@admin.register(TrainerProfile)
class TrainerProfileAdmin(admin.ModelAdmin):
    list_display = ["person", "trained_on", "is_active"]
    filter_horizontal = ["courses"]


class RoomInline(admin.TabularInline):
    model = Room
    extra = 0


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality", "town", "is_active"]
    list_filter = ["municipality", "is_active"]
    inlines = [RoomInline]
