"""The permission grid: every URL of ours × every role × method, with the status each must answer.

A URL that has no row here fails `test_every_url_of_ours_has_a_row`, so a new page cannot ship without
someone deciding who may open it. Objects belong to Luleå: its manager is "manager_own", Piteå's
manager is "manager_other" and must get 404 (not 403), so nothing about the object leaks.
"""

from dataclasses import dataclass, field

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from enrollment.certificates import certificate_code

OUR_APPS = (
    "core",
    "accounts",
    "municipalities",
    "courses",
    "enrollment",
    "introduction",
    "followup",
    "reports",
)
ROLES = [
    "anonymous",
    "social_worker",
    "course_leader",
    "manager_own",
    "manager_other",
    "steering_group",
    "project_leader",
    "mentor",
    "first_social_worker",
]
ROLE_USERS = {
    "social_worker": "socsek.lulea@demo.se",
    "course_leader": "kursledare@demo.se",
    "manager_own": "chef.lulea@demo.se",
    "manager_other": "chef.pitea@demo.se",
    "steering_group": "styrgrupp@demo.se",
    "project_leader": "projektledare@demo.se",
    "mentor": "mentor.lulea@demo.se",
    "first_social_worker": "forste.lulea@demo.se",
}
LOGIN = 302  # anonymous visitors of a closed page are sent to the login page


@dataclass
class Row:
    """Expected status per role for GET and/or POST, for the URL built from the test objects."""

    get: dict = None
    post: dict = None
    kwargs: callable = field(default=lambda objects: {})
    args: callable = field(default=lambda objects: [])
    data: callable = field(default=lambda objects: {})  # query string (GET) or form data (POST)
    label: str = ""  # tells variants of one URL apart (a published and a draft course, …)


def statuses(default, **overrides):
    return {role: overrides.get(role, default) for role in ROLES}


OPEN = statuses(200)
LOGGED_IN = statuses(200, anonymous=LOGIN)
PROJECT_LEADER_ONLY = statuses(403, anonymous=LOGIN, project_leader=200)
LEADER_AND_MANAGERS = statuses(403, anonymous=LOGIN, manager_own=200, manager_other=200, project_leader=200)
REGION_READERS = statuses(
    403, anonymous=LOGIN, manager_own=200, manager_other=200, steering_group=200, project_leader=200
)
LULEA_READERS = {**REGION_READERS, "manager_other": 404}
# Forms of the project leader: an empty POST re-renders the form with its errors, others may not post.
LEADER_FORM = statuses(403, anonymous=LOGIN, project_leader=200)
REPORT_READERS = statuses(403, anonymous=LOGIN, steering_group=200, project_leader=200)
HIDDEN_FROM_ALL_BUT_LEADER = statuses(404, anonymous=LOGIN, project_leader=200)
PLAN_READERS = statuses(
    404,
    anonymous=LOGIN,
    social_worker=200,
    manager_own=200,
    project_leader=200,
    mentor=200,
    first_social_worker=200,
)
MESSAGE_WRITERS = statuses(403, anonymous=LOGIN, course_leader=200, project_leader=200)
PLAN_EDITORS = statuses(404, anonymous=LOGIN, manager_own=302, project_leader=302)

