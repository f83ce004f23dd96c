"""Pages of the enrollment app: sign-up, my journey, the manager's approval queue and staff pages,
the course leader's participant list and attendance, and the downloads (.ics, PDFs, exports).

Each view parses a form, calls one service and turns an EnrollmentError into a Swedish message.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from accounts.roles import Role
from accounts.scope import MANAGERS
from core import once
from core.access import role_required
from core.errors import show_error
from core.exports import csv_response, xlsx_response
from core.pdf import render_pdf
from core.scope import MunicipalityScope
from courses.access import courses_visible_to, get_visible_occasion
from courses.calendar import occasion_calendar
from courses.models import Journey

from . import hooks, reservations, selectors, services
from . import interest as interest_services
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
from .forms import (
    AttendanceForm,
    BulkNominateForm,
    CancelForm,
    EmailListForm,
    FillForm,
    InterestForm,
    MoveUpForm,
    NominateForm,
    QueueForm,
    ReservationCapForm,
    ReserveForm,
    SignupForm,
)
from .models import Enrollment, Interest, Reservation, StepPlacement

S = Enrollment.Status


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
            show_error(request, error)
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
    S.CANCELLED: gettext_lazy("Anmälan är avbokad."),
    S.LATE_CANCELLED: gettext_lazy("Anmälan är avbokad. Den är registrerad som sen avbokning."),
    S.WITHDRAWN: gettext_lazy("Anmälan är avbokad. Den är registrerad som återbud."),
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
            show_error(request, error)
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
    if not enrollment.has_calendar_file:
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


def _decidable(user):
    """The enrollments of the people `user` decides on (the scope policy's MANAGE reach)."""
    return MunicipalityScope.for_user(user).filter(enrollments_visible_to(user), "person__municipality")


def _queue_queryset(user):
    return _decidable(user).filter(status=S.PENDING)


@role_required(*MANAGERS)
def queue(request):
    visible = _decidable(request.user)
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
    pending = list(
        _queue_queryset(request.user)
        .select_related("person", "occasion__course")
        .prefetch_related("occasion__days")
        .order_by("occasion__signup_closes", "requested_at")
    )
    selectors.attach_current_steps(e.person for e in pending)
    # A refused post (no reason for a rejection) keeps the ticked rows ticked.
    selected = {str(value) for value in (form["enrollments"].value() or [])} if form.is_bound else set()
    return render(request, "enrollment/queue.html", {"pending": pending, "form": form, "selected": selected})


@role_required(*MANAGERS)
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
    page.object_list = selectors.attach_current_steps(page.object_list)
    return render(request, "enrollment/staff.html", {"page": page})


@role_required(*MANAGERS)
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
            "nominate_form": NominateForm(user=request.user, person=person),
        },
    )


@require_POST
@role_required(*MANAGERS)
@once.once_per_form
def nominate(request, person_pk):
    person = get_visible_staff_member(request.user, person_pk)
    form = NominateForm(request.POST, user=request.user, person=person)
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
            show_error(request, error)
    else:
        for errors in form.errors.values():
            messages.error(request, errors[0])
    return redirect("enrollment:staff_detail", person.pk)


@role_required(*MANAGERS)
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
                show_error(request, error)
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
                show_error(request, error)
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
        show_error(request, error)
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


# --- Reserved places, bulk nomination and the e-mail list ----------------------------------------


def _reservations_for(user, occasion):
    """The reservations the user may see on an occasion: their municipality's; all for the project leader."""
    reservations = Reservation.objects.filter(occasion=occasion).select_related("municipality")
    return MunicipalityScope.for_user(user).filter(reservations)


def _get_reservation(user, pk):
    """A reservation of the user's municipality (any for the project leader); 404 otherwise."""
    reservations = Reservation.objects.select_related("occasion", "municipality")
    return MunicipalityScope.for_user(user).get(reservations, pk=pk)


@role_required(*MANAGERS)
@once.once_per_form
def places(request, occasion_pk):
    """A manager reserves places for hires not yet named and fills them with names; the project leader
    sees every municipality's reservations."""
    occasion = get_visible_occasion(request.user, occasion_pk)
    may_reserve = request.user.has_role(Role.MANAGER) and bool(request.user.municipality_id)
    form = ReserveForm(request.POST if request.method == "POST" and may_reserve else None)
    if request.method == "POST" and may_reserve and form.is_valid():
        try:
            reservations.reservation_make(
                occasion_id=occasion.pk,
                municipality_id=request.user.municipality_id,
                places=form.cleaned_data["places"],
                release_on=form.cleaned_data["release_on"],
                by=request.user,
            )
        except services.EnrollmentError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Platserna är reserverade för din kommun."))
            once.done(request, reverse("enrollment:places", args=[occasion.pk]))
            return redirect("enrollment:places", occasion.pk)
    held = list(_reservations_for(request.user, occasion))
    staff = staff_visible_to(request.user).order_by("first_name", "last_name", "pk")
    for reservation in held:
        reservation.fill_form = FillForm(people=staff.filter(municipality_id=reservation.municipality_id))
    return render(
        request,
        "enrollment/places.html",
        {
            "occasion": occasion,
            "reservations": held,
            "form": form if may_reserve else None,
            "cap": reservations.reservation_cap(request.user.municipality_id) if may_reserve else None,
            "free": max(occasion.capacity - selectors.places_taken(occasion), 0),
        },
    )


