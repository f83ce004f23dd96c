from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnrollmentConfig(AppConfig):
    name = "enrollment"
    verbose_name = _("Anmälan")

    def ready(self):
        from . import gdpr

        gdpr.register()  # what this app holds about a person, for the GDPR export and anonymisation
        from core import start
        from courses import hooks
        from courses.signals import occasion_changed
        from municipalities import hooks as municipality_hooks

        from . import receivers, sections, selectors

        # The bookings follow the catalogue's changes (sent by courses.services under the occasion lock).
        occasion_changed.connect(receivers.bookings_follow_occasion, dispatch_uid="enrollment-bookings")
        occasion_changed.connect(receivers.booked_hear_of_changed_days, dispatch_uid="enrollment-days")

        # The catalogue counts places, shows our part of an occasion's page and marks where a person is
        # on the route through its hooks.
        hooks.register_places_taken(selectors.places_taken, selectors.places_taken_expression)
        hooks.register_occasion_section(sections.occasion_section)
        hooks.register_course_section(sections.course_section)
        from . import interest

        hooks.register_demand(interest.interest_counts)
        hooks.register_current_steps(selectors.current_step_ids)
        hooks.register_participants(selectors.participants_by_occasion)
        municipality_hooks.register_section(
            "enrollment/_municipality_activity.html", sections.municipality_activity, order=20
        )

        start.register(
            "social_worker",
            _("Min yrkesresa"),
            _("Dina steg, kurser, anmälningar och kursintyg."),
            "enrollment:mine",
            10,
        )
        start.register(
            "manager",
            _("Anmälningar att godkänna"),
            _("Godkänn eller avslå personalens anmälningar."),
            "enrollment:queue",
            10,
        )
        start.register(
            "manager",
            _("Personalens kurser och steg"),
            _("Bokningar, historik, nominering och att flytta upp ett steg."),
            "enrollment:staff",
            12,
        )
        start.register(
            "course_leader",
            _("Mina kurstillfällen"),
            _("Deltagarlistor, närvaro och närvarolistor att skriva ut."),
            "enrollment:occasions",
            10,
        )
        start.register(
            "project_leader",
            _("Anmälningar att godkänna"),
            _("Alla anmälningar som väntar på godkännande."),
            "enrollment:queue",
            30,
        )
        start.register(
            "project_leader",
            _("Intresselistor"),
            _("Vilka som väntar på ett kurstillfälle, per kurs."),
            "enrollment:interests",
            32,
        )
        start.register(
            "project_leader",
            _("Tak för reserverade platser"),
            _("Hur många platser varje kommun får reservera per kurstillfälle."),
            "enrollment:reservation_caps",
            33,
        )
        start.register(
            "manager",
            _("Intresselistor"),
            _("Personalens intresseanmälningar per kurs."),
            "enrollment:interests",
            14,
        )
        start.register(
            "project_leader",
            _("Deltagarlistor"),
            _("Deltagare och närvaro för alla kurstillfällen."),
            "enrollment:occasions",
            31,
        )
        for role, order in (("project_leader", 34), ("course_leader", 12)):
            start.register(
                role,
                _("Meddelanden"),
                _("Skriv till deltagare, reservlistor eller chefsnätverket, och se vad som har skickats."),
                "enrollment:messages",
                order,
            )
