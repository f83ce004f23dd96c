"""Pages of the enrollment app: sign-up, my journey, the manager's approval queue and staff pages,
the course leader's participant list and attendance, and the downloads (.ics, PDFs, exports).

Each view parses a form, calls one service and turns an EnrollmentError into a Swedish message.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.roles import Role
from core import once
from core.access import role_required
from core.exports import csv_response, xlsx_response
from courses.access import get_visible_occasion
from courses.calendar import occasion_calendar
from courses.models import Journey

from . import hooks, selectors, services
from .access import (
    enrollments_visible_to,
    get_managed_occasion,
    get_visible_enrollment,
    get_visible_staff_member,
    may_act_for,
    may_download_certificate,
    occasions_managed_by,
    staff_visible_to,
)
from .certificates import certificate_code, verified_certificate
from .forms import AttendanceForm, CancelForm, MoveUpForm, NominateForm, QueueForm, SignupForm
from .models import Enrollment
from .pdf import render_pdf

S = Enrollment.Status


def _error(request, error):
    """Show a domain error; a repeated action (double click, reload) is only information."""
    if getattr(error, "code", None) == "already":
        messages.info(request, str(error))
    else:
        messages.error(request, str(error))


# --- Participant -------------------------------------------------------------------------------


@login_required
def mine(request):
    person = request.user
    enrollments = (
        Enrollment.objects.filter(person=person)
        .select_related("occasion__course")
        .prefetch_related("occasion__days")
        .order_by("-requested_at")
    )
    enrollments = list(enrollments)
    positions = selectors.waitlist_positions(enrollments)
    for enrollment in enrollments:
        enrollment.waitlist_position = positions.get(enrollment.pk)
    return render(
        request,
        "enrollment/mine.html",
        {
            "journeys": selectors.journey_progress(person),
            "enrollments": enrollments,
            "history": selectors.step_history(person),
            "sections": hooks.journey_sections(request),
        },
    )


@role_required(Role.SOCIAL_WORKER, Role.MANAGER)
def signup(request, occasion_pk):
    occasion = get_visible_occasion(request.user, occasion_pk)
    form = SignupForm(request.POST if request.method == "POST" else None, person=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            enrollment = services.enrollment_request(occasion, request.user, form.cleaned_data["manager"])
        except services.EnrollmentError as error:
            _error(request, error)
            return redirect("enrollment:signup", occasion_pk)
        if enrollment.status == S.WAITLISTED:
            messages.warning(
                request,
                _("Kurstillfället är fullt. Du står på reservlistan och får besked om en plats blir ledig."),
            )
        else:
            messages.success(
                request,
                _("Din anmälan är skickad till din chef för godkännande. Platsen hålls åt dig under tiden."),
            )
        return redirect("enrollment:mine")
    taken = selectors.places_taken(occasion)
    return render(
        request,
        "enrollment/signup.html",
        {
            "occasion": occasion,
            "form": form,
            "free": max(occasion.capacity - taken, 0),
            "days": occasion.days.all(),
            "already": Enrollment.objects.filter(
                person=request.user, occasion=occasion, status__in=Enrollment.ACTIVE
            ).first(),
            # The same rules as the service: say why up front instead of offering a form that fails.
            "refusal": services.signup_refusal(occasion, request.user),
        },
    )


# What the person is told after cancelling, by the status the cancellation ended in.
CANCELLED_MESSAGES = {
    S.CANCELLED: _lazy("Anmälan är avbokad."),
    S.LATE_CANCELLED: _lazy("Anmälan är avbokad. Den är registrerad som sen avbokning."),
    S.WITHDRAWN: _lazy("Anmälan är avbokad. Den är registrerad som återbud."),
}


@login_required
def cancel(request, pk):
    enrollment = get_visible_enrollment(request.user, pk)
    if enrollment.person_id != request.user.pk and not may_act_for(request.user, enrollment.person):
        raise Http404
    back_url = (
        reverse("enrollment:mine")
        if enrollment.person_id == request.user.pk
        else reverse("enrollment:staff_detail", args=[enrollment.person_id])
    )
    form = CancelForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        # A booking that is no longer cancellable (a second tab, a reload) is refused by the service.
        try:
            enrollment = services.enrollment_cancel(enrollment, request.user, form.cleaned_data["reason"])
            messages.success(request, CANCELLED_MESSAGES[enrollment.status])
        except services.EnrollmentError as error:
            _error(request, error)
        return redirect(back_url)
    today = timezone.localdate()
    return render(
        request,
        "enrollment/cancel.html",
        {
            "enrollment": enrollment,
            "form": form,
            "late": today > enrollment.occasion.cancellation_deadline,
            "back_url": back_url,
        },
    )


@login_required
def ics(request, pk):
    enrollment = get_visible_enrollment(request.user, pk)
    if enrollment.status not in (S.APPROVED, S.COMPLETED):
        raise Http404
    response = HttpResponse(
        occasion_calendar(enrollment.occasion), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="kurstillfalle-{enrollment.occasion_id}.ics"'
    return response


@login_required
def certificate(request, pk):
    enrollment = get_visible_enrollment(request.user, pk)
    if enrollment.status != S.COMPLETED or not may_download_certificate(request.user, enrollment):
        raise Http404
    occasion = enrollment.occasion
    code = certificate_code(enrollment)
    html = render_to_string(
        "enrollment/pdf/certificate.html",
        {
            "enrollment": enrollment,
            "person": enrollment.person,
            "course": occasion.course,
            "occasion": occasion,
            "days": occasion.days.filter(is_cancelled=False),
            "hours": selectors.occasion_hours(occasion),
            "goals": occasion.course.knowledge_goals.all(),
            "issued": timezone.localdate(),
            "code": code,
            "check_url": settings.SITE_URL + reverse("enrollment:certificate_check", args=[code]),
        },
    )
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="kursintyg-{enrollment.pk}.pdf"'
    return response


def certificate_check(request, code):
    """Public: anyone holding a certificate's code sees the name, the course and the date, nothing more."""
    certificate = verified_certificate(code)
    return render(
        request,
        "enrollment/certificate_check.html",
        {"certificate": certificate, "code": code},
        status=200 if certificate else 404,
    )


