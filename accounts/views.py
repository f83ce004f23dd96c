"""Views for people: the project leader's invitations, the people list, a person's own details, and
the project leader's export and anonymisation of one person's personal data (GDPR)."""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import once
from core.access import role_required
from core.pdf import render_pdf

from . import personal_data
from .access import people_visible_to
from .forms import InviteForm, PeopleFilterForm, ProfileForm
from .roles import Role, role_field
from .services import is_anonymised, person_anonymise, person_invite


@role_required(Role.PROJECT_LEADER)
@once.once_per_form
def invite(request):
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = person_invite(form, invited_by=request.user)
        messages.success(request, _("En inbjudan har skickats till %(email)s.") % {"email": user.email})
        once.done(request, reverse("accounts:person", args=[user.pk]))
        return redirect("accounts:invite")
    return render(request, "accounts/invite.html", {"form": form})


@role_required(Role.PROJECT_LEADER, Role.MANAGER)
def people(request):
    filters = PeopleFilterForm(request.GET or None)
    people = people_visible_to(request.user)
    if filters.is_valid():
        if query := filters.cleaned_data["q"]:
            people = people.filter(
                Q(first_name__icontains=query) | Q(last_name__icontains=query) | Q(email__icontains=query)
            )
        if role := filters.cleaned_data["role"]:
            people = people.filter(**{role_field(role): True})
    page = Paginator(people, 50).get_page(request.GET.get("sida"))
    return render(request, "accounts/people.html", {"filters": filters, "page": page})


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Dina uppgifter är sparade."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


# --- Personal data (GDPR): the project leader's export and anonymisation of one person -------------


def _person_for(request, pk):
    return get_object_or_404(people_visible_to(request.user).select_related("municipality", "manager"), pk=pk)


@role_required(Role.PROJECT_LEADER)
def person(request, pk):
    person = _person_for(request, pk)
    return render(request, "accounts/person.html", {"person": person, "anonymised": is_anonymised(person)})


@role_required(Role.PROJECT_LEADER)
def personal_data_json(request, pk):
    person = _person_for(request, pk)
    data = {"exported_at": timezone.localtime().isoformat(), **personal_data.collect(person)}
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="personuppgifter-{person.pk}.json"'
    return response


@role_required(Role.PROJECT_LEADER)
def personal_data_pdf(request, pk):
    person = _person_for(request, pk)
    html = render_to_string(
        "accounts/pdf/personal_data.html",
        {
            "person": person,
            "blocks": personal_data.as_readable(personal_data.collect_raw(person)),
            "exported_at": timezone.localtime(),
            "privacy_url": settings.SITE_URL + reverse("privacy"),
        },
    )
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="personuppgifter-{person.pk}.pdf"'
    return response


@role_required(Role.PROJECT_LEADER)
def anonymise(request, pk):
    person = _person_for(request, pk)
    if request.method == "POST":
        if person == request.user:
            messages.error(request, _("Du kan inte avidentifiera dig själv."))
        elif person_anonymise(person, by=request.user):
            messages.success(request, _("Personen är avidentifierad."))
        else:
            messages.info(request, _("Personen var redan avidentifierad."))
        return redirect("accounts:person", pk=person.pk)
    return render(request, "accounts/anonymise.html", {"person": person, "anonymised": is_anonymised(person)})
