"""Pages of questionnaires and live polls.

Views are thin: they find the object and check access (404 when the user may not see it, 403
when they may not act on it), then read through ``questionnaire_results`` / ``polls`` and write
through the ``questionnaires`` / ``polls`` services. The answer page and the poll's vote page
need no account: the signed link or the poll's code is the access.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kunskapsnav.accounts.models import BodyRole
from kunskapsnav.core.exports import table_response
from kunskapsnav.core.http import AuthenticatedRequest, Request
from kunskapsnav.followup import polls, questionnaire_results, questionnaires
from kunskapsnav.followup import questionnaire_forms as forms
from kunskapsnav.followup.models import (
    Poll,
    Question,
    Questionnaire,
    QuestionnaireRound,
    Recipient,
    today,
)
from kunskapsnav.meetings.models import Meeting
from kunskapsnav.registry.models import Body

Status = QuestionnaireRound.Status
#: A new round's proposed deadline, in days from today.
DEFAULT_ANSWER_DAYS = 21


# --- Access helpers -------------------------------------------------------------------------


def _get_questionnaire(request: Request, pk: int, perm: str = "") -> Questionnaire:
    questionnaire = get_object_or_404(Questionnaire.objects.select_related("owner_body"), pk=pk)
    if not request.user.has_perm("followup.view_questionnaire", questionnaire):
        raise Http404
    if perm and not request.user.has_perm(perm, questionnaire):
        raise PermissionDenied
    return questionnaire


def _get_round(request: Request, pk: int, perm: str = "") -> QuestionnaireRound:
    round = get_object_or_404(
        QuestionnaireRound.objects.select_related("questionnaire__owner_body"), pk=pk
    )
    _get_questionnaire(request, round.questionnaire_id, perm)
    return round


def _service_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        for message in error.messages:
            form.add_error(None, message)


def _done(request: Request, url: str, message: str) -> HttpResponse:
    messages.success(request, message)
    return HttpResponseRedirect(url)


def _form_page(
    request: Request, form: Any, *, title: str, back: str, context_label: str, **extra: Any
) -> HttpResponse:
    return render(
        request,
        "core/form_page.html",
        {"form": form, "title": title, "back": back, "context_label": context_label, **extra},
    )


def _owner_bodies(request: AuthenticatedRequest) -> QuerySet[Body]:
    bodies = Body.objects.active().select_related("region").order_by("name")
    if request.user.is_systemforvaltare:
        return bodies
    ids = [
        body_id
        for body_id, roles in request.user.body_roles().items()
        if BodyRole.Role.SAMORDNARE in roles
    ]
    return bodies.filter(pk__in=ids)


# --- Questionnaires -------------------------------------------------------------------------


@login_required
@require_GET
def questionnaire_list(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request,
        "followup/questionnaires/list.html",
        {
            "questionnaires": questionnaires.visible_questionnaires(request.user),
            "to_answer": questionnaires.rounds_to_answer(request.user),
            "can_add": request.user.has_perm("followup.add_questionnaire"),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def questionnaire_create(request: AuthenticatedRequest) -> HttpResponse:
    if not request.user.has_perm("followup.add_questionnaire"):
        raise PermissionDenied
    form = forms.QuestionnaireForm(request.POST or None, bodies=_owner_bodies(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            questionnaire = questionnaires.create_questionnaire(
                owner_body=data["owner_body"],
                title=data["title"],
                description=data["description"],
                acting_user=request.user,
            )
        except ValidationError as error:
            _service_errors(form, error)
        else:
            return _done(
                request,
                questionnaire.get_absolute_url(),
                _("Enkäten är skapad. Lägg till frågor och skapa sedan en omgång."),
            )
    return _form_page(
        request,
        form,
        title=_("Ny enkät"),
        back=reverse("followup:questionnaire_list"),
        context_label=_("Enkäter"),
        submit=_("Skapa enkät"),
    )


@require_GET
def questionnaire_detail(request: Request, pk: int) -> HttpResponse:
    questionnaire = _get_questionnaire(request, pk)
    rounds = questionnaire.rounds.annotate(
        total=Count("recipients"),
        submitted=Count("recipients", filter=Q(recipients__submitted_at__isnull=False)),
    ).order_by("number")
    questions = list(
        questionnaire.questions.annotate(answer_count=Count("answers")).order_by("order", "pk")
    )
    return render(
        request,
        "followup/questionnaires/detail.html",
        {
            "questionnaire": questionnaire,
            "questions": questions,
            "rounds": rounds,
            "can_change": request.user.has_perm("followup.change_questionnaire", questionnaire),
            "sent": any(r.status != Status.DRAFT for r in rounds),
            "question_form": forms.QuestionForm(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def questionnaire_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    questionnaire = _get_questionnaire(request, pk, "followup.change_questionnaire")
    form = forms.QuestionnaireForm(
        request.POST or None,
        initial={"title": questionnaire.title, "description": questionnaire.description},
    )
    if request.method == "POST" and form.is_valid():
        questionnaires.update_questionnaire(
            questionnaire,
            title=form.cleaned_data["title"],
            description=form.cleaned_data["description"],
            acting_user=request.user,
        )
        return _done(request, questionnaire.get_absolute_url(), _("Enkäten är sparad."))
    return _form_page(
        request,
        form,
        title=_("Ändra enkät"),
        back=questionnaire.get_absolute_url(),
        context_label=questionnaire.title,
    )


# --- Questions ------------------------------------------------------------------------------


def _question_kwargs(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "text": data["text"],
        "kind": data["kind"],
        "required": data["required"],
        "choices": questionnaires.clean_choices(data["choices"]),
        "help_text": data["help_text"],
        "scale_low_label": data["scale_low_label"],
        "scale_high_label": data["scale_high_label"],
        "self_assessment": data["self_assessment"],
    }


@login_required
@require_http_methods(["GET", "POST"])
def question_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    questionnaire = _get_questionnaire(request, pk, "followup.change_questionnaire")
    form = forms.QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            questionnaires.add_question(
                questionnaire, acting_user=request.user, **_question_kwargs(form.cleaned_data)
            )
        except ValidationError as error:
            _service_errors(form, error)
        else:
            return _done(
                request, questionnaire.get_absolute_url() + "#fragor", _("Frågan är tillagd.")
            )
    return _form_page(
        request,
        form,
        title=_("Ny fråga"),
        back=questionnaire.get_absolute_url(),
        context_label=questionnaire.title,
        submit=_("Lägg till fråga"),
    )


def _get_question(request: Request, pk: int) -> Question:
    question = get_object_or_404(
        Question.objects.select_related("questionnaire__owner_body"), pk=pk
    )
    _get_questionnaire(request, question.questionnaire_id, "followup.change_questionnaire")
    return question


@login_required
@require_http_methods(["GET", "POST"])
def question_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    question = _get_question(request, pk)
    form = forms.QuestionForm(
        request.POST or None, initial=forms.QuestionForm.initial_for(question)
    )
    if request.method == "POST" and form.is_valid():
        try:
            questionnaires.update_question(
                question, acting_user=request.user, **_question_kwargs(form.cleaned_data)
            )
        except ValidationError as error:
            _service_errors(form, error)
        else:
            return _done(
                request,
                question.questionnaire.get_absolute_url() + "#fragor",
                _("Frågan är sparad."),
            )
    return _form_page(
        request,
        form,
        title=_("Ändra fråga"),
        back=question.questionnaire.get_absolute_url(),
        context_label=question.questionnaire.title,
    )


@login_required
@require_POST
def question_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    question = _get_question(request, pk)
    url = question.questionnaire.get_absolute_url() + "#fragor"
    try:
        questionnaires.delete_question(question, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return HttpResponseRedirect(url)
    return _done(request, url, _("Frågan är borttagen."))


@login_required
@require_POST
def question_move(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    question = _get_question(request, pk)
    questionnaires.move_question(
        question, up=request.POST.get("direction") == "up", acting_user=request.user
    )
    return HttpResponseRedirect(question.questionnaire.get_absolute_url() + "#fragor")


# --- Rounds ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def round_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    questionnaire = _get_questionnaire(request, pk, "followup.change_questionnaire")
    previous = questionnaire.rounds.order_by("-number").first()
    form = forms.RoundForm(
        request.POST or None,
        can_repeat=previous is not None,
        initial={
            "opens_on": today(),
            "deadline": today() + dt.timedelta(days=DEFAULT_ANSWER_DAYS),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        kwargs = {
            "deadline": data["deadline"],
            "title": data["title"],
            "opens_on": data["opens_on"],
            "acting_user": request.user,
        }
        try:
            if previous is not None and data.get("same_recipients"):
                round = questionnaires.repeat_round(previous, **kwargs)
            else:
                round = questionnaires.create_round(questionnaire, **kwargs)
        except ValidationError as error:
            _service_errors(form, error)
        else:
            return _done(
                request,
                round.get_absolute_url(),
                _("%(round)s är skapad som utkast. Kontrollera mottagarna och skicka den.")
                % {"round": round.label},
            )
    return _form_page(
        request,
        form,
        title=_("Ny omgång"),
        back=questionnaire.get_absolute_url(),
        context_label=questionnaire.title,
        intro=_(
            "En ny omgång har samma frågor som de tidigare, så att svaren kan jämföras. "
            "Varje mottagare får en ny personlig länk."
        )
        if previous
        else "",
        submit=_("Skapa omgång"),
    )


def _recipients_form(request: Request, round: QuestionnaireRound, data: Any = None) -> Any:
    bodies = Body.objects.visible_to(request.user).active().order_by("name")
    return forms.RecipientsForm(data, bodies=bodies)


@require_GET
def round_detail(request: Request, pk: int) -> HttpResponse:
    round = _get_round(request, pk)
    return _round_page(request, round)


def _round_page(
    request: Request, round: QuestionnaireRound, recipients_form: Any = None
) -> HttpResponse:
    can_change = request.user.has_perm("followup.change_questionnaire", round.questionnaire)
    recipients = list(
        round.recipients.select_related("region", "kommun", "body").annotate(
            answer_count=Count("answers")
        )
    )
    return render(
        request,
        "followup/questionnaires/round.html",
        {
            "round": round,
            "questionnaire": round.questionnaire,
            "recipients": recipients,
            "progress": questionnaires.round_progress(round),
            "can_change": can_change,
            "recipients_form": recipients_form
            or (_recipients_form(request, round) if can_change else None),
            "deadline_form": forms.DeadlineForm(initial={"deadline": round.deadline}),
            "accepts_answers": round.accepts_answers(),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def round_add_recipients(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    round = _get_round(request, pk, "followup.change_questionnaire")
    form = _recipients_form(request, round, request.POST)
    if form.is_valid():
        new = questionnaires.recipients_from_bodies(form.cleaned_data["bodies"])
        new += form.cleaned_data["lines"]
        try:
            added, skipped = questionnaires.add_recipients(round, new, acting_user=request.user)
        except ValidationError as error:
            _service_errors(form, error)
        else:
            message = _("%(count)s mottagare tillagda.") % {"count": len(added)}
            if skipped:
                message += " " + _("Redan med: %(names)s.") % {"names": ", ".join(skipped)}
            without_email = [r.name for r in added if not r.email]
            if without_email:
                message += " " + _(
                    "Saknar e-postadress och får ingen länk per e-post: %(names)s."
                ) % {"names": ", ".join(without_email)}
            return _done(request, round.get_absolute_url() + "#mottagare", message)
    return _round_page(request, round, recipients_form=form)


def _round_action(
    request: AuthenticatedRequest, pk: int, action: Any, message: str
) -> HttpResponse:
    round = _get_round(request, pk, "followup.change_questionnaire")
    try:
        result = action(round)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return HttpResponseRedirect(round.get_absolute_url())
    return _done(request, round.get_absolute_url(), message % {"count": result or 0})


@login_required
@require_POST
def round_send(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _round_action(
        request,
        pk,
        lambda r: questionnaires.send_round(r, acting_user=request.user),
        _("Omgången är skickad: %(count)s e-postmeddelanden med svarslänkar."),
    )


@login_required
@require_POST
def round_remind(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _round_action(
        request,
        pk,
        lambda r: questionnaires.remind_round(r, acting_user=request.user),
        _("%(count)s påminnelser skickade till dem som inte har svarat."),
    )


@login_required
@require_POST
def round_close(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _round_action(
        request,
        pk,
        lambda r: questionnaires.close_round(r, acting_user=request.user),
        _("Omgången är stängd. Inga fler svar tas emot."),
    )


@login_required
@require_POST
def round_deadline(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    round = _get_round(request, pk, "followup.change_questionnaire")
    form = forms.DeadlineForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Skriv ett datum som ÅÅÅÅ-MM-DD."))
        return HttpResponseRedirect(round.get_absolute_url())
    deadline = form.cleaned_data["deadline"]
    if round.status == Status.CLOSED:
        action = lambda r: questionnaires.reopen_round(  # noqa: E731
            r, deadline=deadline, acting_user=request.user
        )
        message = _("Omgången är öppen igen med sista svarsdag %(date)s.")
    else:
        action = lambda r: questionnaires.change_deadline(  # noqa: E731
            r, deadline=deadline, acting_user=request.user
        )
        message = _("Sista svarsdag är nu %(date)s.")
    return _round_action(request, pk, action, message.replace("%(date)s", deadline.isoformat()))


def _get_recipient(request: Request, pk: int) -> Recipient:
    recipient = get_object_or_404(
        Recipient.objects.select_related("round__questionnaire__owner_body"), pk=pk
    )
    _get_round(request, recipient.round_id, "followup.change_questionnaire")
    return recipient


@login_required
@require_POST
def recipient_remove(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    recipient = _get_recipient(request, pk)
    url = recipient.round.get_absolute_url() + "#mottagare"
    try:
        questionnaires.remove_recipient(recipient, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return HttpResponseRedirect(url)
    return _done(request, url, _("%(name)s är borttagen.") % {"name": recipient.name})


@login_required
@require_POST
def recipient_renew(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    recipient = _get_recipient(request, pk)
    questionnaires.renew_link(recipient, acting_user=request.user)
    return _done(
        request,
        recipient.round.get_absolute_url() + "#mottagare",
        _("%(name)s har fått en ny svarslänk; den gamla gäller inte längre.")
        % {"name": recipient.name},
    )


# --- Results and exports --------------------------------------------------------------------


@require_GET
def round_results(request: Request, pk: int) -> HttpResponse:
    round = _get_round(request, pk)
    return render(
        request,
        "followup/questionnaires/results.html",
        {"result": questionnaire_results.round_result(round), "questionnaire": round.questionnaire},
    )


@require_GET
def questionnaire_compare(request: Request, pk: int) -> HttpResponse:
    questionnaire = _get_questionnaire(request, pk)
    return render(
        request,
        "followup/questionnaires/compare.html",
        {"comparison": questionnaire_results.compare_rounds(questionnaire)},
    )


@require_GET
def round_export(request: Request, pk: int, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "xlsx"):
        raise Http404
    round = _get_round(request, pk)
    headers, rows = questionnaire_results.answer_table([round])
    name = f"{slugify(round.questionnaire.title)[:40]}-omgang-{round.number}"
    return table_response(name, round.label, headers, rows, fmt)


@require_GET
def questionnaire_export(request: Request, pk: int, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "xlsx"):
        raise Http404
    questionnaire = _get_questionnaire(request, pk)
    rounds = list(questionnaire.rounds.exclude(status=Status.DRAFT).order_by("number"))
    headers, rows = questionnaire_results.answer_table(rounds)
    return table_response(
        slugify(questionnaire.title)[:40] or "enkat", _("Svar"), headers, rows, fmt
    )


# --- Answering ------------------------------------------------------------------------------


@login_required
@require_GET
def round_answer_mine(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A logged-in recipient's way to their own answer page."""
    round = get_object_or_404(QuestionnaireRound, pk=pk)
    recipient = questionnaires.recipient_for_user(round, request.user)
    if recipient is None:
        raise Http404
    return HttpResponseRedirect(
        reverse("followup:answer", args=[questionnaires.answer_token(recipient)])
    )


