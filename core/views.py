"""The start page: a welcome for visitors, and for a logged-in person what each of their roles can do."""
from django.shortcuts import render

from . import start


def home(request):
    if not request.user.is_authenticated:
        return render(request, "core/landing.html")
    sections = [
        {"role": role, "items": start.items_for(role)}
        for role in request.user.roles
    ]
    return render(request, "core/start.html", {"sections": sections})
