"""Views for people: the project leader's invitations, the people list and a person's own details."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.access import role_required

from .access import people_visible_to
from .forms import InviteForm, PeopleFilterForm, ProfileForm
from .roles import Role, role_field
from .services import person_invite


@role_required(Role.PROJECT_LEADER)
def invite(request):
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = person_invite(form, invited_by=request.user)
        messages.success(request, _("En inbjudan har skickats till %(email)s.") % {"email": user.email})
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
