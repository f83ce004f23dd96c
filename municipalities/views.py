"""Pages about municipalities: the list for the region and one municipality's page."""
from django.db.models import Prefetch
from django.shortcuts import redirect, render

from core.access import role_required

from .access import get_visible_municipality, municipalities_visible_to
from .models import PopulationFigure

READERS = ("project_leader", "steering_group", "manager")


def _with_population(municipalities):
    return municipalities.prefetch_related(
        Prefetch("population_figures", queryset=PopulationFigure.objects.order_by("-date"), to_attr="populations")
    )


@role_required(*READERS)
def municipality_list(request):
    municipalities = _with_population(municipalities_visible_to(request.user))
    return render(request, "municipalities/list.html", {"municipalities": municipalities})


@role_required(*READERS)
def municipality_detail(request, code):
    municipality = get_visible_municipality(request.user, code)
    return render(request, "municipalities/detail.html", {
        "municipality": municipality,
        "populations": municipality.population_figures.order_by("-date"),
        "domains": municipality.email_domains.all(),
    })


@role_required("manager")
def my_municipality(request):
    municipality = get_visible_municipality(request.user, getattr(request.user.municipality, "code", None))
    return redirect("municipalities:detail", code=municipality.code)
