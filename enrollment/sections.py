"""Enrollment's part of the catalogue's occasion page: sign up, your booking, or the participant list."""
from django.template.loader import render_to_string

from .access import occasions_managed_by
from .models import Enrollment


def occasion_section(request, occasion):
    user = request.user
    if not user.is_authenticated:
        return ""
    own = (Enrollment.objects.filter(person=user, occasion=occasion, status__in=Enrollment.ACTIVE)
           .only("pk", "status").first())
    return render_to_string("enrollment/_occasion_section.html", {
        "occasion": occasion, "own": own,
        "can_sign_up": occasion.status == occasion.Status.OPEN and own is None,
        "can_nominate": user.has_role("manager"),
        "can_manage": occasions_managed_by(user).filter(pk=occasion.pk).exists(),
    }, request=request)
