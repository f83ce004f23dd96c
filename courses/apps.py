from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Kurser")

    def ready(self):
        from . import gdpr, receivers  # noqa: F401 – receivers keeps CourseOccasion.starts_on up to date

        gdpr.register()  # what this app holds about a person, for the GDPR export and anonymisation
        from . import services
        from .signals import occasion_changed

        # Course leaders and trainers hear of their occasions' changes (e-mail through the outbox).
        occasion_changed.connect(services.staff_hear_of_change, dispatch_uid="courses-staff-notices")
        from core import outbox

        from . import notification_switches

        # A kind of e-mail switched off for an occasion is not composed for it.
        outbox.register_filter(notification_switches.leave_out_switched_off)
        from core import start

        for role in ("social_worker", "manager", "course_leader", "steering_group", "project_leader"):
            start.register(
                role,
                _("Yrkesresan – kurserna steg för steg"),
                _("Resans steg och kurser, med kunskapsmål och kommande kurstillfällen."),
                "courses:catalogue",
                30,
            )
            start.register(
                role,
                _("Kommande kursdagar"),
                _("Sök kursdagar efter steg, månad, ort och lediga platser."),
                "courses:days",
                31,
            )
        start.register(
            "course_leader",
            _("Mina kursdagar"),
            _("Dina kommande kursdagar, platser och din kalenderlänk."),
            "courses:my_days",
            5,
        )
        start.register(
            "project_leader",
            _("Planering av kursdagar"),
            _("Årets kurstillfällen per månad med beläggning, kursledare och varningar."),
            "courses:planning",
            25,
        )
        start.register(
            "project_leader",
            _("Yrkesresor, steg och kurser"),
            _("Lägg upp och ändra resor, steg, kurser, kunskapsmål och kurstillfällen."),
            "courses:manage",
            26,
        )
        start.register(
            "project_leader",
            _("Kursledare och utbildare"),
            _(
                "Utbildarpoolen: vem som kan ge vilka kurser, timmar per utbildare och kommun, delning med andra regioner."
            ),
            "courses:trainers",
            27,
        )
        start.register(
            "project_leader",
            _("Förslag på utbildare"),
            _("Chefernas förslag på nya utbildare: anta, avböj eller lägg som vilande."),
            "courses:proposals",
            28,
        )
        start.register(
            "manager",
            _("Föreslå en utbildare"),
            _("Föreslå en erfaren medarbetare som utbildare i Yrkesresan och se hur det gick."),
            "courses:proposals",
            40,
        )
