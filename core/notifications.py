"""Who core tells what: a reported accessibility problem goes to every project leader."""

from django.contrib.auth import get_user_model

from .outbox import Mail


def accessibility_report(report):
    leaders = get_user_model().objects.filter(is_project_leader=True, is_active=True)
    return [
        Mail(
            key=f"accessibility-report:{report.pk}:{leader.pk}",
            to=leader.email,
            template="core/email/accessibility_report",
            context={"report": report},
        )
        for leader in leaders
    ]
