"""Views of the introduction: hire and plan, the plan page (see, tick, add, sign off, PDF), the
newcomer's own plan, the lists of plans, and the project leader's Totara import."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.roles import Role
from accounts.scope import ACCOMPANIERS, MANAGERS
from core.access import role_required
from core.once import done, once_per_form
from core.pdf import render_pdf

from . import selectors, services, totara
from .forms import CourseAddForm, HireForm, PlanItemForm, TotaraMappingForm, TotaraUploadForm
from .models import PlanItem, TotaraImport

LEADER = Role.PROJECT_LEADER


def _plan_for(request, pk):
    return get_object_or_404(selectors.plans_visible_to(request.user), pk=pk)


def _editable_plan(request, pk):
    plan = _plan_for(request, pk)
    if not selectors.plans_editable_by(request.user).filter(pk=plan.pk).exists():
        raise Http404
    return plan


def _refusal(request, error):
    messages.error(request, " ".join(error.messages))


@role_required(*MANAGERS)
@once_per_form
def hire(request):
    """Hire and plan: first the newcomer and starting point, then the proposed courses to confirm."""
    form = HireForm(request.POST or None, user=request.user)
    proposing = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if "confirm" not in request.POST:
            # The proposal for the step and starting point, ticked; the manager can change it.
            bound = request.POST.copy()
            bound.setlist(
                "courses",
                [str(c.pk) for c in selectors.proposal_for(data["step"], data["starting_point"])],
            )
            form = HireForm(bound, user=request.user)
            form.is_valid()
            proposing = True
        else:
            try:
                plan = services.newcomer_hire(
                    email=data["email"],
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    municipality=data["municipality"],
                    starts_on=data["starts_on"],
                    unit=data["unit"],
                    title=data["title"],
                    step=data["step"],
                    starting_point=data["starting_point"],
                    mentor=data["mentor"],
                    first_social_worker=data["first_social_worker"],
                    course_ids=[c.pk for c in data["courses"]],
                    by=request.user,
                )
            except ValidationError as error:
                _refusal(request, error)
            else:
                messages.success(
                    request, _("Introduktionsplanen för %(name)s är upprättad.") % {"name": plan.person}
                )
                url = plan_url(plan)
                done(request, url)
                return redirect(url)
            proposing = True
    if request.method == "POST" and "confirm" in request.POST:
        proposing = True
    return render(request, "introduction/hire.html", {"form": form, "proposing": proposing})


def plan_url(plan):
    from django.urls import reverse

    return reverse("introduction:plan", args=[plan.pk])


def _plan_context(request, plan):
    today = timezone.localdate()
    editable = selectors.plans_editable_by(request.user).filter(pk=plan.pk).exists()
    return {
        "plan": plan,
        "items": selectors.plan_items(plan),
        "parts": selectors.plan_progress(plan, today),
        "digital": selectors.digital_completions(plan.person),
        "editable": editable,
        "may_tick": editable or request.user.pk in (plan.mentor_id, plan.first_social_worker_id),
        "item_form": PlanItemForm(plan=plan) if editable else None,
        "course_form": CourseAddForm(plan=plan) if editable else None,
        "today": today,
    }


@login_required
def plan(request, pk):
    plan = _plan_for(request, pk)
    return render(request, "introduction/plan.html", _plan_context(request, plan))


@login_required
def mine(request):
    plan = selectors.plans_visible_to(request.user).filter(person=request.user).first()
    if plan is None:
        return render(request, "introduction/no_plan.html")
    return render(request, "introduction/plan.html", _plan_context(request, plan))


@role_required(*MANAGERS, *ACCOMPANIERS)
def plans(request):
    """The plans the user may see (their municipality's, or those they are named in), with progress."""
    plan_list = list(
        selectors.plans_visible_to(request.user).exclude(person=request.user).order_by("starts_on")
    )
    progress = selectors.progress_for(plan_list)
    rows = [(p, progress[p.pk]) for p in plan_list]
    return render(request, "introduction/plans.html", {"rows": rows})


@require_POST
@login_required
def item_add(request, pk):
    plan = _editable_plan(request, pk)
    form = PlanItemForm(request.POST, plan=plan)
    if form.is_valid():
        try:
            services.plan_item_add(plan=plan, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _refusal(request, error)
        else:
            messages.success(request, _("Punkten är tillagd."))
    else:
        messages.error(
            request, _("Punkten kunde inte läggas till: %(errors)s") % {"errors": _form_errors(form)}
        )
    return redirect("introduction:plan", pk=plan.pk)


@require_POST
@login_required
def course_add(request, pk):
    plan = _editable_plan(request, pk)
    form = CourseAddForm(request.POST, plan=plan)
    if form.is_valid():
        try:
            services.plan_course_add(
                plan=plan,
                course=form.cleaned_data["course"],
                due_on=form.cleaned_data["due_on"],
                by=request.user,
            )
        except ValidationError as error:
            _refusal(request, error)
        else:
            messages.success(request, _("Kursen är tillagd i planen."))
    else:
        messages.error(
            request, _("Kursen kunde inte läggas till: %(errors)s") % {"errors": _form_errors(form)}
        )
    return redirect("introduction:plan", pk=plan.pk)


def _form_errors(form):
    return " ".join(str(message) for errors in form.errors.values() for message in errors)


def _item_for(request, pk):
    item = get_object_or_404(PlanItem.objects.select_related("plan"), pk=pk)
    plan = _plan_for(request, item.plan_id)
    return item, plan


@require_POST
@login_required
def item_tick(request, pk):
    item, plan = _item_for(request, pk)
    if not selectors.may_tick(request.user, plan):
        raise Http404
    services.plan_item_tick(item=item, done=request.POST.get("done") == "1", by=request.user)
    return redirect(_back(request, plan))


def _back(request, plan):
    return plan_url(plan) if plan.person_id != request.user.pk else "introduction:mine"


@require_POST
@login_required
def item_remove(request, pk):
    item, plan = _item_for(request, pk)
    _editable_plan(request, plan.pk)
    try:
        services.plan_item_remove(item=item, by=request.user)
    except ValidationError as error:
        _refusal(request, error)
    else:
        messages.success(request, _("Punkten är borttagen."))
    return redirect("introduction:plan", pk=plan.pk)


@require_POST
@login_required
def sign_off(request, pk):
    plan = _editable_plan(request, pk)
    try:
        services.plan_sign_off(plan=plan, by=request.user)
    except ValidationError as error:
        _refusal(request, error)
    else:
        messages.success(request, _("Planen är godkänd som genomförd."))
    return redirect("introduction:plan", pk=plan.pk)


@login_required
def plan_pdf(request, pk):
    plan = _plan_for(request, pk)
    html = render_to_string("introduction/pdf/plan.html", _plan_context(request, plan), request=request)
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="introduktionsplan-{plan.pk}.pdf"'
    return response


@role_required(LEADER)
def totara_import(request):
    """Upload → map the columns (a proposal from the header) → preview (errors with line numbers,
    unknown people and courses listed; nothing saved) → import, all at once."""
    upload_form, mapping_form, preview, errors = TotaraUploadForm(), None, None, []
    if request.method == "POST" and "token" in request.POST:
        try:
            columns, rows = totara.unsign(request.POST.get("token", ""))
        except ValidationError as error:
            _refusal(request, error)
            return redirect("introduction:totara_import")
        mapping_form = TotaraMappingForm(request.POST, columns=columns)
        if mapping_form.is_valid():
            source = totara.CsvSource(
                rows,
                person_column=mapping_form.cleaned_data["person_column"],
                course_column=mapping_form.cleaned_data["course_column"],
                date_column=mapping_form.cleaned_data["date_column"],
            )
            records, errors = source.records()
            if not errors and "confirm" in request.POST:
                batch = totara.completions_import(records=records, source_name=source.name, by=request.user)
                messages.success(
                    request,
                    ngettext(
                        "%(n)s slutförd digital del är importerad.",
                        "%(n)s slutförda digitala delar är importerade.",
                        batch.created + batch.updated,
                    )
                    % {"n": batch.created + batch.updated},
                )
                if batch.unknown_people or batch.unknown_courses:
                    messages.warning(
                        request, _("Några rader kunde inte kopplas; de listas under Tidigare importer.")
                    )
                return redirect("introduction:totara_import")
            if not errors:
                matched, unknown_people, unknown_courses = totara.match(records)
                preview = {
                    "matched": matched[:20],
                    "matched_count": len(matched),
                    "unknown_people": unknown_people,
                    "unknown_courses": unknown_courses,
                }
    elif request.method == "POST":
        upload_form = TotaraUploadForm(request.POST, request.FILES)
        if upload_form.is_valid():
            try:
                columns, rows = totara.csv_read(upload_form.cleaned_data["file"])
            except totara.ImportError_ as error:
                errors = [(0, str(error))]
            else:
                guess = totara.guess_mapping(columns)
                mapping_form = TotaraMappingForm(
                    columns=columns,
                    initial={
                        "token": totara.sign(columns, rows),
                        "person_column": guess["person"],
                        "course_column": guess["course"],
                        "date_column": guess["date"],
                    },
                )
    return render(
        request,
        "introduction/totara_import.html",
        {
            "form": upload_form,
            "mapping_form": mapping_form,
            "preview": preview,
            "errors": errors,
            "imports": TotaraImport.objects.select_related("imported_by")[:10],
        },
    )
