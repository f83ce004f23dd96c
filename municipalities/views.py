"""Pages about municipalities: list, detail and edit, agreements with their history and signed
document, the yearly cost split with exports, and the population upload."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.access import role_required, scope_required
from core.errors import show_error
from core.exports import csv_response, xlsx_response
from core.scope import MANAGE, READ, MunicipalityScope

from . import hooks, selectors, services
from .access import (
    agreement_documents_visible_to,
    cost_splits_visible_to,
    get_visible_agreement,
    get_visible_cost_split,
    get_visible_municipality,
)
from .forms import (
    AgreementForm,
    ContactFormSet,
    CostSplitForm,
    MunicipalityForm,
    PopulationConfirmForm,
    PopulationUploadForm,
)
from .models import Agreement, CostSplit, Municipality

# Values of accounts.roles.Role: this app sits below accounts and cannot import it
# (tests/project/test_scope.py checks that they match).
PROJECT_LEADER = "project_leader"
MANAGER = "manager"


@scope_required(READ)
def municipality_list(request):
    return render(
        request,
        "municipalities/list.html",
        {
            "municipalities": selectors.municipality_overview(request.user),
            "expiry_days": selectors.EXPIRY_WARNING_DAYS,
            "may_edit": request.user.has_role(PROJECT_LEADER),
        },
    )


@scope_required(READ)
def municipality_detail(request, code):
    municipality = get_visible_municipality(request.user, code)
    return render(
        request,
        "municipalities/detail.html",
        {
            "municipality": municipality,
            "may_edit": request.user.has_role(PROJECT_LEADER),
            # Names of people are for the project leader and the municipality's own managers.
            "may_see_people": MunicipalityScope.for_user(request.user).check(municipality),
            "may_download": _may_download(request.user, municipality),
            "cost_splits": cost_splits_visible_to(request.user).filter(region=municipality.region)[:3],
            "sections": hooks.sections_for(request, municipality),
            **selectors.municipality_page(municipality),
        },
    )


@role_required(MANAGER)
def my_municipality(request):
    municipality = get_visible_municipality(request.user, getattr(request.user.municipality, "code", None))
    return redirect("municipalities:detail", code=municipality.code)


def _edit_municipality(request, municipality):
    form = MunicipalityForm(request.POST or None, instance=municipality)
    contacts = ContactFormSet(request.POST or None, instance=municipality, prefix="kontakter")
    if request.method == "POST" and form.is_valid() and contacts.is_valid():
        changed_contacts = contacts.save(commit=False)  # writes nothing: the service saves all or nothing
        municipality = services.municipality_save(
            municipality=form.instance, contacts=changed_contacts, removed_contacts=contacts.deleted_objects
        )
        messages.success(request, _("Uppgifterna för %(name)s är sparade.") % {"name": municipality.name})
        return redirect("municipalities:detail", code=municipality.code)
    return render(
        request,
        "municipalities/municipality_form.html",
        {
            "form": form,
            "contacts": contacts,
            "municipality": municipality if municipality.pk else None,
        },
    )


@role_required(PROJECT_LEADER)
def municipality_create(request):
    return _edit_municipality(request, Municipality())


@role_required(PROJECT_LEADER)
def municipality_edit(request, code):
    return _edit_municipality(request, get_visible_municipality(request.user, code))


def _edit_agreement(request, agreement):
    form = AgreementForm(request.POST or None, request.FILES or None, instance=agreement)
    if request.method == "POST" and form.is_valid():
        agreement = services.agreement_save(agreement=form.instance)
        messages.success(
            request, _("Överenskommelsen med %(name)s är sparad.") % {"name": agreement.municipality}
        )
        return redirect("municipalities:agreement", pk=agreement.pk)
    return render(request, "municipalities/agreement_form.html", {"form": form, "agreement": agreement})


@role_required(PROJECT_LEADER)
def agreement_create(request, code):
    return _edit_agreement(request, Agreement(municipality=get_visible_municipality(request.user, code)))


@role_required(PROJECT_LEADER)
def agreement_edit(request, pk):
    return _edit_agreement(request, get_visible_agreement(request.user, pk))


@scope_required(READ)
def agreement_detail(request, pk):
    agreement = get_visible_agreement(request.user, pk)
    may_edit = request.user.has_role(PROJECT_LEADER)
    return render(
        request,
        "municipalities/agreement_detail.html",
        {
            "agreement": agreement,
            "may_edit": may_edit,
            "may_download": _may_download(request.user, agreement.municipality),
            "history": selectors.agreement_history(agreement) if may_edit else None,
        },
    )


def _may_download(user, municipality):
    return agreement_documents_visible_to(user).filter(municipality=municipality).exists()


@scope_required(MANAGE)
def agreement_document(request, pk):
    """The signed PDF, only through this view: uploaded files are never served from MEDIA_URL."""
    agreement = get_object_or_404(agreement_documents_visible_to(request.user), pk=pk)
    if not agreement.document:
        raise Http404
    filename = f"overenskommelse-{agreement.municipality.code}-{agreement.kind}-{agreement.pk}.pdf"
    return FileResponse(
        agreement.document.open("rb"), as_attachment=True, filename=filename, content_type="application/pdf"
    )


@scope_required(READ)
def cost_split_list(request):
    return render(
        request,
        "municipalities/cost_split_list.html",
        {
            "cost_splits": cost_splits_visible_to(request.user),
            "may_edit": request.user.has_role(PROJECT_LEADER),
        },
    )


@scope_required(READ)
def cost_split_detail(request, region, year):
    cost_split = get_visible_cost_split(request.user, region, year)
    rows = selectors.cost_split_rows(request.user, cost_split)
    return render(
        request,
        "municipalities/cost_split_detail.html",
        {
            "cost_split": cost_split,
            "rows": rows,
            "may_edit": request.user.has_role(PROJECT_LEADER),
            "totals": {
                "population": sum(r.population for r in rows),
                "regional": sum(r.regional for r in rows),
                "national": sum(r.national for r in rows),
                "total": sum(r.total for r in rows),
            },
        },
    )


@scope_required(READ)
def cost_split_export(request, region, year, fmt):
    cost_split = get_visible_cost_split(request.user, region, year)
    headers, rows = selectors.cost_split_table(request.user, cost_split)
    filename = f"kostnadsfordelning-{cost_split.region.slug}-{cost_split.year}"
    if fmt == "xlsx":
        return xlsx_response(f"{filename}.xlsx", headers, rows)
    return csv_response(f"{filename}.csv", headers, rows)


def _edit_cost_split(request, cost_split):
    form = CostSplitForm(request.POST or None, instance=cost_split)
    if request.method == "POST" and form.is_valid():
        cost_split = services.cost_split_save(fields=form.cleaned_data, cost_split=form.instance)
        messages.success(
            request, _("Kostnadsfördelningen för %(year)s är sparad.") % {"year": cost_split.year}
        )
        return redirect("municipalities:cost_split", region=cost_split.region.slug, year=cost_split.year)
    return render(request, "municipalities/cost_split_form.html", {"form": form, "cost_split": cost_split})


@role_required(PROJECT_LEADER)
def cost_split_create(request):
    return _edit_cost_split(request, CostSplit())


@role_required(PROJECT_LEADER)
def cost_split_edit(request, region, year):
    return _edit_cost_split(request, get_visible_cost_split(request.user, region, year))


@role_required(PROJECT_LEADER)
def population_import(request):
    """Upload → preview (every bad line listed, nothing saved) → confirm (all rows saved at once).

    The preview carries the parsed rows to the confirm step as a signed token, so what is saved
    is exactly what was shown and cannot be altered in the browser.
    """
    upload_form, rows, errors, token = PopulationUploadForm(), None, None, None
    if request.method == "POST" and "token" in request.POST:
        confirm = PopulationConfirmForm(request.POST)
        try:
            if not confirm.is_valid():
                raise ValidationError(_("Förhandsgranskningen saknas. Ladda upp filen igen."))
            valid_rows = services.population_import_unsign(confirm.cleaned_data["token"])
        except ValidationError as error:
            show_error(request, error)
            return redirect("municipalities:population_import")
        created, updated = services.population_import(valid_rows)
        messages.success(
            request,
            _("Folkmängden är sparad: %(created)s, %(updated)s.")
            % {
                "created": ngettext("%(n)s ny uppgift", "%(n)s nya uppgifter", created) % {"n": created},
                "updated": ngettext("%(n)s uppdaterad", "%(n)s uppdaterade", updated) % {"n": updated},
            },
        )
        return redirect("municipalities:list")
    if request.method == "POST":
        upload_form = PopulationUploadForm(request.POST, request.FILES)
        if upload_form.is_valid():
            rows, errors = services.population_import_parse(upload_form.cleaned_data["file"])
            if not errors:
                token = services.population_import_sign(rows)
    return render(
        request,
        "municipalities/population_import.html",
        {
            "form": upload_form,
            "errors": errors,
            "token": token,
            "rows": selectors.population_import_preview(rows) if token else [],
        },
    )