GRID = {
    "home": Row(get=OPEN),
    "privacy": Row(get=OPEN),
    "accessibility": Row(get=OPEN),
    # the outbox's failed e-mails: only the project leader sees them and may try again
    "failed_emails": Row(get=PROJECT_LEADER_ONLY),
    "failed_email_retry": Row(
        post=statuses(403, anonymous=LOGIN, project_leader=302), args=lambda o: [o["failed_email"].pk]
    ),
    # editable notification templates: the project leader's; an empty post means the shipped texts
    "notification_templates": Row(get=PROJECT_LEADER_ONLY),
    "notification_template_edit": Row(
        get=PROJECT_LEADER_ONLY,
        post=statuses(403, anonymous=LOGIN, project_leader=302),
        args=lambda o: ["enrollment", "approved"],
    ),
    "notification_template_restore": Row(
        post=statuses(403, anonymous=LOGIN, project_leader=302), args=lambda o: ["enrollment", "approved"]
    ),
    "accounts:invite": Row(get=PROJECT_LEADER_ONLY, post=statuses(403, anonymous=LOGIN, project_leader=200)),
    "accounts:people": Row(get=LEADER_AND_MANAGERS),
    "accounts:profile": Row(get=LOGGED_IN),
    # moving a person: the project leader on the person's page, or the new municipality's manager
    "accounts:move": Row(
        post=statuses(403, anonymous=LOGIN, project_leader=302), args=lambda o: [o["person"].pk]
    ),
    # the person's roles: only the project leader, on the person's page
    "accounts:roles": Row(
        post=statuses(403, anonymous=LOGIN, project_leader=302), args=lambda o: [o["person"].pk]
    ),
    "accounts:move_in": Row(
        get=statuses(403, anonymous=LOGIN, manager_own=200, manager_other=200),
        post=statuses(403, anonymous=LOGIN, manager_own=200, manager_other=200),
    ),
    # GDPR: only the project leader exports or anonymises a person's data
    "accounts:person": Row(get=PROJECT_LEADER_ONLY, args=lambda o: [o["person"].pk]),
    "accounts:personal_data_json": Row(get=PROJECT_LEADER_ONLY, args=lambda o: [o["person"].pk]),
    "accounts:personal_data_pdf": Row(get=PROJECT_LEADER_ONLY, args=lambda o: [o["person"].pk]),
    "accounts:anonymise": Row(
        get=PROJECT_LEADER_ONLY,
        post=statuses(403, anonymous=LOGIN, project_leader=302),
        args=lambda o: [o["person"].pk],
    ),
    # single sign-on: the project leader configures each municipality's IdP; anyone may start a login
    "accounts:sso_start": Row(get=OPEN, post=OPEN),
    "accounts:sso_list": Row(get=PROJECT_LEADER_ONLY),
    "accounts:sso_edit": Row(get=PROJECT_LEADER_ONLY, post=LEADER_FORM, args=lambda o: [o["lulea"].pk]),
    "accounts:sso_sp_metadata": Row(get=PROJECT_LEADER_ONLY, args=lambda o: [o["lulea"].pk]),
    "accounts:sso_remove": Row(
        post=statuses(403, anonymous=LOGIN, project_leader=302), args=lambda o: [o["pitea"].pk]
    ),
    # municipalities
    "municipalities:list": Row(get=REGION_READERS),
    "municipalities:mine": Row(get=statuses(403, anonymous=LOGIN, manager_own=302, manager_other=302)),
    "municipalities:detail": Row(get=LULEA_READERS, kwargs=lambda o: {"code": "2580"}),
    "municipalities:create": Row(get=PROJECT_LEADER_ONLY, post=LEADER_FORM),
    "municipalities:edit": Row(get=PROJECT_LEADER_ONLY, post=LEADER_FORM, kwargs=lambda o: {"code": "2580"}),
    "municipalities:population_import": Row(get=PROJECT_LEADER_ONLY, post=LEADER_FORM),
    "municipalities:cost_splits": Row(get=REGION_READERS),
    "municipalities:cost_split_create": Row(get=PROJECT_LEADER_ONLY, post=LEADER_FORM),
    "municipalities:cost_split": Row(
        get=REGION_READERS, kwargs=lambda o: {"region": "norrbotten", "year": 2026}
    ),
    "municipalities:cost_split_edit": Row(
        get=PROJECT_LEADER_ONLY, post=LEADER_FORM, kwargs=lambda o: {"region": "norrbotten", "year": 2026}
    ),
    "municipalities:cost_split_csv": Row(
        get=REGION_READERS, kwargs=lambda o: {"region": "norrbotten", "year": 2026}
    ),
    "municipalities:cost_split_xlsx": Row(
        get=REGION_READERS, kwargs=lambda o: {"region": "norrbotten", "year": 2026}
    ),
    "municipalities:agreement": Row(get=LULEA_READERS, kwargs=lambda o: {"pk": o["agreement"].pk}),
    "municipalities:agreement_create": Row(
        get=PROJECT_LEADER_ONLY, post=LEADER_FORM, kwargs=lambda o: {"code": "2580"}
    ),
    "municipalities:agreement_edit": Row(
        get=PROJECT_LEADER_ONLY, post=LEADER_FORM, kwargs=lambda o: {"pk": o["agreement"].pk}
    ),
    # The styrgrupp reads an agreement's status, not the signed document itself.
    "municipalities:agreement_document": Row(
        get={**LULEA_READERS, "steering_group": 403}, kwargs=lambda o: {"pk": o["agreement"].pk}
    ),
    # courses: everyone logged in reads the published catalogue and open occasions of their region
    "courses:catalogue": Row(get=LOGGED_IN),
    "courses:course": [
        Row(get=LOGGED_IN, args=lambda o: [o["course"].slug], label="published"),
        Row(get=HIDDEN_FROM_ALL_BUT_LEADER, args=lambda o: [o["draft"].slug], label="draft"),
    ],
    "courses:days": Row(get=LOGGED_IN),
    "courses:occasion": [
        Row(get=LOGGED_IN, args=lambda o: [o["open"].pk], label="open"),
        Row(
            get={**HIDDEN_FROM_ALL_BUT_LEADER, "course_leader": 200},
            args=lambda o: [o["planned"].pk],
            label="planned, led by the course leader",
        ),
    ],
    "courses:occasion_ics": [
        Row(get=LOGGED_IN, args=lambda o: [o["open"].pk], label="open"),
        Row(
            get={**HIDDEN_FROM_ALL_BUT_LEADER, "course_leader": 200},
            args=lambda o: [o["planned"].pk],
            label="planned, led by the course leader",
        ),
    ],
    # The trainer's feed is secret: anyone holding the URL reads it, without logging in.
    "courses:trainer_feed": Row(get=OPEN, args=lambda o: [o["profile"].calendar_token]),
    "courses:my_days": Row(get=statuses(403, anonymous=LOGIN, course_leader=200)),
    "courses:my_calendar_renew": Row(post=statuses(403, anonymous=LOGIN, course_leader=302)),
    "courses:planning": Row(get=PROJECT_LEADER_ONLY),
    "courses:manage": Row(get=PROJECT_LEADER_ONLY),
    "courses:journey_create": Row(get=PROJECT_LEADER_ONLY, post=LEADER_FORM),
    "courses:journey_edit": Row(get=PROJECT_LEADER_ONLY, post=LEADER_FORM, args=lambda o: [o["journey"].pk]),
    "courses:journey_delete": Row(get=PROJECT_LEADER_ONLY, args=lambda o: [o["journey"].pk]),
    "courses:step_create": Row(get=PROJECT_LEADER_ONLY, post=LEADER_FORM, args=lambda o: [o["journey"].pk]),
    "courses:step_edit": Row(get=PROJECT_LEADER_ONLY, post=LEADER_FORM, args=lambda o: [o["ny"].pk]),
    "courses:step_delete": Row(get=PROJECT_LEADER_ONLY, args=lambda o: [o["ny"].pk]),
    "courses:course_create": Row(get=PROJECT_LEADER_ONLY, post=LEADER_FORM),
    "courses:course_edit": Row(get=PROJECT_LEADER_ONLY, post=LEADER_FORM, args=lambda o: [o["course"].pk]),
    "courses:course_delete": Row(get=PROJECT_LEADER_ONLY, args=lambda o: [o["course"].pk]),
    "courses:occasion_create": Row(get=PROJECT_LEADER_ONLY, post=LEADER_FORM),
    "courses:occasion_edit": Row(get=PROJECT_LEADER_ONLY, post=LEADER_FORM, args=lambda o: [o["open"].pk]),
    "courses:occasion_copy": Row(get=PROJECT_LEADER_ONLY, post=LEADER_FORM, args=lambda o: [o["open"].pk]),
    "courses:venues": Row(get=PROJECT_LEADER_ONLY),
    "courses:venue_create": Row(get=PROJECT_LEADER_ONLY, post=LEADER_FORM),
    "courses:venue_edit": Row(get=PROJECT_LEADER_ONLY, post=LEADER_FORM, args=lambda o: [o["venue"].pk]),
    "courses:trainers": Row(get=PROJECT_LEADER_ONLY),
    "courses:trainer_create": Row(get=PROJECT_LEADER_ONLY, post=LEADER_FORM),
    # Every field of a trainer profile is optional, so even an empty POST saves and redirects.
    "courses:trainer_edit": Row(
        get=PROJECT_LEADER_ONLY,
        post=statuses(403, anonymous=LOGIN, project_leader=302),
        args=lambda o: [o["profile"].pk],
    ),
    "courses:trainer_calendar_renew": Row(
        post=statuses(403, anonymous=LOGIN, project_leader=302), args=lambda o: [o["profile"].pk]
    ),
    # the trainer pool: the project leader's region's trainers (and other regions' shared ones)
    "courses:trainer": Row(get=PROJECT_LEADER_ONLY, args=lambda o: [o["profile"].pk]),
    "courses:trainer_share": Row(
        post=statuses(403, anonymous=LOGIN, project_leader=302),
        args=lambda o: [o["profile"].pk],
        data=lambda o: {"shared": "1"},
    ),
    # recruiting trainers: a manager proposes their own staff, the project leader decides
    "courses:proposals": Row(get=LEADER_AND_MANAGERS),
    "courses:proposal_create": Row(get=LEADER_AND_MANAGERS, post=LEADER_AND_MANAGERS),
    "courses:proposal": Row(
        get={**LEADER_AND_MANAGERS, "manager_other": 404},
        post=statuses(403, anonymous=LOGIN, manager_other=404, project_leader=200),
        args=lambda o: [o["proposal"].pk],
    ),
    # enrollment: the enrollment and the person are Luleå's social worker's; the course leader leads the occasion
    "enrollment:mine": Row(get=LOGGED_IN),
    "enrollment:signup": Row(
        get=statuses(403, anonymous=LOGIN, social_worker=200, manager_own=200, manager_other=200),
        args=lambda o: [o["led"].pk],
    ),
    "enrollment:cancel": Row(
        get=statuses(404, anonymous=LOGIN, social_worker=200, manager_own=200, project_leader=200),
        args=lambda o: [o["enrollment"].pk],
    ),
    "enrollment:ics": Row(
        get=statuses(
            404, anonymous=LOGIN, social_worker=200, course_leader=200, manager_own=200, project_leader=200
        ),
        args=lambda o: [o["enrollment"].pk],
    ),
    "enrollment:certificate": Row(
        get=statuses(404, anonymous=LOGIN, social_worker=200, manager_own=200, project_leader=200),
        args=lambda o: [o["completed"].pk],
    ),
    # Public: anyone holding a certificate's code may check it (name, course and date only)
    "enrollment:certificate_check": Row(get=OPEN, args=lambda o: [certificate_code(o["completed"])]),
    "enrollment:queue": Row(get=LEADER_AND_MANAGERS),
    "enrollment:staff": Row(get=LEADER_AND_MANAGERS),
    "enrollment:staff_detail": Row(
        get={**LEADER_AND_MANAGERS, "manager_other": 404}, args=lambda o: [o["person"].pk]
    ),
    "enrollment:nominate": Row(
        post=statuses(403, anonymous=LOGIN, manager_own=302, manager_other=404, project_leader=302),
        args=lambda o: [o["person"].pk],
    ),
    # GET asks for confirmation, POST moves the person up
    "enrollment:move_up": Row(
        get={**LEADER_AND_MANAGERS, "manager_other": 404},
        post=statuses(403, anonymous=LOGIN, manager_own=302, manager_other=404, project_leader=302),
        args=lambda o: [o["person"].pk, o["journey"].pk],
    ),
    # reserved places and bulk booking: managers for their own municipality, the project leader for all
    "enrollment:places": Row(
        get=LEADER_AND_MANAGERS,
        post=statuses(403, anonymous=LOGIN, manager_own=200, manager_other=200, project_leader=200),
        args=lambda o: [o["led"].pk],
    ),
    "enrollment:bulk_nominate": Row(
        get=LEADER_AND_MANAGERS, post=LEADER_AND_MANAGERS, args=lambda o: [o["led"].pk]
    ),
    # messages: the project leader, and the course leader about their own occasions
    "enrollment:messages": Row(get=MESSAGE_WRITERS),
    "enrollment:message_new": Row(get=MESSAGE_WRITERS, post=MESSAGE_WRITERS),
    "enrollment:message_detail": [
        Row(
            get=MESSAGE_WRITERS,
            args=lambda o: [o["message"].pk],
            label="about an occasion the course leader leads",
        ),
        Row(
            get={**MESSAGE_WRITERS, "course_leader": 404},
            args=lambda o: [o["message_other"].pk],
            label="about another occasion",
        ),
    ],
    "enrollment:occasion_notifications": Row(
        get=PROJECT_LEADER_ONLY,
        post=statuses(403, anonymous=LOGIN, project_leader=302),
        args=lambda o: [o["led"].pk],
    ),
    "enrollment:email_list": Row(get=PROJECT_LEADER_ONLY, post=LEADER_FORM, args=lambda o: [o["led"].pk]),
    "enrollment:reservation_fill": Row(
        post=statuses(403, anonymous=LOGIN, manager_own=302, manager_other=404, project_leader=302),
        args=lambda o: [o["reservation"].pk],
    ),
    "enrollment:reservation_release": Row(
        post=statuses(403, anonymous=LOGIN, manager_own=302, manager_other=404, project_leader=302),
        args=lambda o: [o["reservation"].pk],
    ),
    "enrollment:reservation_caps": Row(get=PROJECT_LEADER_ONLY, post=LEADER_FORM),
    # interest lists: anyone logged in registers their own; managers and the project leader choose whom
    "enrollment:interest": Row(
        get=LOGGED_IN,
        post=statuses(302, anonymous=LOGIN, manager_own=200, manager_other=200, project_leader=200),
        args=lambda o: [o["course"].pk],
    ),
    "enrollment:interest_withdraw": Row(
        post=statuses(404, anonymous=LOGIN, social_worker=302, manager_own=302, project_leader=302),
        args=lambda o: [o["interest"].pk],
    ),
    "enrollment:interests": Row(get=LEADER_AND_MANAGERS),
    "enrollment:occasions": Row(get=statuses(403, anonymous=LOGIN, course_leader=200, project_leader=200)),
    "enrollment:participants": Row(
        get=statuses(403, anonymous=LOGIN, course_leader=200, project_leader=200),
        args=lambda o: [o["led"].pk],
    ),
    "enrollment:attendance": Row(
        get=statuses(403, anonymous=LOGIN, course_leader=200, project_leader=200),
        args=lambda o: [o["led"].pk, o["led"].days.first().pk],
    ),
    "enrollment:complete": Row(
        post=statuses(403, anonymous=LOGIN, course_leader=302, project_leader=302),
        args=lambda o: [o["led"].pk],
    ),
    "enrollment:signin_sheet": Row(
        get=statuses(403, anonymous=LOGIN, course_leader=200, project_leader=200),
        args=lambda o: [o["led"].pk],
    ),
    "enrollment:export": [
        Row(
            get=statuses(403, anonymous=LOGIN, course_leader=200, project_leader=200),
            args=lambda o, fmt=fmt: [o["led"].pk, fmt],
            label=fmt,
        )
        for fmt in ("csv", "xlsx")
    ],
    # introduction: the plan is Luleå's social worker's, with Luleå's mentor and 1:e socialsekreterare named
    "introduction:plans": Row(
        get={**LEADER_AND_MANAGERS, "mentor": 200, "first_social_worker": 200},
    ),
    "introduction:mine": Row(get=LOGGED_IN),
    "introduction:hire": Row(get=LEADER_AND_MANAGERS, post=LEADER_AND_MANAGERS),
    "introduction:plan": Row(get=PLAN_READERS, args=lambda o: [o["plan"].pk]),
    "introduction:plan_pdf": Row(get=PLAN_READERS, args=lambda o: [o["plan"].pk]),
    "introduction:item_add": Row(post=PLAN_EDITORS, args=lambda o: [o["plan"].pk]),
    "introduction:course_add": Row(post=PLAN_EDITORS, args=lambda o: [o["plan"].pk]),
    "introduction:sign_off": Row(post=PLAN_EDITORS, args=lambda o: [o["plan"].pk]),
    "introduction:item_tick": Row(
        post={**PLAN_EDITORS, "mentor": 302, "first_social_worker": 302},
        args=lambda o: [o["plan_item"].pk],
        data=lambda o: {"done": "1"},
    ),
    # a ticked item cannot be removed: every editor is sent back to the plan, and it stays for the next
    "introduction:item_remove": Row(post=PLAN_EDITORS, args=lambda o: [o["ticked_item"].pk]),
    "introduction:totara_import": Row(get=PROJECT_LEADER_ONLY, post=LEADER_FORM),
    # followup: a personal link answers one survey without logging in; results are aggregates only
    "followup:answer": Row(get=OPEN, args=lambda o: [o["token"]]),
    "followup:receipt": Row(get=OPEN),
    "followup:mine": Row(get=LOGGED_IN),
    "followup:surveys": Row(get=PROJECT_LEADER_ONLY),
    "followup:template": Row(get=PROJECT_LEADER_ONLY, args=lambda o: [o["survey"].pk]),
    "followup:question_add": Row(get=PROJECT_LEADER_ONLY, post=LEADER_FORM, args=lambda o: [o["survey"].pk]),
    "followup:question_edit": Row(
        get=PROJECT_LEADER_ONLY, post=LEADER_FORM, args=lambda o: [o["survey"].pk, o["question"].pk]
    ),
    "followup:question_move": Row(
        post=statuses(403, anonymous=LOGIN, project_leader=302),
        args=lambda o: [o["question"].pk],
        data=lambda o: {"direction": "down"},
    ),
    "followup:round_create": Row(post=LEADER_FORM, args=lambda o: [o["survey"].pk]),
    "followup:round_send": Row(
        post=statuses(403, anonymous=LOGIN, project_leader=302), args=lambda o: [o["round"].pk]
    ),
    "followup:sampling": Row(get=PROJECT_LEADER_ONLY),
    "followup:sampling_edit": Row(get=PROJECT_LEADER_ONLY, post=LEADER_FORM, args=lambda o: [o["course"].pk]),
    "followup:results": [
        Row(get=REGION_READERS, data=lambda o: {"survey": o["survey"].pk, "year": o["year"]}, label="own"),
        Row(
            get={**REGION_READERS, "manager_own": 404},
            label="another municipality",
            data=lambda o: {"survey": o["survey"].pk, "year": o["year"], "municipality": o["pitea"].pk},
        ),
    ],
    "followup:results_export": [
        Row(
            get=REGION_READERS,
            args=lambda o, fmt=fmt: [fmt],
            data=lambda o: {"survey": o["survey"].pk, "year": o["year"]},
            label=fmt,
        )
        for fmt in ("csv", "xlsx")
    ],
    # reports
    "reports:dashboard": [
        Row(get=REGION_READERS, label="own"),
        Row(
            get={**REGION_READERS, "manager_own": 404},
            label="another municipality",
            data=lambda o: {"municipality": o["pitea"].pk},
        ),
    ],
    "reports:export": [
        Row(get=REGION_READERS, args=lambda o, fmt=fmt: ["deltagande", fmt], label=fmt)
        for fmt in ("csv", "xlsx")
    ],
    "reports:list": Row(get=REPORT_READERS),
    "reports:request": Row(
        post=statuses(403, anonymous=LOGIN, steering_group=302, project_leader=302),
        data=lambda o: {"year": 2025},
    ),
    "reports:download": Row(get=REPORT_READERS, args=lambda o: [o["report"].pk]),
    "reports:comments": Row(get=PROJECT_LEADER_ONLY, post=LEADER_FORM),
    "reports:forecast": Row(get=PROJECT_LEADER_ONLY, post=statuses(403, anonymous=LOGIN, project_leader=302)),
    # volume planning (#15): managers enter their own municipality's expected hires (another answers 404),
    # the project leader every municipality's; the planning view and its settings are the project leader's
    "reports:hires": Row(get=LEADER_AND_MANAGERS),
    "reports:hires_edit": Row(
        get={**LEADER_AND_MANAGERS, "manager_other": 404},
        post={**LEADER_AND_MANAGERS, "manager_own": 302, "manager_other": 404, "project_leader": 302},
        kwargs=lambda o: {"code": "2580"},
        data=lambda o: {"month_1": "3"},
    ),
    "reports:planning": Row(get=PROJECT_LEADER_ONLY),
    "reports:planning_settings": Row(
        get=PROJECT_LEADER_ONLY,
        post=statuses(403, anonymous=LOGIN, project_leader=302),
        data=lambda o: {"summer_months": ["6", "7", "8"], "default_capacity": "20"},
    ),
    # project goals A–G and the action plan: the styrgrupp reads, only the project leader records
    # the RSS survey's contacts, the needs survey (project leader), part C's comments (styrgrupp reads)
    "followup:rss_contacts": Row(get=PROJECT_LEADER_ONLY, post=LEADER_FORM),
    "followup:rss_contact_toggle": Row(
        post=statuses(403, anonymous=LOGIN, project_leader=302), args=lambda o: [o["rss_contact"].pk]
    ),
    "followup:round_municipalities": Row(
        get=PROJECT_LEADER_ONLY, post=LEADER_FORM, args=lambda o: [o["needs_round"].pk]
    ),
    "followup:needs_results": Row(get=PROJECT_LEADER_ONLY),
    "followup:comments": Row(get=REPORT_READERS),
    "followup:comment_handle": Row(
        post=statuses(403, anonymous=LOGIN, project_leader=302), args=lambda o: [o["comment"].pk]
    ),
    "reports:project_goals": Row(get=REPORT_READERS),
    "reports:assessment_create": Row(get=PROJECT_LEADER_ONLY, post=LEADER_FORM, args=lambda o: ["A"]),
    "reports:assessment_minutes": Row(get=REPORT_READERS, args=lambda o: [o["assessment"].pk]),
    "reports:action_plan": Row(get=REPORT_READERS),
    "reports:activity_add": Row(get=PROJECT_LEADER_ONLY, post=LEADER_FORM),
    "reports:activity_edit": Row(
        get=PROJECT_LEADER_ONLY,
        post=LEADER_FORM,
        args=lambda o: [o["activity"].pk],
    ),
}


