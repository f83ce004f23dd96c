"""The yearly report (årsrapport) as a tagged PDF (PDF/UA-1) from the dashboard's selectors."""

from django.template.loader import render_to_string
from django.utils import timezone, translation

from core.pdf import render_pdf
from followup.charts import bar_chart

from . import charts, selectors
from .models import ReportComment

# Seed 004 part A: the project goals, shortened; the counts next to them come from the selectors.
PROJECT_GOALS = [
    ("A", "En övergripande struktur med kunskapsmål för Yrkesresan Barn och unga tas fram."),
    ("B", "Kurser för introduktion och kompetensutveckling för socialsekreterare tas fram."),
    ("C", "Stöd och kurser för arbetsledare och chefer tas fram."),
    ("D", "Kurser och innehåll paketeras användarvänligt och tillgängligt i lärplattformen."),
    ("E", "Innehållet förvaltas, följs upp och utvecklas under avtalsperioden."),
    ("F", "Stöd erbjuds de regionala samverkans- och stödstrukturerna, bl.a. utbildning av utbildare."),
    ("G", "Yrkesresan sprids och implementeras i så många kommuner som möjligt."),
]


def report_context(year):
    """Everything the report shows, from the same selectors as the dashboard."""
    from courses.models import Course
    from courses.selectors import active_trainers

    agreements = selectors.agreement_summary(year)
    totals = selectors.totals(year)
    participation = selectors.participation_table(year)
    steps = selectors.steps_table(year)
    trainers = selectors.trainer_table(year)
    goal_results = selectors.goals(year)
    trend = selectors.trend_table()
    comments = dict(ReportComment.objects.filter(year=year).values_list("goal", "text"))
    counts = {
        "A": f"{len(steps[1])} steg i yrkesresorna",
        "B": f"{Course.objects.filter(status=Course.Status.PUBLISHED).count()} publicerade kurser",
        "C": f"{sum(r[2] for r in steps[1] if 'chef' in str(r[1]).lower())} anmälningar till chefssteget",
        "D": f"{totals['completed']} genomförda kurser",
        "E": f"{totals['course_days']} kursdagar",
        "F": f"{active_trainers().count()} aktiva utbildare",
        "G": f"{agreements['joined']} anslutna kommuner, {agreements['agreements_signed']} undertecknade "
        "överenskommelser",
    }
    aspects = [a for g in goal_results for a in g.aspects]
    return {
        "year": year,
        "created": timezone.localtime(),
        "agreements": agreements,
        "totals": totals,
        "participation": participation,
        "steps": steps,
        "trainers": trainers,
        "goals": goal_results,
        "goal_table": selectors.goal_table(year, summary=goal_results),
        "course_table": selectors.course_table(year, counted=totals),
        "trend": trend,
        "project_goals": [
            (letter, text, counts[letter], comments.get(letter, "")) for letter, text in PROJECT_GOALS
        ],
        "goal_chart": bar_chart(aspects, f"Effektmål {year}", with_survey=True),
        "participation_chart": charts.from_table(f"Deltagare per kommun {year}", participation, 0, 2),
        "trend_chart": charts.from_table("Deltagare per år 2021–2027", trend, 0, 1),
    }


def report_html(year):
    """The report's HTML, in Swedish (decimal comma) whatever language the worker or caller has active."""
    with translation.override("sv"):
        return render_to_string("reports/pdf/report.html", report_context(year))


def render_report(year):
    return render_pdf(report_html(year))
