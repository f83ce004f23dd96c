"""The introduction's sections on other apps' pages: the start page and the journey page."""

from django.db.models import Q
from django.utils import timezone

from core.scope import MANAGE, MunicipalityScope

from . import selectors
from .models import Plan


def _managed_municipality(user):
    """The one municipality whose people `user` manages (the scope policy's own-municipality MANAGE
    reach: a manager's), or None; the project leader reaches all and has no such section."""
    return MunicipalityScope.for_user(user, MANAGE).municipality_id if user.is_authenticated else None


def _start_plans(request):
    """The user's own plan and, for a manager, their municipality's open plans: one query for both start
    page sections, once per request."""
    cached = getattr(request, "_introduction_plans", None)
    if cached is None:
        user = request.user
        scope = Q(person=user)
        if (managed := _managed_municipality(user)) is not None:
            scope |= Q(person__municipality_id=managed, signed_off_at__isnull=True)
        cached = list(
            Plan.objects.filter(scope).select_related(
                "person", "person__municipality", "step", "municipality"
            )
        )
        request._introduction_plans = cached
    return cached


def own_plan(request):
    """The newcomer's own plan on their start page: parts against deadlines and the next items."""
    if not request.user.is_authenticated:
        return None
    plan = next((p for p in _start_plans(request) if p.person_id == request.user.pk), None)
    if plan is None:
        return None
    return {
        "plan": plan,
        "parts": selectors.plan_progress(plan),
        "next_items": selectors.plan_items(plan).filter(done_at__isnull=True)[:3],
    }


def journey_plan(request):
    user = request.user
    if not user.is_authenticated:
        return None
    plan = selectors.plans_visible_to(user).filter(person=user).first()
    if plan is None:
        return None
    return {
        "plan": plan,
        "parts": selectors.plan_progress(plan),
        "digital": selectors.digital_completions(plan.person),
    }


def attention(request):
    """The manager's newcomers at risk or overdue, by deadline."""
    user = request.user
    managed = _managed_municipality(user)
    if managed is None:
        return None
    theirs = [
        plan
        for plan in _start_plans(request)
        if plan.person_id != user.pk and plan.person.municipality_id == managed
    ]
    return {"flagged": selectors.needing_attention(theirs, timezone.localdate())}
