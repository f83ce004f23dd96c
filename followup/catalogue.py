"""The survey templates shipped for the seven effect goals of seed 004 part B (and goal F of part A, and the
managers' needs survey of seed 002), in the seeds' own words.

Loaded by migration 0002 (and by tests and the demo after a flush); the project leader edits them in
the browser afterwards, so only missing templates are created.
"""

from django.utils.translation import gettext_noop

U, S = "usefulness", "satisfaction"

GOAL_1 = [
    ("a", "arbeta i enlighet med ditt uppdrag?"),
    ("b", "bemöta barn och deras familjer med respekt och lyhördhet samt främja delaktighet?"),
    ("c", "söka, granska och värdera kunskap för att utifrån bästa tillgängliga kunskap utföra arbetet?"),
    ("d", "handlägga, dokumentera och samverka utifrån gällande regelverk?"),
]
GOAL_3 = [
    ("a", "arbeta i enlighet med ditt uppdrag?"),
    ("b", "söka, granska och värdera kunskap för att utifrån bästa tillgängliga kunskap utföra arbetet?"),
    ("c", "vägleda medarbetare i arbetet?"),
]
GOAL_5 = [
    ("a", "Är Yrkesresan Barn och unga ett stöd för dig i din roll?"),
    ("b", "Är Yrkesresan Barn och unga ett stöd i introduktionen av ny personal?"),
    ("c", "Underlättar Yrkesresan Barn och unga när du planerar kompetenshöjande insatser?"),
]
GOAL_6 = [
    ("a", "arbeta i enlighet med sitt uppdrag?"),
    ("b", "bemöta barn och deras familjer med respekt och lyhördhet samt främja delaktighet?"),
    ("c", "söka, granska och värdera kunskap för att utifrån bästa tillgängliga kunskap utföra arbetet?"),
    ("d", "handlägga, dokumentera och samverka utifrån gällande regelverk?"),
]
OWN = "Har Yrkesresan Barn och unga gjort nytta för dig när det gäller att "
STAFF = "Har Yrkesresan Barn och unga gjort nytta för dina socialsekreterare när det gäller att "
FREE = ("Har du andra synpunkter på Yrkesresan? (frivilligt)", "free_text", "", None, "", False, "")


def goal_1_questions():
    return [(OWN + text, "scale", U, 1, aspect, True, "") for aspect, text in GOAL_1] + [FREE]


TEMPLATES = [
    (
        "step_change",
        gettext_noop("Enkät vid byte av steg"),
        "1",
        "Du har gått vidare till nästa steg i Yrkesresan. Svara på några frågor om nyttan med steget du lämnat. "
        "Dina svar är anonyma.",
        goal_1_questions(),
    ),
    (
        "erfaren_yearly",
        gettext_noop("Årlig enkät till Erfaren"),
        "1",
        "En gång om året frågar vi dig som är på steget Erfaren om nyttan med Yrkesresan. Dina svar är anonyma.",
        goal_1_questions(),
    ),
    (
        "course_evaluation",
        gettext_noop("Kursutvärdering"),
        "2, 4",
        "Tack för att du deltog i kursen. Dina svar är anonyma och hjälper oss att utveckla kursen.",
        [
            ("Hur nöjd är du med helhetsintrycket av kursen?", "scale", S, 2, "", True, ""),
            (
                "Vad var bäst med kursen, och vad kan bli bättre? (frivilligt)",
                "free_text",
                "",
                None,
                "",
                False,
                "",
            ),
        ],
    ),
    (
        "manager_yearly",
        gettext_noop("Årlig enkät till arbetsledare och chefer"),
        "3, 4, 5, 6",
        "En gång om året frågar vi arbetsledare och chefer om Yrkesresan. Dina svar är anonyma.",
        [(OWN + text, "scale", U, 3, aspect, True, "took_courses") for aspect, text in GOAL_3]
        + [
            (
                "Hur nöjd är du med helhetsintrycket av de kurser i Yrkesresan du deltagit i?",
                "scale",
                S,
                4,
                "",
                True,
                "took_courses",
            )
        ]
        + [(text, "scale", U, 5, aspect, True, "") for aspect, text in GOAL_5]
        + [(STAFF + text, "scale", U, 6, aspect, True, "") for aspect, text in GOAL_6]
        + [FREE],
    ),
    (
        "trainer_yearly",
        gettext_noop("Årlig enkät till utbildare"),
        "7",
        "En gång om året frågar vi dig som är utbildare i Yrkesresan. Dina svar är anonyma.",
        [("Anser du att det är utvecklande att utbilda i Yrkesresan?", "scale", U, 7, "", True, ""), FREE],
    ),
]


