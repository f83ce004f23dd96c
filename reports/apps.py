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
            "project_leader",
            _("Volymplanering"),
            _(
                "Kurstillfällen som behövs per månad för del 1 och del 2, mot det som är planerat, och var platser saknas."
            ),
            "reports:planning",
            24,
        )
        register(
            "project_leader",
            _("Förväntade nyanställda"),
            _("Kommunernas förväntade nyanställda per månad och regionens summa."),
            "reports:hires",
            28,
        )
        register(
            "manager",
            _("Förväntade nyanställda"),
            _("Ange hur många nya socialsekreterare kommunen räknar med per månad."),
            "reports:hires",
            60,
        )
        register(
            "manager",
            _("Översikt för kommunen"),
            _("Nyckeltal och medarbetarnas steg."),
            "reports:dashboard",
            90,
        )
