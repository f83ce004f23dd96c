from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MunicipalitiesConfig(AppConfig):
    name = "municipalities"
    verbose_name = _("Kommuner")

    def ready(self):
        from core import start

        start.register(
            "project_leader",
            _("Kommuner och överenskommelser"),
            _("Kommunernas kontakter, invånarantal och avtalsstatus."),
            "municipalities:list",
            20,
        )
        start.register(
            "steering_group",
            _("Kommuner"),
            _("Vilka kommuner som anslutit sig, deras invånarantal och avtalsstatus."),
            "municipalities:list",
            20,
        )
        start.register(
            "project_leader",
            _("Kostnadsfördelning"),
            _("Årets budget fördelad på kommunerna, med export till Excel."),
            "municipalities:cost_splits",
            21,
        )
        start.register(
            "steering_group",
            _("Kostnadsfördelning"),
            _("Vad varje kommun betalar och varför."),
            "municipalities:cost_splits",
            21,
        )
        start.register(
            "manager",
            _("Min kommun"),
            _("Din kommuns uppgifter, kontakter och överenskommelse."),
            "municipalities:mine",
            40,
        )
