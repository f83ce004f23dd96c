"""Dashboards and the yearly report: the top layer, reading every other app."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Rapporter")

    def ready(self):
        from core.start import register

        register(
            "steering_group", _("Översikt"), _("Hur Yrkesresan går i regionen i år."), "reports:dashboard", 10
        )
        register(
            "project_leader",
            _("Översikt och årsrapport"),
            _("Nyckeltal, mål och årsrapporten."),
            "reports:dashboard",
            90,
        )
        register(
            "manager",
            _("Översikt för kommunen"),
            _("Nyckeltal och medarbetarnas steg."),
            "reports:dashboard",
            90,
        )
