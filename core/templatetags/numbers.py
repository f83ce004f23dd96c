"""`{{ share|percent }}`: core.text.percent in templates, so every page writes a share the same way."""

from django import template

from core.text import percent as format_percent

register = template.Library()


@register.filter
def percent(value):
    return format_percent(value)
