from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Gemensamt")

    def ready(self):
        from . import start

        start.register(
            "project_leader",
            _("E-post som inte gick fram"),
            _("Utskick som portalen har gett upp, med orsaken, och knappen för att försöka igen."),
            "failed_emails",
            90,
        )
        start.register(
            "project_leader",
            _("E-postmallar"),
            _("Ämne och text för varje slag av e-post, på svenska och engelska, med platshållare."),
            "notification_templates",
            91,
        )
