"""Course permissions beyond the grid: only the project leader changes an occasion."""

import pytest
from django.urls import reverse

from tests.courses_helpers import build_catalogue, make_occasion

pytestmark = pytest.mark.django_db

# The grid of every URL × role is in tests/test_permission_grid.py; this is a case it cannot express.
ROLES = {
    "social_worker": "socsek.lulea@demo.se",
    "course_leader": "kursledare@demo.se",
    "manager_own": "chef.lulea@demo.se",
    "steering_group": "styrgrupp@demo.se",
}


@pytest.fixture
def objects(demo_people, norrbotten):
    objects = build_catalogue()
    objects["open"] = make_occasion(objects["course"], norrbotten, days=2)
    return objects


def test_only_the_project_leader_changes_an_occasion(client, demo_people, objects):
    for role in ["social_worker", "course_leader", "manager_own", "steering_group"]:
        client.force_login(demo_people[ROLES[role]])
        response = client.post(reverse("courses:occasion_edit", args=[objects["open"].pk]), {"capacity": 1})
        assert response.status_code == 403
    objects["open"].refresh_from_db()
    assert objects["open"].capacity == 20
