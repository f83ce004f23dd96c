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

from . import mailtemplates, notifications, outbox, start
from .access import role_required
from .errors import DomainError, show_error
from .forms import AccessibilityReportForm, NotificationTemplateForm
from .models import NotificationTemplate, OutboxEmail

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


def _kind_or_404(app, name):
    from django.http import Http404

    kind = mailtemplates.kind(f"{app}/email/{name}")
    if kind is None:
        raise Http404
    return kind


@role_required(PROJECT_LEADER)
def notification_templates(request):
    """Every kind of e-mail the portal sends, whether its text is edited, and its placeholders."""
    edited = set(NotificationTemplate.objects.values_list("kind", flat=True))
    kinds = sorted(mailtemplates.kinds().values(), key=lambda kind: (str(kind.app_name), kind.name))
    return render(request, "core/notification_templates.html", {"kinds": kinds, "edited": edited})


@role_required(PROJECT_LEADER)
def notification_template_edit(request, app, name):
    kind = _kind_or_404(app, name)
    current = NotificationTemplate.objects.filter(kind=kind.name).first()
    initial = (
        {field: getattr(current, field) for field in NotificationTemplateForm.base_fields} if current else {}
    )
    form = NotificationTemplateForm(
        request.POST if request.method == "POST" else None, kind=kind, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            mailtemplates.template_save(kind_name=kind.name, by_id=request.user.pk, **form.cleaned_data)
        except DomainError as error:
            show_error(request, error)
        else:
            messages.success(request, _("Texten är sparad. Den används i e-post från och med nu."))
            return redirect("notification_templates")
    subject, body = mailtemplates.shipped_source(kind.name)
    return render(
        request,
        "core/notification_template_edit.html",
        {"kind": kind, "form": form, "current": current, "shipped_subject": subject, "shipped_body": body},
    )


@require_POST
@role_required(PROJECT_LEADER)
def notification_template_restore(request, app, name):
    kind = _kind_or_404(app, name)
    if mailtemplates.template_restore(kind_name=kind.name):
        messages.success(request, _("Standardtexten används igen."))
    return redirect("notification_templates")
