"""Pages of the catalogue: the route and course pages for everyone logged in, the course
leader's days, the project leader's planning, editing and trainer pages, and calendar files."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch, ProtectedError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import Role
from core import once
from core.access import role_required
from core.errors import DomainError, show_error

from . import calendar, clashes, hooks, pool, selectors, services
from .access import (
    courses_visible_to,
    days_visible_to,
    get_visible_course,
    get_visible_occasion,
    occasions_visible_to,
)
from .filters import CourseDayFilter
from .forms import (
    CopyOccasionForm,
    CourseForm,
    JourneyForm,
    KnowledgeGoalFormSet,
    OccasionForm,
    ProposalDecisionForm,
    RoomFormSet,
    StepForm,
    TrainerProfileForm,
    TrainerProposalForm,
    VenueForm,
    day_formset,
)
from .models import (
    Course,
    CourseOccasion,
    Journey,
    KnowledgeGoal,
    Step,
    TrainerProfile,
    TrainerProposal,
    Venue,
)


def _posted(request):
    """The POST data for a bound form, even when it is empty (an empty form must show its errors)."""
    return request.POST if request.method == "POST" else None


# --- Catalogue for everyone logged in ---------------------------------------------------------


@login_required
def catalogue(request):
    """The journeys as routes: steps as stages, courses as stops."""
    journeys = Journey.objects.prefetch_related(
        Prefetch(
            "steps",
            queryset=Step.objects.order_by("order").prefetch_related(
                Prefetch(
                    "courses",
                    queryset=courses_visible_to(request.user).order_by("order", "name"),
                    to_attr="visible_courses",
                ),
            ),
        ),
    )
    if not request.user.has_role(Role.PROJECT_LEADER):
        journeys = journeys.filter(is_published=True)
    journeys = list(journeys)
    current = hooks.current_steps(request.user)
    for journey in journeys:
        for step in journey.steps.all():
            step.is_current = current.get(journey.pk) == step.pk
    return render(request, "courses/catalogue.html", {"journeys": journeys})


@login_required
def course_detail(request, slug):
    course = get_visible_course(request.user, slug)
    goals = list(course.knowledge_goals.all())
    levels = [
        {"label": label, "goals": [goal for goal in goals if goal.level == value]}
        for value, label in KnowledgeGoal.Level.choices
    ]
    occasions = selectors.coming_occasions_of_course(occasions_visible_to(request.user), course)
    return render(
        request,
        "courses/course_detail.html",
        {
            "course": course,
            "levels": [level for level in levels if level["goals"]],
            "occasions": occasions,
            "sections": hooks.course_sections(request, course),
        },
    )


@login_required
def day_list(request):
    """Coming course days, filterable by step, month, town, form and free places."""
    today = selectors.today()
    days = selectors.days_with_places(selectors.coming_days(days_visible_to(request.user)))
    towns = days.exclude(town="").order_by("town").values_list("town", flat=True).distinct()
    day_filter = CourseDayFilter(
        request.GET or None,
        queryset=days.order_by("date", "start_time", "pk"),
        today=today,
        towns=list(towns),
    )
    page = Paginator(day_filter.qs, 50).get_page(request.GET.get("sida"))
    return render(request, "courses/day_list.html", {"filter": day_filter, "page": page})


@login_required
def occasion_detail(request, pk):
    occasion = get_visible_occasion(request.user, pk)
    occasion = selectors.occasions_with_days(
        selectors.with_places(CourseOccasion.objects.filter(pk=occasion.pk)).select_related(
            "course__step__journey", "region"
        )
    ).get()
    return render(
        request,
        "courses/occasion_detail.html",
        {
            "occasion": occasion,
            "can_edit": request.user.has_role(Role.PROJECT_LEADER),
            "sections": hooks.occasion_sections(request, occasion),
        },
    )


def _ics_response(content, filename):
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def occasion_ics(request, pk):
    occasion = get_visible_occasion(request.user, pk)
    return _ics_response(calendar.occasion_calendar(occasion), f"kurstillfalle-{occasion.pk}.ics")


def trainer_feed(request, token):
    """A trainer's personal calendar: the secret token is the key, so no login (calendar programs
    cannot log in); a renewed token makes the old URL answer 404."""
    profile = (
        TrainerProfile.objects.filter(calendar_token=token, person__is_active=True)
        .select_related("person")
        .first()
    )
    if profile is None:
        raise Http404
    days = selectors.days_of_person(profile.person).select_related("occasion__course")
    name = _("Mina kursdagar – %(person)s") % {"person": profile.person}
    return _ics_response(calendar.calendar_for_days(days, name), "mina-kursdagar.ics")


# --- Course leader ----------------------------------------------------------------------------


@role_required(Role.COURSE_LEADER)
def my_days(request):
    profile = TrainerProfile.objects.filter(person=request.user).first()
    feed_url = (
        request.build_absolute_uri(reverse("courses:trainer_feed", args=[profile.calendar_token]))
        if profile
        else None
    )
    return render(
        request,
        "courses/my_days.html",
        {
            "days": selectors.days_of_leader(request.user),
            "feed_url": feed_url,
        },
    )


@require_POST
@role_required(Role.COURSE_LEADER)
def my_calendar_renew(request):
    services.calendar_token_renew(request.user)
    messages.success(request, _("Du har fått en ny kalenderlänk. Den gamla länken fungerar inte längre."))
    return redirect("courses:my_days")


# --- Project leader: planning ------------------------------------------------------------------


@role_required(Role.PROJECT_LEADER)
def planning(request):
    """The coming twelve months by default; a calendar year with ?ar=2027."""
    this_month = selectors.today().replace(day=1)
    try:
        year = int(request.GET.get("ar", ""))
    except ValueError:
        year = None
    if year is not None and 2000 <= year <= 2100:
        first_month, title = datetime.date(year, 1, 1), _("Planering %(year)s") % {"year": year}
    else:
        year, first_month, title = this_month.year, this_month, _("Planering, kommande tolv månader")
    return render(
        request,
        "courses/planning.html",
        {
            **selectors.planning(first_month),
            "title": title,
            "previous_year": year - 1,
            "next_year": year + 1,
            "warning_days": selectors.UNDER_MINIMUM_WARNING_DAYS,
        },
    )


# --- Project leader: journeys, steps, courses --------------------------------------------------


@role_required(Role.PROJECT_LEADER)
def manage(request):
    journeys = Journey.objects.prefetch_related(
        Prefetch(
            "steps",
            queryset=Step.objects.order_by("order").prefetch_related(
                Prefetch("courses", queryset=Course.objects.order_by("order", "name"))
            ),
        ),
    )
    return render(request, "courses/manage.html", {"journeys": journeys})


def _edit(request, form, template, title, success, back, extra=None):
    """A plain create/edit page: a ModelForm saved on POST, then back to the overview."""
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, success)
        return redirect(back)
    return render(request, template, {"form": form, "title": title, "back": back, **(extra or {})})


@role_required(Role.PROJECT_LEADER)
def journey_edit(request, pk=None):
    journey = get_object_or_404(Journey, pk=pk) if pk else None
    form = JourneyForm(_posted(request), instance=journey)
    title = _("Ändra yrkesresa") if journey else _("Ny yrkesresa")
    return _edit(request, form, "courses/form.html", title, _("Yrkesresan är sparad."), "courses:manage")


@role_required(Role.PROJECT_LEADER)
def step_edit(request, journey_pk=None, pk=None):
    step = get_object_or_404(Step, pk=pk) if pk else Step(journey=get_object_or_404(Journey, pk=journey_pk))
    form = StepForm(_posted(request), instance=step)
    title = (
        _("Ändra steg i %(journey)s") % {"journey": step.journey}
        if pk
        else _("Nytt steg i %(journey)s") % {"journey": step.journey}
    )
    return _edit(request, form, "courses/form.html", title, _("Steget är sparat."), "courses:manage")


@role_required(Role.PROJECT_LEADER)
def course_edit(request, pk=None):
    """A course with its knowledge goals, saved together."""
    course = get_object_or_404(Course, pk=pk) if pk else None
    form = CourseForm(_posted(request), instance=course, initial={"step": request.GET.get("steg")})
    goals = KnowledgeGoalFormSet(_posted(request), instance=course or Course(), prefix="goals")
    if request.method == "POST" and form.is_valid() and goals.is_valid():
        with transaction.atomic():
            course = form.save()
            goals.instance = course
            goals.save()
        messages.success(request, _("Kursen %(course)s är sparad.") % {"course": course})
        return redirect("courses:manage")
    return render(
        request,
        "courses/course_form.html",
        {
            "form": form,
            "goals": goals,
            "title": _("Ändra kurs") if course else _("Ny kurs"),
        },
    )


DELETABLE = {
    "journey": (Journey, services.journey_delete),
    "step": (Step, services.step_delete),
    "course": (Course, services.course_delete),
}


@role_required(Role.PROJECT_LEADER)
def delete(request, kind, pk):
    """Confirm, then remove a journey, step or course that nothing depends on."""
    model, remove = DELETABLE[kind]
    obj = get_object_or_404(model, pk=pk)
    error = None
    if request.method == "POST":
        try:
            remove(obj)
        except ValidationError as refused:
            error = refused.messages[0]
        else:
            messages.success(request, _("%(name)s är borttagen.") % {"name": obj})
            return redirect("courses:manage")
    return render(request, "courses/confirm_delete.html", {"object": obj, "error": error})


# --- Project leader: occasions ------------------------------------------------------------------


@role_required(Role.PROJECT_LEADER)
@once.once_per_form
def occasion_edit(request, pk=None):
    """An occasion with its days (inline formset) and leaders, saved together or not at all."""
    occasion = get_object_or_404(CourseOccasion, pk=pk) if pk else None
    initial = {}
    if occasion is None:
        initial = {
            "course": request.GET.get("kurs"),
            "region": getattr(request.user.municipality, "region_id", None),
        }
    form = OccasionForm(_posted(request), instance=occasion, initial=initial, user=request.user)
    DayFormSet = day_formset(extra=1 if occasion else 2)
    days = DayFormSet(_posted(request), instance=occasion or CourseOccasion(), prefix="days")
    if request.method == "POST" and form.is_valid() and days.is_valid():
        try:
            saved = services.occasion_save(
                occasion=occasion,
                fields=form.cleaned_data,
                days=days.day_data(),
                course_leaders=form.cleaned_data["course_leaders"],
                trainers=form.cleaned_data["trainers"],
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Kurstillfället är sparat."))
            # Warn, never block: the project leader may know that the double booking is on purpose.
            for clash in clashes.current_clashes(saved):
                messages.warning(request, clash.message)
            if occasion is None:
                once.done(request, reverse("courses:occasion", args=[saved.pk]))  # a new one: never twice
            return redirect("courses:occasion", pk=saved.pk)
    return render(
        request,
        "courses/occasion_form.html",
        {
            "form": form,
            "days": days,
            "occasion": occasion,
            "title": _("Ändra kurstillfälle") if occasion else _("Nytt kurstillfälle"),
        },
    )


@role_required(Role.PROJECT_LEADER)
@once.once_per_form
def occasion_copy(request, pk):
    occasion = get_object_or_404(CourseOccasion.objects.select_related("course"), pk=pk)
    form = CopyOccasionForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        weeks = form.cleaned_data.get("offset_weeks")
        try:
            copy = services.occasion_copy(
                occasion,
                first_date=form.cleaned_data.get("first_date"),
                offset_days=weeks * 7 if weeks else None,
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request,
                _(
                    "Kopian är skapad med status Planerad. Kontrollera den och öppna den "
                    "för anmälan när den är klar."
                ),
            )
            once.done(request, reverse("courses:occasion_edit", args=[copy.pk]))
            return redirect("courses:occasion_edit", pk=copy.pk)
    return render(
        request,
        "courses/occasion_copy.html",
        {
            "form": form,
            "occasion": occasion,
            "days": occasion.days.order_by("date", "start_time"),
        },
    )


# --- Project leader: venues and rooms -------------------------------------------------------------


@role_required(Role.PROJECT_LEADER)
def venue_list(request):
    venues = Venue.objects.select_related("municipality").prefetch_related("rooms")
    return render(request, "courses/venues.html", {"venues": venues})


@role_required(Role.PROJECT_LEADER)
def venue_edit(request, pk=None):
    """A venue with its rooms, saved together."""
    venue = get_object_or_404(Venue, pk=pk) if pk else None
    form = VenueForm(_posted(request), instance=venue)
    rooms = RoomFormSet(_posted(request), instance=venue or Venue(), prefix="rooms")
    if request.method == "POST" and form.is_valid() and rooms.is_valid():
        try:
            with transaction.atomic():
                venue = form.save()
                rooms.instance = venue
                rooms.save()
        except ProtectedError:
            form.add_error(None, _("Ett rum som har kursdagar kan inte tas bort."))
        else:
            messages.success(request, _("Lokalen %(venue)s är sparad.") % {"venue": venue})
            return redirect("courses:venues")
    return render(
        request,
        "courses/venue_form.html",
        {"form": form, "rooms": rooms, "title": _("Ändra lokal") if venue else _("Ny lokal")},
    )


# --- Project leader: trainers -------------------------------------------------------------------


@role_required(Role.PROJECT_LEADER)
def trainer_list(request):
    """The trainer pool: the region's trainers and other regions' shared ones, with a year's hours
    (this year's, or ?ar=2025)."""
    this_year = selectors.today().year
    try:
        year = int(request.GET.get("ar", ""))
    except ValueError:
        year = this_year
    if not 2000 <= year <= this_year:
        year = this_year
    taught = selectors.hours_taught(year)
    profiles = list(selectors.trainer_profiles().filter(pk__in=pool.trainers_visible_to(request.user)))
    for profile in profiles:
        profile.taught = taught.get(profile.person_id, {"hours": 0, "occasions": 0})
        profile.is_home = pool.is_home_trainer(request.user, profile)
    by_municipality = selectors.hours_taught_by_municipality(year)
    spread = selectors.trainer_spread()
    municipality_hours = [
        (row["municipality"], by_municipality[row["municipality"].pk])
        for row in spread
        if row["municipality"].pk in by_municipality
    ]
    return render(
        request,
        "courses/trainers.html",
        {
            "profiles": profiles,
            "spread": spread,
            "municipality_hours": municipality_hours,
            "open_proposals": pool.proposals_visible_to(request.user)
            .filter(status=TrainerProposal.Status.PROPOSED)
            .count(),
            "year": year,
            "previous_year": year - 1 if year > 2000 else None,
            "next_year": year + 1 if year < this_year else None,
        },
    )


@role_required(Role.PROJECT_LEADER)
def trainer_detail(request, pk):
    """One trainer: hours and occasions per year, the occasions they led, and sharing with other regions."""
    profile = pool.get_visible_trainer(request.user, pk)
    return render(
        request,
        "courses/trainer_detail.html",
        {
            "profile": profile,
            "is_home": pool.is_home_trainer(request.user, profile),
            "years": selectors.hours_taught_per_year(profile.person),
            "occasions": selectors.occasions_of_staff(profile.person),
            "proposals": profile.person.trainer_proposals.prefetch_related("events__actor"),
        },
    )


@require_POST
@role_required(Role.PROJECT_LEADER)
def trainer_share(request, pk):
    profile = pool.get_visible_trainer(request.user, pk)
    shared = request.POST.get("shared") == "1"
    try:
        pool.trainer_share(profile=profile, shared=shared, by=request.user)
    except DomainError as error:
        show_error(request, error)
    else:
        if shared:
            messages.success(
                request, _("%(person)s är nu tillgänglig för andra regioner.") % {"person": profile.person}
            )
        else:
            messages.success(
                request, _("%(person)s delas inte längre med andra regioner.") % {"person": profile.person}
            )
    return redirect("courses:trainer", pk=profile.pk)


def _home_trainer(request, pk):
    """A trainer the project leader may edit: one of their own region (others' answer 404)."""
    profile = pool.get_visible_trainer(request.user, pk)
    if not pool.is_home_trainer(request.user, profile):
        raise Http404
    return profile


@role_required(Role.PROJECT_LEADER)
def trainer_edit(request, pk=None):
    profile = _home_trainer(request, pk) if pk else None
    form = TrainerProfileForm(_posted(request), instance=profile, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.trainer_profile_save(
                profile=profile,
                person=form.cleaned_data["person"],
                courses=form.cleaned_data["courses"],
                trained_on=form.cleaned_data["trained_on"],
                is_active=form.cleaned_data["is_active"],
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Uppgifterna om kursledaren/utbildaren är sparade."))
            return redirect("courses:trainers")
    title = _("Ändra kursledare/utbildare") if profile else _("Ny kursledare/utbildare")
    return render(
        request,
        "courses/form.html",
        {"form": form, "title": title, "back": "courses:trainers", "profile": profile},
    )


@require_POST
@role_required(Role.PROJECT_LEADER)
def trainer_calendar_renew(request, pk):
    profile = _home_trainer(request, pk)
    services.calendar_token_renew(profile.person)
    messages.success(
        request,
        _("%(person)s har fått en ny kalenderlänk; den gamla fungerar inte längre.")
        % {"person": profile.person},
    )
    return redirect("courses:trainer_edit", pk=pk)


# --- Recruiting trainers: proposals ---------------------------------------------------------------

PROPOSERS = (Role.MANAGER, Role.PROJECT_LEADER)


@role_required(*PROPOSERS)
def proposal_list(request):
    """A manager's proposals of their municipality; the project leader's of the region, open ones first."""
    proposals = pool.proposals_visible_to(request.user)
    S = TrainerProposal.Status
    return render(
        request,
        "courses/proposals.html",
        {
            "open": [p for p in proposals if p.status == S.PROPOSED],
            "on_hold": [p for p in proposals if p.status == S.ON_HOLD],
            "decided": [p for p in proposals if not p.is_open],
        },
    )


@role_required(*PROPOSERS)
@once.once_per_form
def proposal_create(request):
    form = TrainerProposalForm(_posted(request), user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = pool.proposal_create(
                person=form.cleaned_data["person"],
                proposed_by=request.user,
                courses=form.cleaned_data["courses"],
                areas=form.cleaned_data["areas"],
                motivation=form.cleaned_data["motivation"],
            )
        except DomainError as error:
            form.add_error(None, error.messages[0])
        else:
            messages.success(
                request,
                _("Förslaget är skickat till den regionala projektledaren: %(person)s.")
                % {"person": proposal.person},
            )
            once.done(request, reverse("courses:proposal", args=[proposal.pk]))
            return redirect("courses:proposal", pk=proposal.pk)
    return render(request, "courses/proposal_form.html", {"form": form})


@role_required(*PROPOSERS)
def proposal_detail(request, pk):
    """The proposal with its history; the project leader decides here (a POST by anyone else: 403)."""
    proposal = pool.get_visible_proposal(request.user, pk)
    can_decide = request.user.has_role(Role.PROJECT_LEADER) and proposal.is_open
    if request.method == "POST" and not can_decide:
        raise PermissionDenied
    form = ProposalDecisionForm(_posted(request), proposal=proposal) if can_decide else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            pool.proposal_decide(
                proposal=proposal,
                status=form.cleaned_data["status"],
                by=request.user,
                note=form.cleaned_data["note"],
                trained_on=form.cleaned_data["trained_on"],
            )
        except DomainError as error:
            show_error(request, error)
        else:
            proposal.refresh_from_db()
            messages.success(
                request,
                _("Beslutet är sparat: %(person)s, %(status)s. Personen och chefen får ett e-postmeddelande.")
                % {"person": proposal.person, "status": proposal.get_status_display().lower()},
            )
        return redirect("courses:proposal", pk=proposal.pk)
    profile = TrainerProfile.objects.filter(person=proposal.person).first()
    return render(
        request,
        "courses/proposal_detail.html",
        {
            "proposal": proposal,
            "events": proposal.events.select_related("actor"),
            "form": form,
            "profile": profile if request.user.has_role(Role.PROJECT_LEADER) else None,
        },
    )
