from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Personer och konton")

    def ready(self):
        from . import gdpr

        gdpr.register()  # what this app holds about a person, for the GDPR export and anonymisation
        from auditlog.registry import auditlog

        from core import start

        from .models import User

        # Keep the history of role and municipality changes (who, when, what).
        auditlog.register(
            User,
            include_fields=[
                "email",
                "first_name",
                "last_name",
                "municipality",
                "manager",
                "is_active",
                "is_project_leader",
                "is_manager",
                "is_social_worker",
                "is_course_leader",
                "is_steering_group",
                "is_mentor",
                "is_first_social_worker",
                "is_staff",
            ],
        )
        start.register(
            "project_leader",
            _("Bjud in personer"),
            _("Skapa konton åt projektledare, chefer, kursledare och styrgrupp."),
            "accounts:invite",
            10,
        )
        start.register(
            "project_leader",
            _("Personer"),
            _("Alla personer i portalen, deras kommun och roller."),
            "accounts:people",
            15,
        )
        start.register(
            "manager",
            _("Min personal"),
            _("Medarbetarna i din kommun och deras roller."),
            "accounts:people",
            15,
        )
        start.register(
            "manager",
            _("Flytta in en person"),
            _(
                "En socialsekreterare som byter till er kommun tar med sig steg, kurser och introduktionsplan."
            ),
            "accounts:move_in",
            16,
        )
