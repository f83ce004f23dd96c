"""Pages of follow-up: answering by personal link, the project leader's survey builder and rounds,
and the results with their exports."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from accounts.roles import Role
from accounts.scope import READERS, REGIONAL_READERS
from core import once
from core.access import role_required
from core.errors import show_error
from core.exports import csv_response, xlsx_response
from core.scope import READ, MunicipalityScope
from courses.models import Course
from courses.selectors import trainer_spread

from . import selectors, services
from .access import may_read_free_text, results_filters_for
from .charts import bar_chart
from .forms import (
    AnswerForm,
    CommentHandledForm,
    QuestionForm,
    ResultsFilterForm,
    RoundForm,
    RoundMunicipalitiesForm,
    RssContactForm,
    SamplingForm,
    TemplateForm,
)
from .models import (
    Answer,
    CourseSampling,
    Question,
    RssContact,
    SamplingDecision,
    SurveyRound,
    SurveyTemplate,
)
from .tokens import token_for

# Lazy: built at import, shown in the language of the request.
INVITATION_MESSAGES = {
    "forged": gettext_lazy(
        "Länken är inte giltig. Kontrollera att du har kopierat hela länken från e-postmeddelandet."
    ),
    "expired": gettext_lazy(
        "Enkäten har stängt och länken gäller inte längre. Tack ändå för att du ville svara!"
    ),
    "answered": gettext_lazy("Du har redan skickat in dina svar på den här enkäten. Tack!"),
}
INVITATION_STATUS = {"forged": 404, "expired": 410, "answered": 410}


# --- Answering (no login: the link is the key) -----------------------------------------------


def _link_problem(request, code):
    return render(
        request,
        "followup/link_problem.html",
        {"message": INVITATION_MESSAGES[code]},
        status=INVITATION_STATUS[code],
    )


def answer(request, token):
    try:
        invitation = services.invitation_by_token(token)
    except services.InvitationError as error:
        return _link_problem(request, error.code)
    questions = services.questions_for(invitation)
    if request.method == "POST":
        form = AnswerForm(questions, request.POST)
        if form.is_valid():
            submit = request.POST.get("action") == "submit"
            try:
                if submit:
                    services.invitation_submit(invitation.pk, form.answers())
                else:
                    services.invitation_save_draft(invitation.pk, form.answers())
            except services.InvitationError as error:
                return _link_problem(request, error.code)
            except ValidationError as error:
                show_error(request, error)
            else:
                if submit:
                    request.session["followup_receipt"] = invitation.round.template.display_name
                    return redirect("followup:receipt")
                messages.success(
                    request,
                    _(
                        "Dina svar är sparade. Du kan fortsätta senare med samma länk "
                        "fram till och med %(date)s."
                    )
                    % {"date": formats.date_format(invitation.expires_on, "DATE_FORMAT")},
                )
                return redirect("followup:answer", token=token)
    else:
        form = AnswerForm(questions, initial={f"q_{k}": v for k, v in invitation.draft.items()})
    return render(
        request,
        "followup/answer.html",
        {
            "invitation": invitation,
            "survey": invitation.round.template,
            "form": form,
            "has_draft": invitation.has_draft,
        },
        status=400 if request.method == "POST" else 200,
    )


def receipt(request):
    survey_name = request.session.pop("followup_receipt", None)
    return render(request, "followup/receipt.html", {"survey_name": survey_name})


@login_required
def mine(request):
    items = [(inv, token_for(inv.nonce)) for inv in selectors.open_invitations_for(request.user)]
    return render(request, "followup/mine.html", {"items": items})


# --- The project leader's survey builder ------------------------------------------------------


@role_required(Role.PROJECT_LEADER)
def surveys(request):
    templates = SurveyTemplate.objects.annotate(n_questions=Count("questions"))
    rounds = (
        SurveyRound.objects.select_related("template", "occasion__course")
        .annotate(
            invited=Count("invitations"),
            answered=Count("invitations", filter=Q(invitations__answered_on__isnull=False)),
        )
        .order_by("-year", "template__pk", "-pk")[:50]
    )
    return render(request, "followup/surveys.html", {"templates": templates, "rounds": rounds})


@role_required(Role.PROJECT_LEADER)
def template_detail(request, pk):
    template = get_object_or_404(SurveyTemplate, pk=pk)
    form = TemplateForm(request.POST or None, instance=template)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Enkäten är sparad."))
        return redirect("followup:template", pk=pk)
    return _template_page(request, template, form=form)


def _template_page(request, template, form=None, round_form=None):
    """The survey page; a form that failed comes back bound, with what was typed and its errors."""
    if round_form is None:
        today = timezone.localdate()
        round_form = RoundForm(
            initial={"year": today.year, "opens_on": today, "closes_on": today + datetime.timedelta(days=30)}
        )
    return render(
        request,
        "followup/template_detail.html",
        {
            "template": template,
            "form": form or TemplateForm(instance=template),
            "questions": template.questions.all(),
            "round_form": round_form,
            "rounds": template.rounds.annotate(
                invited=Count("invitations"),
                answered=Count("invitations", filter=Q(invitations__answered_on__isnull=False)),
            ).order_by("-year")[:20],
        },
    )


@role_required(Role.PROJECT_LEADER)
def question_edit(request, template_pk, pk=None):
    template = get_object_or_404(SurveyTemplate, pk=template_pk)
    question = get_object_or_404(Question, pk=pk, template=template) if pk else Question(template=template)
    form = QuestionForm(request.POST or None, instance=question)
    if request.method == "POST" and form.is_valid():
        services.question_save(question=form.instance, fields=form.cleaned_data)
        messages.success(request, _("Frågan är sparad."))
        return redirect("followup:template", pk=template.pk)
    return render(
        request, "followup/question_form.html", {"template": template, "form": form, "question": question}
    )


@require_POST
@role_required(Role.PROJECT_LEADER)
def question_move(request, pk):
    question = get_object_or_404(Question, pk=pk)
    direction = request.POST.get("direction")
    if direction in ("up", "down"):
        services.question_move(question.pk, direction)
    return redirect("followup:template", pk=question.template_id)


@require_POST
@role_required(Role.PROJECT_LEADER)
@once.once_per_form
def round_create(request, template_pk):
    template = get_object_or_404(SurveyTemplate, pk=template_pk)
    form = RoundForm(request.POST)
    if form.is_valid():
        try:
            services.round_create(
                template,
                form.cleaned_data["year"],
                form.cleaned_data["opens_on"],
                form.cleaned_data["closes_on"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _(
                    "Omgången är skapad. Inbjudningarna skickas när den öppnar, "
                    "eller direkt med knappen Skicka nu."
                ),
            )
            once.done(request, reverse("followup:template", args=[template.pk]))
            return redirect("followup:template", pk=template.pk)
    # Shown again as typed, with the errors next to the fields (nothing the leader wrote is lost).
    messages.error(request, _("Omgången skapades inte. Rätta det som är markerat under Ny omgång."))
    return _template_page(request, template, round_form=form)


@require_POST
@role_required(Role.PROJECT_LEADER)
def round_send(request, pk):
    round_ = get_object_or_404(SurveyRound, pk=pk)
    try:
        created = services.round_send(round_.pk)
    except ValidationError as error:
        show_error(request, error)
    else:
        messages.success(
            request,
            ngettext("%(n)s ny inbjudan skickas.", "%(n)s nya inbjudningar skickas.", created)
            % {"n": created},
        )
    return redirect("followup:template", pk=round_.template_id)


@role_required(Role.PROJECT_LEADER)
def sampling_list(request):
    courses = Course.objects.select_related("step__journey", "followup_sampling").annotate(
        evaluated=Count(
            "occasions__followup_sampling_decision",
            filter=Q(occasions__followup_sampling_decision__selected=True),
        ),
        decided=Count("occasions__followup_sampling_decision"),
    )
    return render(request, "followup/sampling_list.html", {"courses": courses})


@role_required(Role.PROJECT_LEADER)
def sampling_edit(request, course_pk):
    course = get_object_or_404(Course, pk=course_pk)
    sampling = CourseSampling.objects.filter(course=course).first() or CourseSampling(course=course)
    form = SamplingForm(request.POST or None, instance=sampling)
    if request.method == "POST" and form.is_valid():
        services.course_sampling_save(course=course, fields=form.cleaned_data)
        messages.success(request, _("Urvalet för %(course)s är sparat.") % {"course": course})
        return redirect("followup:sampling")
    decisions = (
        SamplingDecision.objects.filter(occasion__course=course)
        .select_related("occasion")
        .order_by("-ordinal")[:30]
    )
    return render(
        request,
        "followup/sampling_form.html",
        {"course": course, "form": form, "sampling": sampling, "decisions": decisions},
    )


# --- Results ----------------------------------------------------------------------------------


def _results_context(request):
    """Parse the filters, hold the user to what they may see, and compute the rows (404 outside scope)."""
    user = request.user
    data = request.GET.copy()
    data.setdefault("year", str(timezone.localdate().year))
    scope = MunicipalityScope.for_user(user, READ)
    if data.get("municipality"):
        scope.held_to(data["municipality"])  # 404 for another municipality, before the form is read
    form = ResultsFilterForm(data)
    if not scope.everything:
        del form.fields["municipality"]
    if not form.is_valid():
        return form, None
    filters = results_filters_for(user, form.filters())
    return form, filters


@role_required(*READERS)
def results(request):
    form, filters = _results_context(request)
    context = {"form": form, "min_group_size": selectors.min_group_size(), "too_few": selectors.TOO_FEW}
    if filters is not None:
        year = form.cleaned_data["year"]
        survey = form.cleaned_data.get("survey")
        context.update(year=year, survey=survey, filters=filters)
        if survey is None:
            goals = selectors.goal_summary(year, **filters)
            if MunicipalityScope.for_user(request.user, READ).everything:
                context["trainer_spread"] = trainer_spread(year)
            context.update(
                goals=goals,
                chart=bar_chart(
                    [r for g in goals for r in g.aspects],
                    _("Andel som når målet per mål och aspekt, %(year)s") % {"year": year},
                    with_survey=True,
                ),
            )
        else:
            results = selectors.question_results(survey, year, **filters)
            measured = [r for r in results if r.question.is_measured]
            context.update(
                results=[r for r in results if r.question.kind != Question.Kind.FREE_TEXT],
                rate=selectors.response_rate(survey, year, **filters),
                chart=bar_chart(
                    measured,
                    _("Andel som når målet, %(survey)s %(year)s")
                    % {"survey": survey.display_name, "year": year},
                ),
                free_text=selectors.free_text_answers(survey, year, **filters)
                if may_read_free_text(request.user)
                else None,
            )
            context["breakdowns"] = [
                (label, selectors.results_by_group(survey, year, group, **filters))
                for group, label in (
                    ("municipality", _("Per kommun")),
                    ("step", _("Per steg")),
                    ("course", _("Per kurs")),
                )
                if group not in filters and (group != "course" or survey.kind == "course_evaluation")
            ]
    return render(request, "followup/results.html", context)


@role_required(*READERS)
def results_export(request, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    form, filters = _results_context(request)
    if filters is None:
        raise Http404
    survey, year = form.cleaned_data.get("survey"), form.cleaned_data["year"]
    if survey is None:
        headers, rows = selectors.goal_table(year, **filters)
        filename = f"uppfoljning-mal-{year}.{fmt}"
    else:
        headers, rows = selectors.results_table(survey, year, **filters)
        filename = f"uppfoljning-{survey.file_slug}-{year}.{fmt}"
    if fmt == "xlsx":
        return xlsx_response(filename, headers, rows, sheet_title=str(year))
    return csv_response(filename, headers, rows)


# --- The RSS survey's contacts, the needs survey's municipalities and results ------------------


@role_required(Role.PROJECT_LEADER)
def rss_contacts(request):
    form = RssContactForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.rss_contact_save(**form.cleaned_data)
            except ValidationError as error:
                form.add_error("email", error)
            else:
                messages.success(request, _("RSS-kontakten är sparad."))
                return redirect("followup:rss_contacts")
        messages.error(request, _("Kontakten sparades inte. Rätta det som är markerat."))
    return render(
        request,
        "followup/rss_contacts.html",
        {
            "form": form,
            "contacts": RssContact.objects.all(),
            "survey": SurveyTemplate.objects.filter(kind=SurveyTemplate.Kind.RSS_YEARLY).first(),
        },
    )


@require_POST
@role_required(Role.PROJECT_LEADER)
def rss_contact_toggle(request, pk):
    contact = get_object_or_404(RssContact, pk=pk)
    services.rss_contact_save(
        contact_id=contact.pk,
        name=contact.name,
        email=contact.email,
        organisation=contact.organisation,
        is_active=not contact.is_active,
    )
    messages.success(
        request,
        (_("%(name)s får enkäten igen.") if not contact.is_active else _("%(name)s får inte längre enkäten."))
        % {"name": contact.name},
    )
    return redirect("followup:rss_contacts")


@role_required(Role.PROJECT_LEADER)
def round_municipalities(request, pk):
    round_ = get_object_or_404(
        SurveyRound.objects.select_related("template"),
        pk=pk,
        template__kind=SurveyTemplate.Kind.TRAINING_NEEDS,
    )
    form = RoundMunicipalitiesForm(
        request.POST or None, initial={"municipalities": list(round_.municipalities.all())}
    )
    if request.method == "POST":
        if form.is_valid():
            services.round_municipalities_set(
                round_id=round_.pk, municipality_ids=[m.pk for m in form.cleaned_data["municipalities"]]
            )
            messages.success(request, _("Kommunerna är valda. Skicka omgången när du är klar."))
            return redirect("followup:template", pk=round_.template_id)
        messages.error(request, _("Välj minst en kommun."))
    return render(request, "followup/round_municipalities.html", {"round": round_, "form": form})


@role_required(Role.PROJECT_LEADER)
def needs_results(request):
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() and 2000 <= int(year) <= 2099 else timezone.localdate().year
    return render(
        request,
        "followup/needs_results.html",
        {"year": year, "summary": selectors.training_needs(year), "years": range(2021, 2028)},
    )


# --- Part C: every survey's comments, and what was done with them ---------------------------


@role_required(*REGIONAL_READERS)
def comments(request):
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() and 2000 <= int(year) <= 2099 else timezone.localdate().year
    return render(
        request,
        "followup/comments.html",
        {
            "year": year,
            "years": range(2021, 2028),
            "groups": selectors.comments_by_group(year),
            "min_group_size": selectors.min_group_size(),
            "may_handle": request.user.has_role(Role.PROJECT_LEADER),
        },
    )


@require_POST
@role_required(Role.PROJECT_LEADER)
def comment_handle(request, pk):
    answer = get_object_or_404(Answer, pk=pk, question__kind=Question.Kind.FREE_TEXT)
    form = CommentHandledForm(request.POST)
    year = answer.round.year
    if not form.is_valid():
        messages.error(request, _("Skriv kort vad som gjordes med synpunkten."))
    else:
        try:
            services.comment_mark_handled(
                answer_id=answer.pk, note=form.cleaned_data["note"], handled_by_id=request.user.pk
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Synpunkten är markerad som hanterad."))
    return redirect(f"{reverse('followup:comments')}?year={year}#c-{answer.pk}")
