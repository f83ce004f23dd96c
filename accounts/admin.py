from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from core.forms import NameField

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "municipality", "is_active"]
    list_filter = [
        "municipality",
        "is_project_leader",
        "is_manager",
        "is_social_worker",
        "is_course_leader",
        "is_steering_group",
        "is_active",
    ]
    search_fields = ["email", "first_name", "last_name"]
    autocomplete_fields = ["manager"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in ("first_name", "last_name"):
            kwargs["form_class"] = NameField  # cleaned as in every other form (core.forms.NameField)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["first_name", "last_name", "phone", "title", "municipality", "manager"]}),
        (
            _("Roller"),
            {
                "fields": [
                    "is_project_leader",
                    "is_manager",
                    "is_social_worker",
                    "is_course_leader",
                    "is_steering_group",
                ]
            },
        ),
        (
            _("Behörighet"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]
