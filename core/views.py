"""The start page, and the public pages every visitor may read: privacy and accessibility."""

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django_ratelimit.decorators import ratelimit

from . import start
from .forms import AccessibilityReportForm
from .tasks import send_accessibility_report


def home(request):
    if not request.user.is_authenticated:
        return render(request, "core/landing.html")
    sections = [{"role": role, "items": start.items_for(role)} for role in request.user.roles]
    return render(
        request, "core/start.html", {"sections": sections, "app_sections": start.sections_for(request)}
    )


def privacy(request):
    # The page states the retention the code applies (followup.services.invitations_remove_old).
    return render(
        request,
        "core/privacy.html",
        {"invitation_retention_days": settings.FOLLOWUP_INVITATION_RETENTION_DAYS},
    )


@ratelimit(key="ip", rate="10/h", method="POST", block=False)
def accessibility(request):
    form = AccessibilityReportForm(request.POST or None, initial={"page_url": request.GET.get("sida", "")})
    if request.method == "POST":
        if getattr(request, "limited", False):
            messages.error(
                request,
                _(
                    "Du har skickat många rapporter på kort tid. Försök igen om en stund "
                    "eller skriv till oss via e-post."
                ),
            )
        elif form.is_valid():
            with transaction.atomic():
                report = form.save()
                send_accessibility_report.delay_on_commit(report.pk)
            messages.success(request, _("Tack! Din rapport har skickats till den regionala projektledaren."))
            return redirect("accessibility")
    return render(request, "core/accessibility.html", {"form": form})