def our_url_names():
    names = set()

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, ":".join(filter(None, [namespace, pattern.namespace])))
            elif (
                isinstance(pattern, URLPattern)
                and pattern.name
                and pattern.callback.__module__.split(".")[0] in OUR_APPS
            ):
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns, "")
    return names


def test_every_url_of_ours_has_a_row():
    assert our_url_names() - set(GRID) == set(), "URLs without a row in the permission grid"
    assert set(GRID) - our_url_names() == set(), "rows for URLs that no longer exist"


def rows(name):
    row = GRID[name]
    return row if isinstance(row, list) else [row]


CASES = [
    (name, index, method)
    for name in GRID
    for index, row in enumerate(rows(name))
    for method in ("get", "post")
    if getattr(row, method)
]


@pytest.fixture
def objects(demo_people, norrbotten):
    """One object of each kind, all belonging to Luleå."""
    import datetime
    from decimal import Decimal

    from django.core.files.base import ContentFile

    from municipalities.demo import demo_pdf
    from municipalities.models import Agreement, CostSplit, Municipality

    lulea = Municipality.objects.get(code="2580")
    agreement = Agreement.objects.create(
        municipality=lulea,
        status="signed",
        signatory="Catarina Wikström",
        signed_on=datetime.date(2026, 10, 1),
    )
    agreement.document.save("a.pdf", ContentFile(demo_pdf("Lulea")))
    CostSplit.objects.create(region=norrbotten, year=2026, regional_budget=Decimal("1000000"))

    from courses.models import TrainerProfile
    from tests.courses_helpers import build_catalogue, make_occasion

    objects = build_catalogue()
    leader = demo_people["kursledare@demo.se"]
    objects["open"] = make_occasion(objects["course"], norrbotten, days=2)
    objects["planned"] = make_occasion(objects["course"], norrbotten, status="planned", leaders=[leader])
    objects["profile"] = TrainerProfile.objects.create(person=leader)
    from courses import pool

    objects["proposal"] = pool.proposal_create(
        person=demo_people["socsek.lulea@demo.se"],
        proposed_by=demo_people["chef.lulea@demo.se"],
        areas="Barnsamtal",
    )
    from courses.models import Venue

    objects["venue"] = Venue.objects.create(name="Kulturens hus", municipality=lulea, town="Luleå")
    objects["venue"].rooms.create(name="Sal A", capacity=30)

    from enrollment import services
    from enrollment.models import Enrollment
    from tests.enrollment_helpers import make_occasion as make_enrollment_occasion
    from tests.enrollment_helpers import shift_days

    social_worker, manager = demo_people["socsek.lulea@demo.se"], demo_people["chef.lulea@demo.se"]
    objects["led"] = make_enrollment_occasion(course=objects["course"], capacity=5, leaders=[leader])
    objects["enrollment"] = services.enrollment_nominate(objects["led"], social_worker, manager)
    past = make_enrollment_occasion(course=objects["other"], capacity=5, leaders=[leader])
    done = services.enrollment_nominate(past, social_worker, manager)
    shift_days(past, -5)
    for day in past.days.all():
        services.attendance_record(day, [done.pk], leader)
    services.enrollment_complete(past, leader)
    objects["completed"] = Enrollment.objects.get(pk=done.pk)
    objects["person"] = social_worker
    from enrollment.models import Interest, Reservation

    objects["interest"] = Interest.objects.create(course=objects["other"], person=social_worker)

    from enrollment import messaging
    from enrollment.models import Message

    objects["message"], _created = messaging.message_send(
        sender_id=demo_people["projektledare@demo.se"].pk,
        token="grid",
        audience=Message.Audience.PARTICIPANTS,
        occasion_id=objects["led"].pk,
        subject="Inför kursen",
        body="Välkommen!",
    )
    objects["message_other"] = Message.objects.create(
        token="grid-other",
        audience=Message.Audience.PARTICIPANTS,
        occasion=objects["open"],
        subject="Ä",
        body="T",
    )

    objects["reservation"] = Reservation.objects.create(
        occasion=objects["led"], municipality=lulea, places=1, release_on=objects["led"].signup_closes
    )

    from django.utils import timezone

    from followup.catalogue import load_templates_now
    from followup.models import SurveyRound, SurveyTemplate
    from followup.services import invitation_create
    from followup.tokens import token_for

    load_templates_now()  # the data migration's templates are gone after a transactional test's flush
    today = timezone.localdate()
    objects["survey"] = SurveyTemplate.objects.get(kind="manager_yearly")
    objects["question"] = objects["survey"].questions.first()
    objects["round"] = SurveyRound.objects.create(
        template=objects["survey"],
        year=today.year,
        opens_on=today - datetime.timedelta(days=1),
        closes_on=today + datetime.timedelta(days=20),
    )
    invitation, _ = invitation_create(objects["round"], manager)
    objects["token"] = token_for(invitation.nonce)
    objects["year"] = today.year
    objects["pitea"] = Municipality.objects.get(code="2581")
    from core.models import OutboxEmail

    objects["failed_email"] = OutboxEmail.objects.create(
        key="test:failed", recipient="fel@example.se", subject="Ämne", body="Text", status="failed"
    )
    from accounts import sso
    from tests.accounts.idps import idp_metadata_xml

    sso.configure_saml(municipality=lulea, metadata_xml=idp_metadata_xml())
    from reports.models import ReportBuild

    objects["report"] = ReportBuild.objects.create(year=2025, status=ReportBuild.Status.READY)
    objects["report"].file.save("r.pdf", ContentFile(b"%PDF-1.4 test"))
    from reports.models import Activity, GoalAssessment

    objects["assessment"] = GoalAssessment.objects.create(
        goal="A", year=2025, outcome="met", meeting_on=datetime.date(2025, 5, 1), motivation="Relevant."
    )
    objects["assessment"].minutes.save("p.pdf", ContentFile(b"%PDF-1.4 minutes"))
    from followup.models import Answer, Response, RssContact

    objects["rss_contact"] = RssContact.objects.create(
        name="Stina Taugböl", email="stina@rss.example", organisation="RSS Dalarna"
    )
    objects["needs_round"] = SurveyRound.objects.create(
        template=SurveyTemplate.objects.get(kind="training_needs"),
        year=today.year,
        opens_on=today,
        closes_on=today + datetime.timedelta(days=20),
    )
    response = Response.objects.create(round=objects["round"], respondent_role="manager")
    objects["comment"] = Answer.objects.create(
        response=response, question=objects["survey"].questions.get(kind="free_text"), text="Mer samverkan."
    )
    objects["activity"] = Activity.objects.create(
        title="Spridningsdag", owner="Eva", due_on=datetime.date(2026, 3, 1), goals="G"
    )

    from introduction import services as introduction_services
    from introduction.models import JourneyPart

    JourneyPart.objects.create(journey=objects["journey"], number=1, expected_days=2.5, due_months=4)
    objects["plan"] = introduction_services.newcomer_hire(
        email=social_worker.email,
        first_name=social_worker.first_name,
        last_name=social_worker.last_name,
        municipality=lulea,
        starts_on=today - datetime.timedelta(days=20),
        step=objects["ny"],
        starting_point="new_graduate",
        mentor=demo_people["mentor.lulea@demo.se"],
        first_social_worker=demo_people["forste.lulea@demo.se"],
        course_ids=[objects["course"].pk],
        by=manager,
    )
    objects["plan_item"] = introduction_services.plan_item_add(
        plan=objects["plan"], kind="shadowing", by=manager
    )
    objects["ticked_item"] = introduction_services.plan_item_add(
        plan=objects["plan"], kind="reflection", by=manager
    )
    introduction_services.plan_item_tick(item=objects["ticked_item"], done=True, by=manager)
    return {**objects, "lulea": lulea, "agreement": agreement}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name,index,method",
    CASES,
    ids=[f"{n}{'-' + rows(n)[i].label if rows(n)[i].label else ''}-{m}" for n, i, m in CASES],
)
def test_permission_grid(client, demo_people, objects, name, index, method):
    """One test per URL (variant) and method; every role is tried and all mismatches are reported together."""
    row = rows(name)[index]
    url = reverse(name, args=row.args(objects), kwargs=row.kwargs(objects))
    mismatches = []
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(demo_people[ROLE_USERS[role]])
        response = getattr(client, method)(url, row.data(objects))
        if response.status_code != getattr(row, method)[role]:
            mismatches.append(f"{role}: {response.status_code}, expected {getattr(row, method)[role]}")
        elif role == "anonymous" and response.status_code == LOGIN and getattr(row, method) is not OPEN:
            assert response.url.startswith(reverse("account_login")), (
                f"{url} sends visitors to {response.url}"
            )
    assert not mismatches, f"{method.upper()} {url}: " + "; ".join(mismatches)
