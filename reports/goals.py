"""Seed 004 part A: the project goals A–G, their measure of success and how each is followed up.

`kind` says where a goal's status comes from:
- "judgement": the styrgrupp's (and SKR's) recorded assessment for the year (GoalAssessment);
- "usage": G, usage figures the portal computes, with the status the styrgrupp records ("konstateras");
- "survey": F, computed from the yearly RSS survey against its target (80 %).
"""

from django.utils.translation import gettext_lazy as _

JUDGEMENT, USAGE, SURVEY = "judgement", "usage", "survey"

PROJECT_GOALS = [
    (
        "A",
        _("En övergripande struktur med kunskapsmål för Yrkesresan Barn och unga tas fram."),
        _(
            "Styrgruppen bedömer att strukturen är relevant, samverkansparterna att samarbetet fungerat "
            "väl och SKR att GR förhållit sig korrekt till konceptet."
        ),
        JUDGEMENT,
    ),
    (
        "B",
        _("Kurser för introduktion och kompetensutveckling för socialsekreterare tas fram."),
        _("SKR och styrgruppen bedömer att målet är uppfyllt genom kursproduktionen (Ny, Van, Erfaren)."),
        JUDGEMENT,
    ),
    (
        "C",
        _("Stöd och kurser för arbetsledare och chefer tas fram."),
        _("SKR och styrgruppen bedömer att målet är uppfyllt genom stödet och kurserna för chefer."),
        JUDGEMENT,
    ),
    (
        "D",
        _("Kurser och innehåll paketeras användarvänligt och tillgängligt i lärplattformen."),
        _("SKR och styrgruppen bedömer att GR och Adda har uppfyllt målet."),
        JUDGEMENT,
    ),
    (
        "E",
        _("Innehållet förvaltas, följs upp och utvecklas under avtalsperioden."),
        _("En förvaltningsplan för kurserna finns och används; behov av utveckling rapporteras löpande."),
        JUDGEMENT,
    ),
    (
        "F",
        _("Stöd erbjuds de regionala samverkans- och stödstrukturerna, bl.a. utbildning av utbildare."),
        _(
            "Minst 80 % av de deltagande RSS:erna tycker att GR erbjuder ett bra stöd och tar hand om synpunkter."
        ),
        SURVEY,
    ),
    (
        "G",
        _("Yrkesresan sprids och implementeras i så många kommuner som möjligt."),
        _("GR och Adda följer användandet och redovisar det; SKR och styrgruppen konstaterar spridningen."),
        USAGE,
    ),
]
LETTERS = [letter for letter, *_rest in PROJECT_GOALS]
EFFECT_GOALS = [str(n) for n in range(1, 8)]
# Every goal an activity of the action plan can serve: A–G and 1–7.
ALL_GOALS = LETTERS + EFFECT_GOALS
