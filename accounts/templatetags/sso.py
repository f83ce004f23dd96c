"""`{% sso_providers as providers %}`: the municipalities with their own login, for the login page."""

from django import template

from ..models import IdentityProvider

register = template.Library()


@register.simple_tag(takes_context=True)
def sso_providers(context):
    request = context.get("request")
    links = IdentityProvider.objects.filter(enabled=True).select_related("app", "municipality")
    return [
        {"name": link.municipality.name, "login_url": link.app.get_provider(request).get_login_url(request)}
        for link in links.order_by("municipality__name")
    ]
