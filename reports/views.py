"""Pages of the reports app: the dashboard, its exports, the yearly report, comments and the forecast."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import role_required
from core.exports import csv_response, xlsx_response
from followup.charts import bar_chart
from municipalities.models import Municipality

from . import charts, selectors, services
from .access import DASHBOARD_ROLES, REPORT_ROLES, dashboard_municipality, is_regional
from .forms import DashboardFilterForm, RecruitmentForm, ReportCommentForm, ReportRequestForm
from .models import ExpectedRecruitment, ReportBuild, ReportComment


def _filters(request):
    regional = is_regional(request.user)
    form = DashboardFilterForm(request.GET or None, regional=regional)
    year, journey, municipality = form.values()
    if not regional and request.GET.get("municipality"):
        # A manager may name only their own municipality (the field is not shown to them).
        asked = (
            Municipality.objects.filter(pk=request.GET["municipality"]).first()
            if request.GET["municipality"].isdigit()
            else None
        )
        if asked is None or asked.pk != request.user.municipality_id:
            raise Http404
    municipality = dashboard_municipality(request.user, municipality)
    return form, year, journey, municipality


@role_required(*DASHBOARD_ROLES)
def dashboard(request):
    form, year, journey, municipality = _filters(request)
    participation = selectors.participation_table(year, journey, municipality)
    steps = selectors.steps_table(year, journey, municipality)
    trend = selectors.trend_table(journey, municipality)
    trainers = selectors.trainer_table(year, municipality)
    goal_results = selectors.goals(year, municipality)
    aspects = [a for g in goal_results for a in g.aspects]
    totals = selectors.totals(year, journey, municipality)
    context = {
        "form": form,
        "year": year,
        "journey": journey,
        "municipality": municipality,
        "regional": is_regional(request.user),
        "query": request.GET.urlencode(),
        "agreements": selectors.agreement_summary(year, municipality),
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
        "trend_chart": charts.from_table(_("Deltagare per år"), trend, 0, 1),
        "trainer_chart": charts.from_table(_("Utbildare per kommun"), trainers, 0, 1),
        "staff": selectors.staff_progress(municipality) if not is_regional(request.user) else None,
    }
    return render(request, "reports/dashboard.html", context)


@role_required(*DASHBOARD_ROLES)
def export(request, name, fmt):
    if name not in selectors.TABLES or fmt not in ("csv", "xlsx"):
        raise Http404
    _form, year, journey, municipality = _filters(request)
    headers, rows = selectors.table(name, year, journey, municipality)
    filename = f"oversikt-{name}-{year}.{fmt}"
    if fmt == "csv":
        return csv_response(filename, headers, rows)
    return xlsx_response(filename, headers, rows, sheet_title=str(selectors.TABLES[name][1])[:31])


@role_required(*REPORT_ROLES)
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
        {"form": form, "rows": rows, "may_comment": request.user.has_role("project_leader")},
    )


@require_POST
@role_required(*REPORT_ROLES)
def report_request(request):
    form = ReportRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Välj ett år för årsrapporten."))
        return redirect("reports:list")
    services.report_request(form.cleaned_data["year"], request.user)
    messages.success(request, _("Årsrapporten byggs. Uppdatera sidan om en stund för att ladda ner den."))
    return redirect("reports:list")


@role_required(*REPORT_ROLES)
def report_download(request, pk):
    build = get_object_or_404(ReportBuild, pk=pk, status=ReportBuild.Status.READY)
    return FileResponse(
        build.file.open("rb"),
        as_attachment=True,
        filename=f"arsrapport-{build.year}.pdf",
        content_type="application/pdf",
    )


@role_required("project_leader")
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


@role_required("project_leader")
def forecast(request):
    year = timezone.localdate().year + 1
    municipalities = list(Municipality.objects.order_by("name"))
    saved = dict(ExpectedRecruitment.objects.filter(year=year).values_list("municipality_id", "new_staff"))
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