@never_cache
@require_http_methods(["GET", "POST"])
def answer(request: Request, token: str) -> HttpResponse:
    recipient = questionnaires.recipient_for_token(token)
    if recipient is None:
        return render(request, "followup/questionnaires/answer_invalid.html", status=404)
    round = recipient.round
    questions = list(round.questionnaire.questions.all())
    saved = {a.question_id: a.value for a in recipient.answers.all()}
    open_for_answers = round.accepts_answers()
    form = forms.AnswerForm(
        request.POST if request.method == "POST" else None,
        questions=questions,
        saved=saved,
        disabled=not open_for_answers,
    )
    if request.method == "POST":
        submit = request.POST.get("action") == "submit"
        user = request.user if request.user.is_authenticated else None
        try:
            questionnaires.save_answers(
                recipient, form.raw_answers(), submit=submit, acting_user=user
            )
        except ValidationError as error:
            form.is_valid()
            _service_errors(form, error)
        else:
            messages.success(
                request,
                _("Tack! Ditt svar är inskickat. Du kan ändra det fram till %(date)s.")
                % {"date": round.deadline.isoformat()}
                if submit
                else _("Utkastet är sparat. Skicka in svaret när du är klar."),
            )
            return HttpResponseRedirect(request.path)
    return render(
        request,
        "followup/questionnaires/answer.html",
        {
            "recipient": recipient,
            "round": round,
            "questionnaire": round.questionnaire,
            "form": form,
            "open_for_answers": open_for_answers,
        },
    )