# --- Manager -----------------------------------------------------------------------------------


def _queue_queryset(user):
    enrollments = enrollments_visible_to(user).filter(status=S.PENDING)
    if not user.has_role(Role.PROJECT_LEADER):
        enrollments = enrollments.filter(person__municipality_id=user.municipality_id)
    return enrollments


@role_required(Role.MANAGER, Role.PROJECT_LEADER)
def queue(request):
    visible = enrollments_visible_to(request.user)
    if not request.user.has_role(Role.PROJECT_LEADER):
        visible = visible.filter(person__municipality_id=request.user.municipality_id)
    form = QueueForm(request.POST if request.method == "POST" else None, queryset=visible)
    if request.method == "POST":
        if form.is_valid():
            done = 0
            for enrollment in form.cleaned_data["enrollments"]:
                try:
                    if form.cleaned_data["action"] == QueueForm.APPROVE:
                        services.enrollment_approve(enrollment, request.user)
                    else:
                        services.enrollment_reject(enrollment, request.user, form.cleaned_data["reason"])
                    done += 1
                except services.EnrollmentError as error:
                    messages.warning(request, f"{enrollment.person}: {error}")
            if done:
                if form.cleaned_data["action"] == QueueForm.APPROVE:
                    text = ngettext("%(n)s anmälan godkänd.", "%(n)s anmälningar godkända.", done)
                else:
                    text = ngettext("%(n)s anmälan avslagen.", "%(n)s anmälningar avslagna.", done)
                messages.success(request, text % {"n": done})
            return redirect("enrollment:queue")
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    pending = (
        _queue_queryset(request.user)
        .select_related("occasion__course")
        .prefetch_related("occasion__days")
        .order_by("occasion__signup_closes", "requested_at")
    )
    # A refused post (no reason for a rejection) keeps the ticked rows ticked.
    selected = {str(value) for value in (form["enrollments"].value() or [])} if form.is_bound else set()
    return render(request, "enrollment/queue.html", {"pending": pending, "form": form, "selected": selected})


