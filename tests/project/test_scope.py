"""The one scope policy (core.scope with its table in accounts.scope): who reaches which municipality,
for what, asked the same way by selectors, views and templates; roles named as Role members."""

import ast
import re
from pathlib import Path

import pytest
from django.http import Http404
from django.template import Context, Template

from accounts import scope as policy
from accounts.models import User
from accounts.roles import Role
from core.scope import ACCOMPANY, ALL, MANAGE, OWN_MUNICIPALITY, READ, MunicipalityScope
from municipalities import views as municipality_views
from municipalities.models import Municipality

ROOT = Path(__file__).resolve().parent.parent.parent
APPS = ["core", "municipalities", "accounts", "courses", "enrollment", "introduction", "followup", "reports"]


@pytest.fixture
def places(norrbotten):
    return Municipality.objects.get(name="Luleå"), Municipality.objects.get(name="Piteå")


def _person(make_person, municipality, **roles):
    return make_person(municipality=municipality, **{f"is_{role}": True for role in roles})


def test_every_role_in_the_policy_is_a_role_and_the_role_sets_follow_from_it():
    for table in policy.POLICY.values():
        assert all(
            isinstance(role, Role) and reach in (ALL, OWN_MUNICIPALITY) for role, reach in table.items()
        )
    assert policy.MANAGERS == (Role.PROJECT_LEADER, Role.MANAGER)
    assert policy.READERS == (Role.PROJECT_LEADER, Role.MANAGER, Role.STEERING_GROUP)
    assert policy.REGIONAL_READERS == (Role.PROJECT_LEADER, Role.STEERING_GROUP)
    # Issue #12: the mentor and the 1:e socialsekreterare follow the plans they are named in, in their own
    # municipality; that reach is in the table like every other.
    assert policy.POLICY[ACCOMPANY] == {
        Role.MENTOR: OWN_MUNICIPALITY,
        Role.FIRST_SOCIAL_WORKER: OWN_MUNICIPALITY,
    }
    assert policy.ACCOMPANIERS == (Role.MENTOR, Role.FIRST_SOCIAL_WORKER)


def test_a_manager_reaches_their_own_municipality_and_the_project_leader_all(make_person, places):
    lulea, pitea = places
    manager = _person(make_person, lulea, manager=True)
    leader = _person(make_person, None, project_leader=True)
    steering = _person(make_person, None, steering_group=True)
    worker = _person(make_person, lulea, social_worker=True)
    municipalities = Municipality.objects.all()

    own = MunicipalityScope.for_user(manager)
    assert (own.everything, own.municipality_id) == (False, lulea.pk)
    assert list(own.filter(municipalities, "pk")) == [lulea]
    assert own.check(lulea) and own.check(str(lulea.pk)) and not own.check(pitea) and not own.check(None)
    assert MunicipalityScope.for_user(leader).everything
    assert MunicipalityScope.for_user(leader).filter(municipalities, "pk").count() == municipalities.count()
    # The styrgrupp reads every municipality's figures but decides on nobody.
    assert MunicipalityScope.for_user(steering, READ).everything
    assert not MunicipalityScope.for_user(steering, MANAGE).takes_part
    assert not MunicipalityScope.for_user(steering, MANAGE).filter(municipalities, "pk").exists()
    assert not MunicipalityScope.for_user(worker, READ).takes_part
    assert not MunicipalityScope.for_user(worker).check(lulea)


def test_an_inactive_or_anonymous_user_reaches_nothing(make_person, places):
    from django.contrib.auth.models import AnonymousUser

    lulea, _pitea = places
    gone = _person(make_person, lulea, project_leader=True)
    gone.is_active = False
    for user in (gone, AnonymousUser()):
        scope = MunicipalityScope.for_user(user, READ)
        assert not scope.takes_part and not scope.check(lulea)
        assert not scope.filter(Municipality.objects.all(), "pk").exists()


def test_a_filter_holds_a_manager_to_their_municipality(make_person, places):
    lulea, pitea = places
    manager = MunicipalityScope.for_user(_person(make_person, lulea, manager=True), READ)
    assert manager.held_to(None) == lulea
    assert manager.held_to(str(lulea.pk)) == lulea
    for other in (pitea, str(pitea.pk), "x"):
        with pytest.raises(Http404):
            manager.held_to(other)
    regional = MunicipalityScope.for_user(_person(make_person, None, steering_group=True), READ)
    assert regional.held_to(None) is None and regional.held_to(pitea) == pitea
    with pytest.raises(Http404):
        MunicipalityScope.for_user(_person(make_person, lulea, social_worker=True), READ).held_to(None)