@require_POST
@role_required(*MANAGERS)
def reservation_fill(request, pk):
    reservation = _get_reservation(request.user, pk)
    people = staff_visible_to(request.user).filter(municipality_id=reservation.municipality_id)
    form = FillForm(request.POST, people=people)
    if form.is_valid():
        person = form.cleaned_data["person"]
        try:
            reservations.reservation_fill(reservation_id=reservation.pk, person_id=person.pk, by=request.user)
        except services.EnrollmentError as error:
            show_error(request, error)
        else:
            messages.success(
                request, _("%(person)s har fått en av de reserverade platserna.") % {"person": person}
            )
    else:
        for errors in form.errors.values():
            messages.error(request, errors[0])
    return redirect("enrollment:places", reservation.occasion_id)


@require_POST
@role_required(*MANAGERS)
def reservation_release(request, pk):
    reservation = _get_reservation(request.user, pk)
    try:
        _released, promoted = reservations.reservation_release(reservation_id=reservation.pk, by=request.user)
    except services.EnrollmentError as error:
        show_error(request, error)
    else:
        if promoted is None:
            messages.info(request, _("Platserna var redan släppta."))
        else:
            messages.success(request, _("De reserverade platserna är släppta till reservlistan."))
    return redirect("enrollment:places", reservation.occasion_id)


def _staff_for_occasion(user, occasion):
    """The staff the user may nominate, each with their step on the course's journey and what they
    already have of the course (a booking or a completion), in a fixed number of queries."""
    people = list(
        staff_visible_to(user).filter(is_social_worker=True).order_by("first_name", "last_name", "pk")
    )
    ids = [person.pk for person in people]
    steps = {}
    for placement in (
        StepPlacement.objects.filter(person_id__in=ids, journey_id=occasion.course.step.journey_id)
        .select_related("step")
        .order_by("person_id", "-since", "-pk")
    ):
        steps.setdefault(placement.person_id, placement.step)
    has = {}
    for person_id, status in Enrollment.objects.filter(
        person_id__in=ids, occasion__course_id=occasion.course_id, status__in=Enrollment.ACTIVE
    ).values_list("person_id", "status"):
        if status == S.COMPLETED or person_id not in has:
            has[person_id] = Enrollment.Status(status).label
    for person in people:
        person.step_here = steps.get(person.pk)
        person.has_course = has.get(person.pk)
    return people


@role_required(*MANAGERS)
@once.once_per_form
def bulk_nominate(request, occasion_pk):
    """Nominate several of one's staff to an occasion at once (all or nothing)."""
    occasion = get_visible_occasion(request.user, occasion_pk)
    people = _staff_for_occasion(request.user, occasion)
    form = BulkNominateForm(
        request.POST if request.method == "POST" else None,
        people=staff_visible_to(request.user).filter(is_social_worker=True),
    )
    errors = []
    if request.method == "POST" and form.is_valid():
        chosen = [person.pk for person in people if person in form.cleaned_data["people"]]
        try:
            booked = reservations.enrollment_nominate_many(
                occasion_id=occasion.pk, person_ids=chosen, by=request.user
            )
        except ValidationError as error:
            errors = error.messages
        else:
            waiting = sum(1 for enrollment in booked if enrollment.status == S.WAITLISTED)
            messages.success(
                request,
                ngettext("%(n)s person är anmäld.", "%(n)s personer är anmälda.", len(booked))
                % {"n": len(booked)},
            )
            if waiting:
                messages.warning(
                    request,
                    ngettext(
                        "%(n)s av dem står på reservlistan.", "%(n)s av dem står på reservlistan.", waiting
                    )
                    % {"n": waiting},
                )
            once.done(request, reverse("courses:occasion", args=[occasion.pk]))
            return redirect("courses:occasion", occasion.pk)
    selected = {str(value) for value in (form["people"].value() or [])} if form.is_bound else set()
    return render(
        request,
        "enrollment/bulk_nominate.html",
        {"occasion": occasion, "people": people, "form": form, "errors": errors, "selected": selected},
    )