# --- Live polls -----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def poll_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    if not request.user.has_perm("meetings.view_meeting", meeting):
        raise Http404
    if not request.user.has_perm("followup.change_poll", Poll(body=meeting.body)):
        raise PermissionDenied
    form = forms.PollForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            poll = polls.start_poll(
                body=meeting.body,
                meeting=meeting,
                question=data["question"],
                kind=data["kind"],
                choices=data["choices"],
                acting_user=request.user,
            )
        except ValidationError as error:
            _service_errors(form, error)
        else:
            return HttpResponseRedirect(poll.get_absolute_url())
    return _form_page(
        request,
        form,
        title=_("Ny snabbfråga"),
        back=meeting.get_absolute_url(),
        context_label=str(meeting),
        intro=_(
            "Deltagarna svarar anonymt med sin telefon eller dator på en kod som visas här. "
            "Resultatet syns direkt på skärmen."
        ),
        submit=_("Starta frågan"),
    )


def _get_poll(request: Request, pk: int) -> Poll:
    poll = get_object_or_404(Poll.objects.select_related("body", "meeting"), pk=pk)
    if not request.user.has_perm("followup.view_poll", poll):
        raise Http404
    return poll


@require_GET
def poll_detail(request: Request, pk: int) -> HttpResponse:
    poll = _get_poll(request, pk)
    context = {
        "result": polls.poll_result(poll),
        "poll": poll,
        "join_url": request.build_absolute_uri(reverse("followup:poll_join")),
        "can_change": request.user.has_perm("followup.change_poll", poll),
    }
    if request.htmx:
        return render(request, "followup/polls/detail.html#results", context)
    return render(request, "followup/polls/detail.html", context)


