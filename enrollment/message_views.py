"""Pages for messages (write, preview, send, the log) and for switching kinds of e-mail off per occasion.
Thin: the rules are in enrollment.messaging."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.roles import Role
from core.access import role_required
from core.errors import DomainError, show_error
from core.models import OutboxEmail
from core.once import new_token
from courses import notification_switches

from . import messaging
from .access import get_managed_occasion
from .forms import MessageForm, OccasionNotificationsForm
from .models import Message

WRITERS = (Role.PROJECT_LEADER, Role.COURSE_LEADER)


@role_required(*WRITERS)
def message_log(request):
    """Who sent what to whom and when, newest first."""
    sent = (
        messaging.messages_visible_to(request.user)
        .prefetch_related("municipalities")
        .annotate(recipient_count=Count("recipients"))
        .order_by("-created_at", "-pk")
    )
    page = Paginator(sent, 30).get_page(request.GET.get("sida"))
    return render(request, "enrollment/message_log.html", {"page": page})


@role_required(*WRITERS)
def message_detail(request, pk):
    message = get_object_or_404(messaging.messages_visible_to(request.user), pk=pk)
    recipients = list(message.recipients.select_related("person__municipality"))
    states = dict(
        OutboxEmail.objects.filter(key__in=[r.key for r in recipients]).values_list("key", "status")
    )
    labels = dict(OutboxEmail.Status.choices)
    for recipient in recipients:
        status = states.get(recipient.key)
        recipient.state, recipient.state_label = status, labels.get(status, _("Inget e-postmeddelande"))
    return render(request, "enrollment/message_detail.html", {"message": message, "recipients": recipients})


@role_required(*WRITERS)
def message_new(request):
    """Write (GET), preview (POST without "send") and send (POST with "send") a message."""
    if request.method != "POST":
        initial = {"token": new_token(), "audience": Message.Audience.PARTICIPANTS}
        occasion_pk = request.GET.get("tillfalle", "")
        if occasion_pk.isdigit():
            initial["occasion"] = get_managed_occasion(request.user, int(occasion_pk)).pk
        return render(
            request, "enrollment/message_form.html", {"form": MessageForm(user=request.user, initial=initial)}
        )
    form = MessageForm(request.POST, user=request.user)
    if not form.is_valid() or "edit" in request.POST:
        return render(request, "enrollment/message_form.html", {"form": form})
    values = form.service_values()
    if "send" in request.POST:
        try:
            message, created = messaging.message_send(
                sender_id=request.user.pk, token=form.cleaned_data["token"], **values
            )
        except DomainError as error:
            show_error(request, error)
        else:
            count = message.recipients.count()
            if created:
                messages.success(
                    request,
                    ngettext(
                        "Meddelandet skickas till %(n)s mottagare.",
                        "Meddelandet skickas till %(n)s mottagare.",
                        count,
                    )
                    % {"n": count},
                )
            else:
                messages.info(request, _("Meddelandet var redan skickat, så inget skickades en gång till."))
            return redirect("enrollment:message_detail", message.pk)
    recipients = messaging.message_recipients(
        audience=values["audience"],
        occasion=form.cleaned_data.get("occasion"),
        municipality_ids=values["municipality_ids"],
    )
    preview = messaging.message_preview(
        sender=request.user, subject=values["subject"], body=values["body"], recipients=recipients
    )
    return render(
        request,
        "enrollment/message_form.html",
        {"form": form, "preview": preview, "recipients": recipients, "previewed": True},
    )


@role_required(Role.PROJECT_LEADER)
def occasion_notifications(request, occasion_pk):
    """The project leader switches kinds of e-mail off (and on again) for one occasion."""
    occasion = get_managed_occasion(request.user, occasion_pk)
    kinds = notification_switches.switchable_kinds()
    initial = {"kinds_off": list(occasion.notifications_off)}
    form = OccasionNotificationsForm(
        request.POST if request.method == "POST" else None, kinds=kinds, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        off = notification_switches.occasion_notifications_set(
            occasion_id=occasion.pk, kinds_off=form.cleaned_data["kinds_off"]
        )
        messages.success(
            request,
            ngettext(
                "%(n)s slag av e-post är avstängt för tillfället.",
                "%(n)s slag av e-post är avstängda för tillfället.",
                len(off),
            )
            % {"n": len(off)},
        )
        return redirect("enrollment:occasion_notifications", occasion.pk)
    return render(request, "enrollment/occasion_notifications.html", {"occasion": occasion, "form": form})