@role_required(Role.PROJECT_LEADER)
@once.once_per_form
def email_list(request, occasion_pk):
    """The project leader books many people from a list of e-mail addresses: a preview first, then
    all or nothing, with the line number of every problem."""
    occasion = get_visible_occasion(request.user, occasion_pk)
    form = EmailListForm(request.POST if request.method == "POST" else None)
    preview, errors = None, []
    if request.method == "POST" and form.is_valid():
        found, errors = reservations.people_from_lines(form.cleaned_data["addresses"])
        problems = reservations.booking_problems(
            occasion=occasion, people=[person for _line, person in found], by=request.user
        )
        errors += [
            _("Rad %(line)s: %(problem)s") % {"line": line, "problem": problems[person.pk]}
            for line, person in found
            if person.pk in problems
        ]
        if not found and not errors:
            errors.append(_("Listan innehåller inga e-postadresser."))
        if not errors and form.cleaned_data["confirmed"]:
            try:
                booked = reservations.enrollment_nominate_many(
                    occasion_id=occasion.pk,
                    person_ids=[person.pk for _line, person in found],
                    by=request.user,
                )
            except ValidationError as error:
                errors = error.messages
            else:
                messages.success(
                    request,
                    ngettext("%(n)s person är anmäld.", "%(n)s personer är anmälda.", len(booked))
                    % {"n": len(booked)},
                )
                once.done(request, reverse("enrollment:participants", args=[occasion.pk]))
                return redirect("enrollment:participants", occasion.pk)
        if not errors:
            preview = found
    return render(
        request,
        "enrollment/email_list.html",
        {"occasion": occasion, "form": form, "preview": preview, "errors": errors},
    )


@role_required(Role.PROJECT_LEADER)
def reservation_caps(request):
    form = ReservationCapForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        cap = reservations.reservation_cap_set(
            municipality_id=form.cleaned_data["municipality"].pk,
            places=form.cleaned_data["places"],
            by=request.user,
        )
        messages.success(
            request,
            _("%(municipality)s får reservera högst %(places)s platser per tillfälle.")
            % {"municipality": cap.municipality, "places": cap.places},
        )
        return redirect("enrollment:reservation_caps")
    from municipalities.models import Municipality

    municipalities = Municipality.objects.select_related("reservation_cap").order_by("name")
    return render(
        request, "enrollment/reservation_caps.html", {"form": form, "municipalities": municipalities}
    )


# --- Interest lists ---------------------------------------------------------------------------------


def _interests_visible_to(user):
    """Own interest; a manager's municipality's; all for the project leader."""
    interests = Interest.objects.select_related("person", "course")
    scope = MunicipalityScope.for_user(user)
    if scope.everything:
        return interests
    condition = Q(person=user)
    if scope.municipality_id is not None:
        condition |= Q(person__municipality_id=scope.municipality_id)
    return interests.filter(condition)


@login_required
def interest(request, course_pk):
    """Register interest in a course (one's own, or a manager for their staff) and see the list one may."""
    course = get_object_or_404(courses_visible_to(request.user), pk=course_pk)
    people = None
    if request.user.has_role(Role.MANAGER) or request.user.has_role(Role.PROJECT_LEADER):
        people = staff_visible_to(request.user).order_by("first_name", "last_name", "pk")
    form = InterestForm(request.POST if request.method == "POST" else None, people=people)
    if request.method == "POST" and form.is_valid():
        person = form.cleaned_data.get("person") or request.user
        try:
            interest_services.interest_register(course_id=course.pk, person_id=person.pk, by=request.user)
        except services.EnrollmentError as error:
            show_error(request, error)
        else:
            messages.success(
                request,
                _("%(person)s står nu på intresselistan för %(course)s.")
                % {"person": person, "course": course},
            )
        return redirect("enrollment:interest", course.pk)
    active = Interest.objects.filter(course=course, withdrawn_at__isnull=True).order_by("created_at", "pk")
    everyone = list(active.values_list("pk", flat=True))
    listed = list(_interests_visible_to(request.user).filter(pk__in=everyone).order_by("created_at", "pk"))
    for item in listed:
        item.position = everyone.index(item.pk) + 1
    return render(request, "enrollment/interest.html", {"course": course, "form": form, "listed": listed})


@require_POST
@login_required
def interest_withdraw(request, pk):
    item = get_object_or_404(_interests_visible_to(request.user), pk=pk)
    try:
        interest_services.interest_withdraw(interest_id=item.pk, by=request.user)
    except services.EnrollmentError as error:
        show_error(request, error)
    else:
        messages.success(request, _("Intresseanmälan är borttagen."))
    return redirect("enrollment:interest", item.course_id)


@role_required(*MANAGERS)
def interests(request):
    """Interest per course (the manager's municipality, or the region for the project leader)."""
    counted = (
        _interests_visible_to(request.user)
        .filter(withdrawn_at__isnull=True)
        .values("course_id")
        .annotate(
            waiting=Count("pk", filter=Q(told_about__isnull=True)),
            told=Count("pk", filter=Q(told_about__isnull=False)),
        )
    )
    by_course = {row["course_id"]: row for row in counted}
    listed = list(courses_visible_to(request.user).filter(pk__in=by_course).order_by("name"))
    for course in listed:
        course.waiting, course.told = by_course[course.pk]["waiting"], by_course[course.pk]["told"]
    return render(request, "enrollment/interests.html", {"interest_courses": listed})
