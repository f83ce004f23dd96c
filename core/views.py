"""The start page, the public pages every visitor may read (privacy and accessibility), and the project
leader's list of e-mails that could not be delivered."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from . import notifications, outbox, start
from .access import role_required
from .forms import AccessibilityReportForm
from .models import OutboxEmail

# accounts.Role.PROJECT_LEADER: core sits below accounts and cannot import it.
PROJECT_LEADER = "project_leader"


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
                outbox.enqueue(notifications.accessibility_report(report))
            messages.success(request, _("Tack! Din rapport har skickats till den regionala projektledaren."))
            return redirect("accessibility")
    return render(request, "core/accessibility.html", {"form": form})


@role_required(PROJECT_LEADER)
def failed_emails(request):
    """E-mails the outbox gave up on (a refused address, repeated failures), with the reason."""
    failed = OutboxEmail.objects.failed().exclude(last_error="anonymised").order_by("-created_at", "-pk")
    page = Paginator(failed, 50).get_page(request.GET.get("sida"))
    return render(request, "core/failed_emails.html", {"page": page})


@require_POST
@role_required(PROJECT_LEADER)
def failed_email_retry(request, pk):
    email = get_object_or_404(OutboxEmail.objects.failed().exclude(last_error="anonymised"), pk=pk)
    outbox.retry(email.pk)
    email.refresh_from_db()
    if email.status == OutboxEmail.Status.SENT:
        messages.success(request, _("E-postmeddelandet till %(to)s är skickat.") % {"to": email.recipient})
    elif email.status == OutboxEmail.Status.FAILED:
        messages.error(
            request,
            _("E-postmeddelandet till %(to)s kunde inte heller skickas nu: %(reason)s")
            % {"to": email.recipient, "reason": email.last_error},
        )
    else:
        messages.success(
            request, _("E-postmeddelandet till %(to)s skickas om en stund.") % {"to": email.recipient}
        )
    return redirect("failed_emails")