@role_required(Role.MANAGER, Role.PROJECT_LEADER)
def staff(request):
    people = (
        staff_visible_to(request.user)
        .annotate(
            booked=Count("enrollments", filter=Q(enrollments__status=S.APPROVED)),
            waiting=Count("enrollments", filter=Q(enrollments__status__in=[S.PENDING, S.WAITLISTED])),
            completed=Count("enrollments", filter=Q(enrollments__status=S.COMPLETED)),
        )
        .filter(Q(is_social_worker=True) | Q(Exists(Enrollment.objects.filter(person=OuterRef("pk")))))
        .order_by("last_name", "first_name", "pk")
    )
    page = Paginator(people, 50).get_page(request.GET.get("sida"))
    return render(request, "enrollment/staff.html", {"page": page})


@role_required(Role.MANAGER, Role.PROJECT_LEADER)
def staff_detail(request, person_pk):
    person = get_visible_staff_member(request.user, person_pk)
    journeys = selectors.journey_progress(person)
    for journey in journeys:
        journey["suggestion"] = selectors.step_move_up_suggestion(person, journey["placement"])
        if journey["can_move_up"]:
            journey["move_up_url"] = reverse("enrollment:move_up", args=[person.pk, journey["journey"].pk])
    enrollments = (
        Enrollment.objects.filter(person=person)
        .select_related("occasion__course")
        .prefetch_related("events__actor", "occasion__days")
        .order_by("-requested_at")
    )
    return render(
        request,
        "enrollment/staff_detail.html",
        {
            "person": person,
            "journeys": journeys,
            "enrollments": enrollments,
            "history": selectors.step_history(person),
            "nominate_form": NominateForm(person=person),
        },
    )


@require_POST
@role_required(Role.MANAGER, Role.PROJECT_LEADER)
@once.once_per_form
def nominate(request, person_pk):
    person = get_visible_staff_member(request.user, person_pk)
    form = NominateForm(request.POST, person=person)
    if form.is_valid():
        try:
            enrollment = services.enrollment_nominate(form.cleaned_data["occasion"], person, request.user)
            once.done(request, reverse("enrollment:staff_detail", args=[person.pk]))
            if enrollment.status == S.WAITLISTED:
                messages.warning(
                    request,
                    _("Kurstillfället är fullt. %(person)s står på reservlistan.") % {"person": person},
                )
            else:
                messages.success(
                    request, _("%(person)s är anmäld och har en bekräftad plats.") % {"person": person}
                )
        except services.EnrollmentError as error:
            _error(request, error)
    else:
        for errors in form.errors.values():
            messages.error(request, errors[0])
    return redirect("enrollment:staff_detail", person.pk)


@role_required(Role.MANAGER, Role.PROJECT_LEADER)
def move_up(request, person_pk, journey_pk):
    """GET says which step the person moves from and to; POST (the confirmation) moves them."""
    person = get_visible_staff_member(request.user, person_pk)
    journey = get_object_or_404(Journey, pk=journey_pk)
    if request.method == "POST":
        form = MoveUpForm(request.POST)
        if form.is_valid():
            try:
                placement = services.step_move_up(
                    person, journey, request.user, from_step=form.cleaned_data["from_step"]
                )
                messages.success(
                    request,
                    _("%(person)s är nu på steget %(step)s.")
                    % {"person": person, "step": placement.step.name},
                )
            except services.EnrollmentError as error:
                _error(request, error)
        else:
            messages.error(
                request, _("Steget på sidan finns inte längre. Öppna sidan igen och försök på nytt.")
            )
        return redirect("enrollment:staff_detail", person.pk)
    current, target = selectors.step_move_up_target(person, journey)
    return render(
        request,
        "enrollment/move_up.html",
        {
            "person": person,
            "journey": journey,
            "current": current,
            "target": target,
            "today": timezone.localdate(),
            "suggestion": selectors.step_move_up_suggestion(person, current),
            "form": MoveUpForm(initial={"from_step": current.step_id if current else None}),
        },
    )


# --- Course leader -----------------------------------------------------------------------------


