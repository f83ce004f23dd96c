from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "followup"
    verbose_name = _("Uppföljning")

    def ready(self):
        from . import gdpr

        gdpr.register()  # what this app holds about a person, for the GDPR export and anonymisation
        from core import start
        from enrollment import hooks, signals

        from . import receivers

        # dispatch_uid: connected once however often ready() runs.
        signals.step_changed.connect(receivers.step_changed, dispatch_uid="followup.step_changed")
        signals.occasion_completed.connect(
            receivers.occasion_completed, dispatch_uid="followup.occasion_completed"
        )
        # Open surveys are listed on the participant's journey page too.
        hooks.register_journey_section("followup/_journey_surveys.html", receivers.journey_surveys, order=10)

        start.register(
            "project_leader",
            _("Uppföljningsenkäter"),
            _("Bygg enkäterna, skicka årets omgångar och se svarsfrekvensen."),
            "followup:surveys",
            50,
        )
        start.register(
            "project_leader",
            _("Resultat av uppföljningen"),
            _("Målen i uppföljningsplanen mot målvärdet 80 %."),
            "followup:results",
            55,
        )
        start.register(
            "steering_group",
            _("Resultat av uppföljningen"),
            _("Målen i uppföljningsplanen mot målvärdet 80 %."),
            "followup:results",
            30,
        )
        start.register(
            "manager",
            _("Resultat av uppföljningen"),
            _("Din kommuns resultat, när tillräckligt många har svarat."),
            "followup:results",
            50,
        )
        for role in ("social_worker", "manager", "course_leader"):
            start.register(
                role,
                _("Mina enkäter"),
                _("Uppföljningsenkäter som väntar på ditt svar."),
                "followup:mine",
                60,
            )