def test_templates_ask_for_a_role_through_the_tag_which_counts_only_active_people(make_person, places):
    lulea, _pitea = places
    leader = _person(make_person, lulea, project_leader=True)
    template = Template('{% load roles %}{% if user|holds:"PROJECT_LEADER" %}yes{% else %}no{% endif %}')
    assert template.render(Context({"user": leader})) == "yes"
    leader.is_active = False
    assert template.render(Context({"user": leader})) == "no"
    with pytest.raises(KeyError):
        Template('{% load roles %}{{ user|holds:"PROJECT_LEADRE" }}').render(Context({"user": leader}))


def test_the_municipalities_app_names_the_roles_with_their_real_values():
    """municipalities sits below accounts and cannot import Role; its constants must match it."""
    assert Role.PROJECT_LEADER.value == municipality_views.PROJECT_LEADER
    assert Role.MANAGER.value == municipality_views.MANAGER


def _role_calls(path):
    """Calls of has_role / role_required / with_role with a string literal as an argument."""
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            if name in ("has_role", "role_required", "with_role") and any(
                isinstance(arg, ast.Constant) and isinstance(arg.value, str) for arg in node.args
            ):
                yield node.lineno


def test_no_app_names_a_role_as_a_bare_string():
    wrong = [
        f"{path.relative_to(ROOT)}:{line}"
        for app in APPS
        for path in sorted((ROOT / app).rglob("*.py"))
        if "migrations" not in path.parts
        for line in _role_calls(path)
    ]
    assert wrong == []


def test_no_template_reads_a_role_flag_for_access():
    """Role flags skip the is_active check; templates ask `user|holds:"…"` instead."""
    flag = re.compile(r"\b(?:request\.)?user\.is_(?:" + "|".join(role.value for role in Role) + r")\b")
    wrong = [
        str(path.relative_to(ROOT))
        for app in [*APPS, "templates"]
        for path in sorted((ROOT / app).rglob("*.html"))
        if flag.search(path.read_text())
    ]
    assert wrong == []


def test_people_and_staff_lists_follow_the_policy(make_person, places):
    from accounts.access import people_visible_to
    from enrollment.access import may_act_for, staff_visible_to

    lulea, pitea = places
    manager = _person(make_person, lulea, manager=True)
    colleague = _person(make_person, lulea, social_worker=True)
    stranger = _person(make_person, pitea, social_worker=True)
    assert set(people_visible_to(manager)) == set(User.objects.filter(municipality=lulea))
    assert colleague in staff_visible_to(manager) and stranger not in staff_visible_to(manager)
    assert may_act_for(manager, colleague) and not may_act_for(manager, stranger)


def test_the_introduction_asks_the_policy_not_the_role_flags():
    """Who sees, changes and ticks a plan is the scope policy's answer (issue #12): no has_role(...) in
    the introduction's reads, views, forms and services."""
    wrong = [
        f"{path.name}:{node.lineno}"
        for path in (
            ROOT / "introduction" / name
            for name in ("selectors.py", "views.py", "sections.py", "forms.py", "services.py")
        )
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "has_role"
    ]
    assert wrong == []


@pytest.mark.django_db
def test_a_plan_is_followed_through_the_role_the_policy_names(make_person, places):
    from introduction.selectors import may_tick, plans_editable_by, plans_visible_to
    from tests.introduction.helpers import catalogue_with_parts, hire

    lulea, _pitea = places
    manager = _person(make_person, lulea, manager=True)
    mentor = _person(make_person, lulea, mentor=True)
    first = _person(make_person, lulea, first_social_worker=True)
    plan = hire(manager, catalogue=catalogue_with_parts(), mentor=mentor, first=first)
    for person in (mentor, first):
        assert list(plans_visible_to(person)) == [plan] and may_tick(person, plan)
        assert not plans_editable_by(person).exists()
    # Without the role the policy names, being named in the plan reaches nothing.
    User.objects.filter(pk=mentor.pk).update(is_mentor=False)
    mentor.refresh_from_db()
    assert not plans_visible_to(mentor).exists() and not may_tick(mentor, plan)
    assert list(plans_editable_by(manager)) == [plan]
