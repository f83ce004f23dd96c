"""Role checks for templates, so that a template asks the same thing a view does:
`{% load roles %}{% if user|holds:"PROJECT_LEADER" %}` (a Role member's name; an unknown name raises,
so a typo cannot hide a button). It goes through User.has_role, which counts only active people."""

from django import template

from ..roles import Role

register = template.Library()


@register.filter
def holds(user, role_name):
    return bool(getattr(user, "is_authenticated", False) and user.has_role(Role[role_name]))
