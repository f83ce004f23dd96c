"""Pages of the reports app: the dashboard, its exports, the yearly report, comments, the project goals' assessments,
the action plan, the forecast, expected new hires per month and the volume planning view."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import Role
from accounts.scope import MANAGERS, READERS, REGIONAL_READERS
from core.access import role_required
from core.exports import csv_response, xlsx_response
from core.scope import MANAGE, READ, MunicipalityScope
from courses.selectors import active_trainers_by_municipality
from followup.charts import bar_chart
from followup.selectors import goals_and_support, measured_questions, min_group_size, rss_support
from municipalities.models import Municipality

from . import charts, introduction, planning, selectors, services
from .forms import (
    ActivityForm,
    AssessmentForm,
    DashboardFilterForm,
    HiresForm,
    PlanningSettingsForm,
    RecruitmentForm,
    ReportCommentForm,
    ReportRequestForm,
    default_year,
)
from .forms import month_name as forms_month_name
from .goals import ALL_GOALS, LETTERS, PROJECT_GOALS
from .models import Activity, GoalAssessment, PlanningSettings, ReportBuild, ReportComment


def _filters(request):
    scope = MunicipalityScope.for_user(request.user, READ)
    form = DashboardFilterForm(request.GET, regional=scope.everything)
    year, journey, municipality = form.values()
    if request.GET.get("municipality"):
        # A manager may name only their own municipality (the field is not shown to them): 404 otherwise.
        scope.held_to(request.GET["municipality"])
    municipality = scope.held_to(municipality)
    return form, year, journey, municipality


@role_required(*READERS)
def dashboard(request):
    form, year, journey, municipality = _filters(request)
    regional = MunicipalityScope.for_user(request.user, READ).everything
    # Read once, passed on to every selector that lists, counts or weighs the same things.
    municipalities = selectors.region_municipalities(year)
    trainer_counts = active_trainers_by_municipality()
    questions = measured_questions(year)
    # One pass over the enrollments and one over the occasions of the trend's years and `year`.
    first, last = selectors.dashboard_years(year)
    figures = selectors.enrollment_figures(first, last, journey, municipality)
    occasions = selectors.occasion_figures(first, last, journey, municipality)
    participation = selectors.participation_table(
        year, journey, municipality, municipalities=municipalities, figures=figures
    )
    steps = selectors.steps_table(year, journey, municipality)
    trend = selectors.trend_table(journey, municipality, until=year, figures=figures, occasions=occasions)
    trainers = selectors.trainer_table(
        year, municipality, municipalities=municipalities, trainers=trainer_counts
    )
    support = ...
    if regional and not municipality:
        # The region's goals and goal F's support survey: their answers counted together.
        goal_results, support = goals_and_support(year, questions)
    else:
        goal_results = selectors.goals(year, municipality, questions=questions)
    aspects = [a for g in goal_results for a in g.aspects]
    totals = selectors.totals(year, journey, municipality, figures=figures, occasions=occasions)
    activity_counts = selectors.activity_counts() if regional else None
    project_goals = (
        selectors.project_goal_indicators(
            year,
            activities=activity_counts,
            municipalities=municipalities,
            trainers=trainer_counts,
            support=rss_support(year, questions) if support is ... else support,
            # Goal G counts the whole region's enrollments: the pass's only when it has no filters.
            figures=figures if not (journey or municipality) else None,
        )
        if regional
        else None
    )
    context = {
        "form": form,
        "year": year,
        "journey": journey,
        "municipality": municipality,
        "regional": regional,
        "query": request.GET.urlencode(),
        "agreements": selectors.agreement_summary(year, municipality, municipalities=municipalities),
        "totals": totals,
        "course_table": selectors.course_table(year, journey, municipality, counted=totals),
        "participation": participation,
        "steps": steps,
        "trend": trend,
        "trainers": trainers,
        "goals": goal_results,
        "goal_table": selectors.goal_table(year, municipality, summary=goal_results),
        "goal_chart": bar_chart(
            aspects, _("Effektmål %(year)s mot målvärdet") % {"year": year}, with_survey=True
        ),
        "participation_chart": charts.from_table(_("Deltagare per kommun"), participation, 0, 2),
        "steps_chart": charts.from_table(_("Anmälningar per steg"), steps, 1, 2),
        "trend_chart": charts.from_table(
            _("Deltagare per år %(first)s–%(year)s") % {"first": selectors.FIRST_YEAR, "year": year},
            trend,
            0,
            1,
        ),
        "trainer_chart": charts.from_table(_("Utbildare per kommun"), trainers, 0, 1),
        "staff": selectors.staff_progress(municipality) if not regional else None,
        # Project goals A–G belong to the region: shown to the styrgrupp and the project leader.
        "project_goals": project_goals,
        "project_goal_table": selectors.project_goal_table(project_goals) if regional else None,
        "effect_goal_activities": selectors.effect_goal_activity_rows(counts=activity_counts)
        if regional
        else None,
    }
    # The introduction's figures (#14): its own section and template include.
    context["introduction_table"] = introduction.introduction_table(
        year, municipality, municipalities=municipalities
    )
    context["min_group"] = min_group_size()
    return render(request, "reports/dashboard.html", context)


@role_required(*READERS)
def export(request, name, fmt):
    if name not in selectors.TABLES or fmt not in ("csv", "xlsx"):
        raise Http404
    if name == "projektmal" and not MunicipalityScope.for_user(request.user, READ).everything:
        raise Http404  # the region's project goals are for the styrgrupp and the project leader
    _form, year, journey, municipality = _filters(request)
    headers, rows = selectors.table(name, year, journey, municipality)
    filename = f"oversikt-{name}-{year}.{fmt}"
    if fmt == "csv":
        return csv_response(filename, headers, rows)
    return xlsx_response(filename, headers, rows, sheet_title=str(selectors.TABLES[name][1])[:31])


@role_required(*REGIONAL_READERS)
def report_list(request):
    form = ReportRequestForm(initial={"year": timezone.localdate().year - 1})
    builds = ReportBuild.objects.select_related("requested_by").order_by("-year", "-created_at", "-pk")
    versions, seen = {}, {}
    for build in sorted(builds, key=lambda b: b.pk):
        seen[build.year] = seen.get(build.year, 0) + 1
        versions[build.pk] = seen[build.year]
    rows = [(build, versions[build.pk]) for build in builds]
    return render(
        request,
        "reports/report_list.html",
        {"form": form, "rows": rows, "may_comment": request.user.has_role(Role.PROJECT_LEADER)},
    )


@require_POST
@role_required(*REGIONAL_READERS)
def report_request(request):
    form = ReportRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Välj ett år för årsrapporten."))
        return redirect("reports:list")
    year = form.cleaned_data["year"]
    try:
        build = services.report_request(year, request.user)
    except services.ReportError as error:
        messages.warning(request, str(error))
        return redirect("reports:list")
    # Say what happened: without a worker (development) the build already ran in this request.
    if build.status == ReportBuild.Status.READY:
        messages.success(
            request, _("Årsrapporten för %(year)s är klar. Ladda ned den i listan nedan.") % {"year": year}
        )
    elif build.status == ReportBuild.Status.FAILED:
        messages.error(
            request,
            _("Årsrapporten för %(year)s kunde inte byggas. Orsaken står i listan nedan.") % {"year": year},
        )
    else:
        messages.success(
            request,
            _(
                "Årsrapporten för %(year)s är beställd och byggs i bakgrunden. Ladda om sidan om en stund; "
                "när den är klar kan du ladda ned den i listan nedan."
            )
            % {"year": year},
        )
    return redirect("reports:list")


@role_required(*REGIONAL_READERS)
def report_download(request, pk):
    build = get_object_or_404(ReportBuild, pk=pk, status=ReportBuild.Status.READY)
    return FileResponse(
        build.file.open("rb"),
        as_attachment=True,
        filename=f"arsrapport-{build.year}.pdf",
        content_type="application/pdf",
    )


@role_required(Role.PROJECT_LEADER)
def comments(request):
    form = ReportCommentForm(
        request.POST if request.method == "POST" else None, initial={"year": timezone.localdate().year}
    )
    if request.method == "POST":
        if form.is_valid():
            services.comment_save(
                form.cleaned_data["year"], form.cleaned_data["goal"], form.cleaned_data["text"]
            )
            messages.success(request, _("Kommentaren är sparad."))
            return redirect("reports:comments")
        messages.error(request, _("Kommentaren sparades inte. Rätta det som är markerat."))
    return render(
        request,
        "reports/comments.html",
        {"form": form, "comments": ReportComment.objects.order_by("-year", "goal")},
    )


@role_required(Role.PROJECT_LEADER)
def forecast(request):
    year = timezone.localdate().year + 1
    municipalities = list(Municipality.objects.order_by("name"))
    saved = services.expected_per_year(year)
    form = RecruitmentForm(
        request.POST if request.method == "POST" else None,
        municipalities=municipalities,
        initial_values=saved,
    )
    if request.method == "POST":
        if form.is_valid():
            services.recruitment_save(year, form.values())
            messages.success(request, _("Prognosen är sparad."))
            return redirect("reports:forecast")
        messages.error(request, _("Prognosen sparades inte. Ange hela tal från 0."))
    expected = sum(saved.values())
    return render(
        request,
        "reports/forecast.html",
        {
            "form": form,
            "year": year,
            "expected": expected,
            "table": selectors.capacity_forecast(year, expected),
        },
    )


# --- Volume planning: expected new hires per month, the planning view and its settings ---------------


@role_required(*MANAGERS)
def hires(request):
    """Expected new hires per month: a manager's own municipality, every municipality and the region's
    sum for the project leader."""
    year = planning.chosen_year(request.GET.get("ar", ""))
    scope = MunicipalityScope.for_user(request.user, MANAGE)
    municipalities = list(scope.filter(Municipality.objects.order_by("name"), "pk"))
    table = planning.hires_table(year, municipalities)
    rows = []
    for municipality in municipalities:
        months = [table.get(municipality.pk, {}).get(number) for number in range(1, 13)]
        rows.append((municipality, months, sum(m or 0 for m in months)))
    region = None
    if scope.everything:
        region = [sum(row[1][n] or 0 for row in rows) for n in range(12)]
        region = (region, sum(region))
    return render(
        request,
        "reports/hires.html",
        {
            "year": year,
            "years": planning.planning_years(),
            "months": [planning.add_months(datetime.date(year, 1, 1), n) for n in range(12)],
            "rows": rows,
            "region": region,
        },
    )


@role_required(*MANAGERS)
def hires_edit(request, code):
    scope = MunicipalityScope.for_user(request.user, MANAGE)
    municipality = scope.get(Municipality.objects.all(), "pk", code=code)  # another one answers 404
    year = planning.chosen_year(request.GET.get("ar", ""))
    saved = planning.hires_table(year, [municipality]).get(municipality.pk, {})
    form = HiresForm(request.POST if request.method == "POST" else None, initial_values=saved)
    if request.method == "POST":
        if form.is_valid():
            services.hires_save(municipality_id=municipality.pk, year=year, months=form.months())
            messages.success(
                request,
                _("Förväntade nyanställda i %(municipality)s %(year)s är sparade.")
                % {"municipality": municipality.name, "year": year},
            )
            return redirect(f"{reverse('reports:hires')}?ar={year}")
        messages.error(request, _("Siffrorna sparades inte. Rätta det som är markerat."))
    return render(
        request, "reports/hires_form.html", {"form": form, "municipality": municipality, "year": year}
    )


@role_required(Role.PROJECT_LEADER)
def volume_planning(request):
    year = planning.chosen_year(request.GET.get("ar", ""))
    journeys = list(planning.planning_journeys())
    journey = next(
        (j for j in journeys if j.slug == request.GET.get("resa")), journeys[0] if journeys else None
    )
    settings_row = PlanningSettings.current()
    plans = planning.course_plans(year, journey, settings_row=settings_row) if journey else []
    return render(
        request,
        "reports/planning.html",
        {
            "year": year,
            "years": planning.planning_years(),
            "journey": journey,
            "journeys": journeys,
            "plans": plans,
            # Per course, the lines of the months where places fall short (or why it could not be planned).
            "gaps": [
                (plan, [plan.error] if plan.error else [message for _month, _n, message in plan.shortfalls])
                for plan in plans
                if plan.error or plan.shortfalls
            ],
            "summer_months": [forms_month_name(n) for n in settings_row.summer_month_numbers],
            "region_total": sum(
                planning.region_hires(datetime.date(year, 1, 1), datetime.date(year, 12, 1)).values()
            ),
            **planning.plan_warnings(),
        },
    )


@role_required(Role.PROJECT_LEADER)
def planning_settings(request):
    settings_row = PlanningSettings.current()
    form = PlanningSettingsForm(
        request.POST if request.method == "POST" else None,
        initial={
            "summer_months": list(settings_row.summer_month_numbers),
            "default_capacity": settings_row.default_capacity,
        },
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                services.planning_settings_save(**form.cleaned_data)
            except ValidationError as error:
                form.add_error("summer_months", error)
            else:
                messages.success(request, _("Inställningarna för planeringen är sparade."))
                return redirect("reports:planning")
        messages.error(request, _("Inställningarna sparades inte. Rätta det som är markerat."))
    return render(request, "reports/planning_settings.html", {"form": form})


# --- Project goals A–G: the styrgrupp's assessments, and the action plan ----------------------------


def _year_from(request):
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() and int(value) in selectors.years() else default_year()


@role_required(*REGIONAL_READERS)
def project_goals(request):
    year = _year_from(request)
    indicators = selectors.project_goal_indicators(year)
    history = GoalAssessment.objects.filter(year=year).select_related("recorded_by")
    return render(
        request,
        "reports/project_goals.html",
        {
            "year": year,
            "years": selectors.years(),
            "indicators": indicators,
            "history": history,
            "may_record": request.user.has_role(Role.PROJECT_LEADER),
        },
    )


@role_required(Role.PROJECT_LEADER)
def assessment_create(request, goal):
    if goal not in LETTERS:
        raise Http404
    text = dict((letter, text) for letter, text, *_rest in PROJECT_GOALS)[goal]
    if request.method == "POST":
        form = AssessmentForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.assessment_record(
                    goal=goal,
                    year=data["year"],
                    outcome=data["outcome"],
                    meeting_on=data["meeting_on"],
                    motivation=data["motivation"],
                    minutes=data["minutes"],
                    recorded_by_id=request.user.pk,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Bedömningen av mål %(goal)s är sparad.") % {"goal": goal})
                return redirect(f"{reverse('reports:project_goals')}?year={data['year']}")
        messages.error(request, _("Bedömningen sparades inte. Rätta det som är markerat."))
    else:
        form = AssessmentForm(initial={"year": _year_from(request)})
    return render(
        request,
        "reports/assessment_form.html",
        {"form": form, "goal": goal, "goal_text": text},
    )


@role_required(*REGIONAL_READERS)
def assessment_minutes(request, pk):
    """The minutes PDF, only through this view (uploaded files are never served from MEDIA_URL)."""
    assessment = get_object_or_404(GoalAssessment, pk=pk)
    if not assessment.minutes:
        raise Http404
    return FileResponse(
        assessment.minutes.open("rb"),
        as_attachment=True,
        filename=f"protokoll-mal-{assessment.goal.lower()}-{assessment.year}-{assessment.pk}.pdf",
        content_type="application/pdf",
    )


@role_required(*REGIONAL_READERS)
def action_plan(request):
    today = timezone.localdate()
    activities = list(Activity.objects.all())
    return render(
        request,
        "reports/action_plan.html",
        {
            "activities": activities,
            "today": today,
            "may_edit": request.user.has_role(Role.PROJECT_LEADER),
            "goal_names": {g: _("Mål %(n)s") % {"n": g} for g in ALL_GOALS},
        },
    )


@role_required(Role.PROJECT_LEADER)
def activity_edit(request, pk=None):
    activity = get_object_or_404(Activity, pk=pk) if pk else None
    if request.method == "POST":
        form = ActivityForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.activity_save(activity_id=pk, **data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Aktiviteten är sparad."))
                return redirect("reports:action_plan")
        messages.error(request, _("Aktiviteten sparades inte. Rätta det som är markerat."))
    elif activity:
        form = ActivityForm(
            initial={
                "title": activity.title,
                "description": activity.description,
                "owner": activity.owner,
                "due_on": activity.due_on,
                "status": activity.status,
                "goals": activity.goal_list,
                "done_on": activity.done_on,
                "outcome_note": activity.outcome_note,
            }
        )
    else:
        form = ActivityForm(
            initial={"goals": [request.GET["mal"]] if request.GET.get("mal") in ALL_GOALS else []}
        )
    return render(
        request,
        "reports/activity_form.html",
        {"form": form, "activity": activity},
    )
