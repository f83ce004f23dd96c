from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntroductionConfig(AppConfig):
    name = "introduction"
    verbose_name = _("Introduktion")

    def ready(self):
        from core import start
        from enrollment import hooks as enrollment_hooks

        from . import gdpr, receivers, sections  # noqa: F401  (receivers connect to enrollment's signals)

        gdpr.register()
        start.register_section("introduction/_start_own_plan.html", sections.own_plan, order=10)
        start.register_section("introduction/_start_attention.html", sections.attention, order=20)
        enrollment_hooks.register_journey_section(
            "introduction/_journey_plan.html", sections.journey_plan, order=5
        )
        start.register(
            "manager",
            _("Anställ och planera introduktion"),
            _("Registrera en nyanställd, utgångsläge, mentor och introduktionsplan."),
            "introduction:hire",
            5,
        )
        start.register(
            "manager",
            _("Nyanställdas introduktion"),
            _("Planer, dagar mot förväntat och fyramånadersregeln."),
            "introduction:plans",
            6,
        )
        for role in ("mentor", "first_social_worker"):
            start.register(
                role,
                _("Introduktionsplaner"),
                _("Planerna där du är namngiven: se och bocka av punkter."),
                "introduction:plans",
                5,
            )
        start.register(
            "project_leader",
            _("Introduktionsplaner"),
            _("Alla nyanställdas planer och deras status."),
            "introduction:plans",
            40,
        )
        start.register(
            "project_leader",
            _("Importera från Totara"),
            _("Slutförda digitala delar från en CSV-export ur Totara."),
            "introduction:totara_import",
            41,
        )
