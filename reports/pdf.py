"""The yearly report (årsrapport) as a tagged PDF (PDF/UA-1) from the dashboard's selectors."""

from django.template.loader import render_to_string
from django.utils import timezone, translation

from core.pdf import render_pdf
from courses.selectors import active_trainers_by_municipality
from followup.charts import bar_chart
from followup.selectors import goals_and_support

from . import charts, introduction, selectors
from .models import ReportComment


def report_context(year):
    """Everything the report shows, from the same selectors as the dashboard."""
    # Read once and passed on, as the dashboard does (#18).
    municipalities = selectors.region_municipalities(year)
    trainer_counts = active_trainers_by_municipality()
    first, last = selectors.dashboard_years(year)
    figures = selectors.enrollment_figures(first, last)
    occasions = selectors.occasion_figures(first, last)
    goal_results, support = goals_and_support(year)
    agreements = selectors.agreement_summary(year, municipalities=municipalities)
    totals = selectors.totals(year, figures=figures, occasions=occasions)
    participation = selectors.participation_table(year, municipalities=municipalities, figures=figures)
    steps = selectors.steps_table(year)
    trainers = selectors.trainer_table(year, municipalities=municipalities, trainers=trainer_counts)
    trend = selectors.trend_table(until=year, figures=figures, occasions=occasions)
    comments = dict(ReportComment.objects.filter(year=year).values_list("goal", "text"))
    indicators = selectors.project_goal_indicators(
        year, municipalities=municipalities, trainers=trainer_counts, support=support, figures=figures
    )
    for indicator in indicators:
        indicator["comment"] = comments.get(indicator["goal"], "")
    aspects = [a for g in goal_results for a in g.aspects]
    return {
        "introduction_table": introduction.introduction_table(year, municipalities=municipalities),
        "year": year,
        "year_text": str(year),
        "created": timezone.localtime(),
        "agreements": agreements,
        "totals": totals,
        "participation": participation,
        "steps": steps,
        "trainers": trainers,
        "trainer_hours": selectors.trainer_hours_table(year),
        "trainer_hours_by_municipality": selectors.trainer_hours_by_municipality_table(year),
        "goals": goal_results,
        "goal_table": selectors.goal_table(year, summary=goal_results),
        "course_table": selectors.course_table(year, counted=totals),
        "trend": trend,
        "project_goals": indicators,
        "project_goal_table": selectors.project_goal_table(indicators),
        "activities_done": selectors.activities_done(year),
        "goal_chart": bar_chart(aspects, f"Effektmål {year}", with_survey=True),
        "participation_chart": charts.from_table(f"Deltagare per kommun {year}", participation, 0, 2),
        "trend_chart": charts.from_table(f"Deltagare per år {selectors.FIRST_YEAR}–{year}", trend, 0, 1),
    }


def report_html(year):
    """The report's HTML, in Swedish (decimal comma) whatever language the worker or caller has active."""
    with translation.override("sv"):
        return render_to_string("reports/pdf/report.html", report_context(year))


def render_report(year):
    return render_pdf(report_html(year))
