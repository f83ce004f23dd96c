"""The introduction's sections on other apps' pages: the start page and the journey page."""

from django.utils import timezone

from accounts.roles import Role

from . import selectors


def _own(request):
    user = request.user
    if not user.is_authenticated:
        return None
    return selectors.plans_visible_to(user).filter(person=user).first()


def own_plan(request):
    """The newcomer's own plan on their start page: parts against deadlines and the next items."""
    plan = _own(request)
    if plan is None:
        return None
    return {
        "plan": plan,
        "parts": selectors.plan_progress(plan),
        "next_items": selectors.plan_items(plan).filter(done_at__isnull=True)[:3],
    }


def journey_plan(request):
    plan = _own(request)
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
    if not user.is_authenticated or not user.has_role(Role.MANAGER):
        return None
    return {"flagged": selectors.plans_needing_attention(user, timezone.localdate())}