@role_required(Role.COURSE_LEADER, Role.PROJECT_LEADER)
def occasions(request):
    led = selectors.occasions_by_next_day(occasions_managed_by(request.user).prefetch_related("days"))
    page = Paginator(led, 50).get_page(request.GET.get("sida"))
    taken = selectors.places_taken_by_occasion([o.pk for o in page])
    titles = {
        selectors.COMING: _("Kommande kurstillfällen"),
        selectors.NO_DAYS: _("Kurstillfällen utan kursdagar"),
        selectors.PAST: _("Tidigare kurstillfällen"),
    }
    for occasion in page:
        occasion.taken = taken[occasion.pk]
        occasion.group_title = titles[occasion.group]
    return render(request, "enrollment/occasions.html", {"page": page})


@role_required(Role.COURSE_LEADER, Role.PROJECT_LEADER)
def participants(request, occasion_pk):
    occasion = get_managed_occasion(request.user, occasion_pk)
    headers, rows = selectors.participant_rows(occasion)
    return render(
        request,
        "enrollment/participants.html",
        {
            "occasion": occasion,
            "headers": headers,
            "rows": rows,
            "days": occasion.days.all(),
            "waiting": selectors.waiting_list(occasion),
            "taken": selectors.places_taken(occasion),
            "today": timezone.localdate(),
            "completion_refusal": services.completion_refusal(occasion),
        },
    )


@role_required(Role.COURSE_LEADER, Role.PROJECT_LEADER)
def attendance(request, occasion_pk, day_pk):
    occasion = get_managed_occasion(request.user, occasion_pk)
    day = get_object_or_404(occasion.days, pk=day_pk)
    enrollments = list(selectors.attendees(occasion))
    recorded = {a.enrollment_id: a.present for a in day.attendance.all()}
    # Nothing recorded means nothing ticked: an unsaved day must not look like full attendance.
    initial = {"present": [e.pk for e in enrollments if recorded.get(e.pk, False)]}
    form = AttendanceForm(
        request.POST if request.method == "POST" else None, enrollments=enrollments, initial=initial
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                count = services.attendance_record(day, form.cleaned_data["present"], request.user)
                messages.success(
                    request,
                    ngettext(
                        "Närvaron för %(n)s deltagare är sparad.",
                        "Närvaron för %(n)s deltagare är sparad.",
                        count,
                    )
                    % {"n": count},
                )
                return redirect("enrollment:participants", occasion.pk)
            except services.EnrollmentError as error:
                _error(request, error)
        else:
            messages.error(
                request, _("Någon av deltagarna finns inte längre på kurstillfället. Ladda om sidan.")
            )
    return render(
        request,
        "enrollment/attendance.html",
        {
            "occasion": occasion,
            "day": day,
            "form": form,
            "enrollments": enrollments,
            "recorded": recorded,
        },
    )


@require_POST
@role_required(Role.COURSE_LEADER, Role.PROJECT_LEADER)
def complete(request, occasion_pk):
    occasion = get_managed_occasion(request.user, occasion_pk)
    try:
        completed = services.enrollment_complete(occasion, request.user)
        messages.success(
            request,
            ngettext(
                "Kurstillfället är avslutat: %(n)s deltagare har genomfört kursen.",
                "Kurstillfället är avslutat: %(n)s deltagare har genomfört kursen.",
                len(completed),
            )
            % {"n": len(completed)},
        )
    except services.EnrollmentError as error:
        _error(request, error)
    return redirect("enrollment:participants", occasion.pk)


@role_required(Role.COURSE_LEADER, Role.PROJECT_LEADER)
def signin_sheet(request, occasion_pk):
    occasion = get_managed_occasion(request.user, occasion_pk)
    days = list(occasion.days.filter(is_cancelled=False))
    html = render_to_string(
        "enrollment/pdf/signin_sheet.html",
        {
            "occasion": occasion,
            "course": occasion.course,
            "days": days,
            "digital_days": any(day.is_online for day in days),
            "enrollments": selectors.attendees(occasion),
        },
    )
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="narvarolista-{occasion.pk}.pdf"'
    return response


@role_required(Role.COURSE_LEADER, Role.PROJECT_LEADER)
def export(request, occasion_pk, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    occasion = get_managed_occasion(request.user, occasion_pk)
    headers, rows = selectors.participant_rows(occasion)
    filename = f"deltagare-{occasion.pk}"
    if fmt == "xlsx":
        return xlsx_response(f"{filename}.xlsx", headers, rows, sheet_title=_("Deltagare"))
    return csv_response(f"{filename}.csv", headers, rows)
