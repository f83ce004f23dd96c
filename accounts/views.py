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
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import once
from core.access import role_required
from core.errors import show_error
from core.history import audit_history
from core.pdf import render_pdf

from . import personal_data
from .access import people_visible_to
from .forms import InviteForm, MoveForm, MoveInForm, PeopleFilterForm, ProfileForm, RolesForm
from .models import Employment, User
from .roles import Role, role_field
from .scope import MANAGERS
from .services import (
    EmploymentError,
    RoleError,
    is_anonymised,
    person_anonymise,
    person_change_municipality,
    person_invite,
    person_move,
    person_set_roles,
)


@role_required(Role.PROJECT_LEADER)
@once.once_per_form
def invite(request):
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = person_invite(
            email=data["email"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            municipality=data["municipality"],
            title=data["title"],
            roles=data["roles"],
            invited_by=request.user,
        )
        messages.success(request, _("En inbjudan har skickats till %(email)s.") % {"email": user.email})
        once.done(request, reverse("accounts:person", args=[user.pk]))
        return redirect("accounts:invite")
    return render(request, "accounts/invite.html", {"form": form})


@role_required(*MANAGERS)
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
    return render(
        request,
        "accounts/person.html",
        {
            "person": person,
            "anonymised": is_anonymised(person),
            "employments": Employment.objects.filter(person=person).select_related("municipality"),
            "roles_form": RolesForm(initial={"roles": person.roles}),
            "move_form": MoveForm(),
            "history": audit_history(person),
        },
    )


@require_POST
@role_required(Role.PROJECT_LEADER)
def roles(request, pk):
    """The project leader sets a person's roles."""
    person = _person_for(request, pk)
    form = RolesForm(request.POST)
    if form.is_valid():
        try:
            person_set_roles(person=person, roles=form.cleaned_data["roles"], by=request.user)
        except RoleError as error:
            show_error(request, error)
        else:
            messages.success(request, _("Rollerna för %(name)s är sparade.") % {"name": person})
    else:
        messages.error(request, " ".join(str(m) for errors in form.errors.values() for m in errors))
    return redirect("accounts:person", pk=person.pk)


@require_POST
@role_required(Role.PROJECT_LEADER)
def move(request, pk):
    """The project leader changes a person's municipality from a date: a first employment, a move to
    another municipality, or the end of the employment."""
    person = _person_for(request, pk)
    form = MoveForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        had_municipality = person.municipality_id is not None
        try:
            person_change_municipality(person=person, by=request.user, **data)
        except EmploymentError as error:
            show_error(request, error)
        else:
            values = {
                "name": person,
                "municipality": data["municipality"],
                "date": formats.date_format(data["on"]),
            }
            if data["municipality"] is None:
                text = _("%(name)s har ingen kommun från %(date)s.")
            elif had_municipality:
                text = _("%(name)s är flyttad till %(municipality)s.")
            else:
                text = _("%(name)s är anställd i %(municipality)s från %(date)s.")
            messages.success(request, text % values)
    else:
        messages.error(request, " ".join(str(m) for errors in form.errors.values() for m in errors))
    return redirect("accounts:person", pk=person.pk)


@role_required(Role.MANAGER)
def move_in(request):
    """A manager takes over a person who starts in their municipality; the old municipality need not
    approve, and loses access from the move on."""
    form = MoveInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = User.objects.filter(email=data["email"].strip().lower(), is_active=True).first()
        try:
            if person is None or request.user.municipality_id is None:
                raise EmploymentError(_("Det finns ingen aktiv person med den e-postadressen."))
            person_move(
                person=person,
                municipality=request.user.municipality,
                on=data["on"],
                unit=data["unit"],
                title=data["title"],
                by=request.user,
            )
        except EmploymentError as error:
            form.add_error(None, str(error))
        else:
            person.refresh_from_db()
            if person.manager_id is None:
                person.manager = request.user
                person.save(update_fields=["manager"])
            messages.success(request, _("%(name)s är flyttad till er kommun.") % {"name": person})
            return redirect("accounts:move_in")
    return render(request, "accounts/move_in.html", {"form": form})


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