# Seed 004 part A goal F and part B goal 7: asked once a year of the RSS's regional project leaders.
# The support questions are measured but tied to no effect goal: they make goal F (reports.goals).
RSS_SUPPORT = [
    ("a", "Anser du att GR erbjuder ett bra stöd i implementeringen av Yrkesresan?"),
    ("b", "Anser du att GR erbjuder ett bra stöd i kommunikationen om Yrkesresan?"),
    ("c", "Anser du att GR tar hand om era synpunkter?"),
]
# Seed 002 (Inventering av utbildningsbehov): the competence areas the managers' needs are asked by.
COMPETENCE_AREAS = [
    "Att arbeta i en politiskt styrd organisation",
    "Regelverk och rättslig utveckling",
    "Handläggningsprocessen",
    "Dokumentation och kommunikation",
    "Bemötande, samtal och relationer",
    "Samverkan",
    "Barns och ungas utveckling och behov",
    "Evidensbaserad praktik",
]
NEEDS_QUESTION = "Inom vilka kompetensområden behöver medarbetarna i din enhet utbildning det kommande året?"

TEMPLATES += [
    (
        "rss_yearly",
        gettext_noop("Årlig enkät till regionala projektledare (RSS)"),
        "7",
        "En gång om året frågar vi regionala projektledare på RSS om stödet från GR och om rekryteringen "
        "av utbildare. Dina svar är anonyma.",
        [(text, "scale", U, None, aspect, True, "") for aspect, text in RSS_SUPPORT]
        + [
            (
                "Har ni rekryterat erfaren personal från era kommuner som utbildare till regionala kurser?",
                "yes_no",
                "",
                7,
                "b",
                True,
                "",
            ),
            ("Har GR erbjudit utbildning av era utbildare?", "yes_no", "", 7, "c", True, ""),
            FREE,
        ],
    ),
    (
        "training_needs",
        gettext_noop("Inventering av utbildningsbehov"),
        "",
        "Vi vill veta vilka utbildningar din enhet behöver, så att kurserna kan planeras efter behoven. "
        "Svaren är inte anonyma: projektledaren ser vilken kommun svaren kommer från.",
        [
            (NEEDS_QUESTION, "multiple", "", None, "", False, ""),
            ("Beskriv gärna behoven närmare. (frivilligt)", "free_text", "", None, "", False, ""),
        ],
    ),
]


# The shipped names, marked for translation: a template that still has one is named in the page's
# language (SurveyTemplate.display_name).
SHIPPED_NAMES = frozenset(name for _kind, name, *_rest in TEMPLATES)


def load_templates(SurveyTemplate, Question):
    """Create each shipped template that does not exist yet (by kind); existing ones are left as edited."""
    for kind, name, goals, intro, questions in TEMPLATES:
        template, created = SurveyTemplate.objects.get_or_create(
            kind=kind, defaults={"name": name, "goals": goals, "intro": intro}
        )
        if not created:
            continue
        for order, (text, qkind, scale, goal, aspect, measured, condition) in enumerate(questions, 1):
            Question.objects.create(
                template=template,
                order=order * 10,
                text=text,
                kind=qkind,
                scale=scale,
                goal=goal,
                aspect=aspect,
                is_measured=measured,
                # Goal 7's RSS questions: "samtliga RSS" – every one.
                target_percent=100 if kind == "rss_yearly" and goal == 7 else 80,
                condition=condition,
                options_text="\n".join(COMPETENCE_AREAS) if text == NEEDS_QUESTION else "",
            )


def load_templates_now():
    from .models import Question, SurveyTemplate

    load_templates(SurveyTemplate, Question)