@login_required
@require_POST
def poll_close(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    poll = _get_poll(request, pk)
    polls.close_poll(poll, acting_user=request.user)
    return _done(request, poll.get_absolute_url(), _("Frågan är stängd."))


@require_http_methods(["GET", "POST"])
def poll_join(request: Request) -> HttpResponse:
    form = forms.PollCodeForm(request.POST or request.GET or None)
    if form.is_bound and form.is_valid():
        code = polls.normalise_code(form.cleaned_data["code"])
        if Poll.objects.filter(code=code).exists():
            return HttpResponseRedirect(reverse("followup:poll_vote", args=[code]))
        form.add_error("code", _("Ingen fråga har den koden. Kontrollera koden på skärmen."))
    return render(request, "followup/polls/join.html", {"form": form})


@never_cache
@require_http_methods(["GET", "POST"])
def poll_vote(request: Request, code: str) -> HttpResponse:
    poll = get_object_or_404(Poll, code=polls.normalise_code(code))
    if not request.session.session_key:
        request.session.save()
    session_key = request.session.session_key or ""
    error = ""
    if request.method == "POST":
        raw: Any = (
            request.POST.getlist("value")
            if poll.kind == Poll.Kind.MULTIPLE
            else request.POST.get("value", "")
        )
        try:
            counted = polls.vote(poll, raw, session_key=session_key)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            if not counted:
                messages.info(request, _("Du har redan svarat på den här frågan."))
            return HttpResponseRedirect(request.path)
    return render(
        request,
        "followup/polls/vote.html",
        {
            "poll": poll,
            "voted": polls.has_voted(poll, session_key),
            "error": error,
            "scale": range(1, 6),
        },
        status=400 if error else 200,
    )
