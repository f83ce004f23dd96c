"""Who core tells what: a reported accessibility problem goes to every project leader."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model

from .outbox import Mail

if TYPE_CHECKING:
    from .models import AccessibilityReport


def accessibility_report(report: AccessibilityReport) -> list[Mail]:
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
