"""Permission grid: every URL of the catalogue × every role, with the expected status code."""
import pytest
from django.urls import reverse

from courses.models import TrainerProfile
from tests.courses_helpers import build_catalogue, make_occasion

pytestmark = pytest.mark.django_db

ROLES = {
    "anonymous": None,
    "social_worker": "socsek.lulea@demo.se",
    "course_leader": "kursledare@demo.se",
    "manager_own": "chef.lulea@demo.se",
    "manager_other": "chef.pitea@demo.se",
    "steering_group": "styrgrupp@demo.se",
    "project_leader": "projektledare@demo.se",
}
EVERYONE = {"anonymous": 302, "social_worker": 200, "course_leader": 200, "manager_own": 200, "manager_other": 200,
            "steering_group": 200, "project_leader": 200}
LEADER_ONLY = {"anonymous": 302, "social_worker": 403, "course_leader": 403, "manager_own": 403,
               "manager_other": 403, "steering_group": 403, "project_leader": 200}
COURSE_LEADER_ONLY = {**LEADER_ONLY, "course_leader": 200, "project_leader": 403}
HIDDEN = {**EVERYONE, "social_worker": 404, "manager_own": 404, "manager_other": 404, "steering_group": 404,
          "course_leader": 404}
LED_BY_COURSE_LEADER = {**HIDDEN, "course_leader": 200}
# The secret feed needs no login: anyone holding the URL reads it.
FEED = dict.fromkeys(ROLES, 200)

GRID = [
    ("courses:catalogue", lambda o: [], EVERYONE),
    ("courses:course", lambda o: [o["course"].slug], EVERYONE),
    ("courses:course", lambda o: [o["draft"].slug], HIDDEN),
    ("courses:days", lambda o: [], EVERYONE),
    ("courses:occasion", lambda o: [o["open"].pk], EVERYONE),
    ("courses:occasion", lambda o: [o["planned"].pk], LED_BY_COURSE_LEADER),
    ("courses:occasion_ics", lambda o: [o["open"].pk], EVERYONE),
    ("courses:occasion_ics", lambda o: [o["planned"].pk], LED_BY_COURSE_LEADER),
    ("courses:trainer_feed", lambda o: [o["profile"].calendar_token], FEED),
    ("courses:my_days", lambda o: [], COURSE_LEADER_ONLY),
    ("courses:planning", lambda o: [], LEADER_ONLY),
    ("courses:manage", lambda o: [], LEADER_ONLY),
    ("courses:journey_create", lambda o: [], LEADER_ONLY),
    ("courses:journey_edit", lambda o: [o["journey"].pk], LEADER_ONLY),
    ("courses:step_create", lambda o: [o["journey"].pk], LEADER_ONLY),
    ("courses:step_edit", lambda o: [o["ny"].pk], LEADER_ONLY),
    ("courses:course_create", lambda o: [], LEADER_ONLY),
    ("courses:course_edit", lambda o: [o["course"].pk], LEADER_ONLY),
    ("courses:occasion_create", lambda o: [], LEADER_ONLY),
    ("courses:occasion_edit", lambda o: [o["open"].pk], LEADER_ONLY),
    ("courses:occasion_copy", lambda o: [o["open"].pk], LEADER_ONLY),
    ("courses:journey_delete", lambda o: [o["journey"].pk], LEADER_ONLY),
    ("courses:step_delete", lambda o: [o["ny"].pk], LEADER_ONLY),
    ("courses:course_delete", lambda o: [o["course"].pk], LEADER_ONLY),
    ("courses:trainers", lambda o: [], LEADER_ONLY),
    ("courses:trainer_create", lambda o: [], LEADER_ONLY),
    ("courses:trainer_edit", lambda o: [o["profile"].pk], LEADER_ONLY),
]
# POST-only actions: anonymous to login, wrong role 403, right role redirected back.
POST_GRID = [
    ("courses:my_calendar_renew", lambda o: [], {**COURSE_LEADER_ONLY, "course_leader": 302}),
    ("courses:trainer_calendar_renew", lambda o: [o["profile"].pk], {**LEADER_ONLY, "project_leader": 302}),
]


@pytest.fixture
def objects(demo_people, norrbotten):
    objects = build_catalogue()
    leader = demo_people["kursledare@demo.se"]
    objects["open"] = make_occasion(objects["course"], norrbotten, days=2)
    objects["planned"] = make_occasion(objects["course"], norrbotten, status="planned", leaders=[leader])
    objects["profile"] = TrainerProfile.objects.create(person=leader)
    return objects


def _client(client, demo_people, role):
    if ROLES[role]:
        client.force_login(demo_people[ROLES[role]])
    return client


@pytest.mark.parametrize("role", list(ROLES))
def test_permission_grid(client, demo_people, objects, role):
    """One test per role walks every URL, so the grid stays fast; a mismatch lists them all."""
    client = _client(client, demo_people, role)
    wrong = []
    for url_name, args, expected in GRID:
        url = reverse(url_name, args=args(objects))
        response = client.get(url)
        if response.status_code != expected[role]:
            wrong.append((url, response.status_code, expected[role]))
        elif role == "anonymous" and response.status_code == 302:
            assert response.url.startswith(reverse("account_login"))
    for url_name, args, expected in POST_GRID:
        url = reverse(url_name, args=args(objects))
        response = client.post(url)
        if response.status_code != expected[role]:
            wrong.append((f"POST {url}", response.status_code, expected[role]))
    assert wrong == [], wrong


def test_only_the_project_leader_changes_an_occasion(client, demo_people, objects):
    for role in ["social_worker", "course_leader", "manager_own", "steering_group"]:
        client.force_login(demo_people[ROLES[role]])
        response = client.post(reverse("courses:occasion_edit", args=[objects["open"].pk]), {"capacity": 1})
        assert response.status_code == 403
    objects["open"].refresh_from_db()
    assert objects["open"].capacity == 20
