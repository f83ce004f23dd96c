"""The admin's view of enrollments: for looking things up; state changes go through the pages."""

from django.contrib import admin

from .models import Attendance, Enrollment, EnrollmentEvent, StepPlacement


class EventInline(admin.TabularInline):
    model = EnrollmentEvent
    extra = 0
    can_delete = False
    readonly_fields = ["at", "actor", "from_status", "to_status", "reason"]


@admin.register(Enrollment)
class EnrollmentAdmin(admin.ModelAdmin):
    list_display = ["person", "occasion", "status", "requested_at"]
    list_filter = ["status"]
    search_fields = ["person__email", "person__last_name", "occasion__course__name"]
    raw_id_fields = ["person", "occasion", "requested_by", "manager", "decided_by"]
    # The status changes only through enrollment.services, which lock, audit and notify.
    readonly_fields = ["status", "waitlisted_at", "pending_since", "decided_at"]
    inlines = [EventInline]


@admin.register(StepPlacement)
class StepPlacementAdmin(admin.ModelAdmin):
    list_display = ["person", "journey", "step", "since", "changed_by"]
    raw_id_fields = ["person", "changed_by"]


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ["enrollment", "day", "present"]
    raw_id_fields = ["enrollment", "day", "recorded_by"]
