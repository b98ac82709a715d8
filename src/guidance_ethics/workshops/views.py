import io

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from guidance_ethics.accounts.access import get_for_member
from guidance_ethics.accounts.queries import has_role
from guidance_ethics.accounts.roles import Role
from guidance_ethics.cases.models import Case
from guidance_ethics.lib.forms import bound_data, run_action
from guidance_ethics.live.presence import get_presence
from guidance_ethics.workshops import actions, joining, queries
from guidance_ethics.workshops.forms import JoinCodeForm, JoinForm, WorkshopForm
from guidance_ethics.workshops.models import PHASE_ORDER, Participant, Phase, Workshop
from guidance_ethics.workshops.phone_labels import phone_labels

EXPECTED_GROUPS = ["citizen", "professional", "policy", "technician"]


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def workshop_create(request, pk):
    case = get_for_member(
        request.user, Case.objects.select_related("technology"), Role.COORDINATOR, pk=pk
    )
    form = WorkshopForm(bound_data(request), organisation=case.organisation, user=request.user)
    if request.method == "POST" and form.is_valid():
        workshop = run_action(form, actions.plan_workshop, request.user, case, **form.cleaned_data)
        if workshop:
            messages.success(request, _("The session has been planned."))
            return redirect(workshop)
    return render(
        request,
        "workshops/workshop_form.html",
        {"case": case, "organisation": case.organisation, "form": form},
    )


@login_required
@require_safe
def workshop_detail(request, pk):
    workshop = get_for_member(
        request.user,
        Workshop.objects.select_related("case__technology", "moderator", "co_moderator"),
        pk=pk,
    )
    return render(
        request,
        "workshops/workshop_detail.html",
        {
            "workshop": workshop,
            "organisation": workshop.organisation,
            "is_staff": workshop.is_staff(request.user),
            "may_coordinate": has_role(request.user, workshop.organisation, Role.COORDINATOR),
            "join_url": _join_url(request, workshop),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def workshop_delete(request, pk):
    """Delete a session with everything of it, after a page that says what goes."""
    workshop = get_for_member(request.user, Workshop.objects.all(), Role.COORDINATOR, pk=pk)
    if request.method == "POST":
        actions.delete_workshop(request.user, workshop)
        messages.success(request, _("The session has been deleted with everything of it."))
        return redirect("cases:case", pk=workshop.case_id)
    when = date_format(timezone.localtime(workshop.starts_at), "DATETIME_FORMAT")
    return render(
        request,
        "core/confirm_delete.html",
        {
            "title": _("Delete the session of %(date)s") % {"date": when},
            "organisation": workshop.organisation,
            "back": reverse("workshops:workshop", args=[workshop.pk]),
            **queries.deletion_counts(Workshop.objects.filter(pk=workshop.pk)),
        },
    )


def _join_url(request, workshop) -> str:
    return request.build_absolute_uri(reverse("workshops:join", args=[workshop.join_code]))


def _staff_workshop(request, pk) -> Workshop:
    """The workshop, for its moderator and co-moderator only; anyone else gets 404."""
    workshop = get_object_or_404(
        Workshop.objects.select_related("case__technology", "organisation"), pk=pk
    )
    if not workshop.is_staff(request.user):
        raise Http404
    return workshop


def live_labels() -> dict:
    """The translated words the live script shows; it has no strings of its own."""
    return {
        "phases": {phase.value: str(phase.label) for phase in PHASE_ORDER},
        "directions": [
            ["technology", _("Technology")],
            ["environment", _("Environment")],
            ["human", _("Human")],
        ],
        "expectedGroups": [[g, str(Participant.Group(g).label)] for g in EXPECTED_GROUPS],
        "missingGroups": _("Not present yet: %s. The method asks for them."),
        "scribe": _("written by the scribe"),
        "hidden": _("hidden"),
        "private": _("not yet on the board"),
        "merged": _("merged:"),
        "hide": _("Hide"),
        "show": _("Show"),
        "spotlight": _("Spotlight"),
        "lock": _("Pause input"),
        "unlock": _("Open input"),
        "chosen": _("chosen"),
        "value": _("Value"),
        "effectsCount": _("effects: %s"),
        "votesCount": _("dots: %s"),
        "votesLeft": _("Dots left: %s"),
        "voteMore": _("One more dot for %s"),
        "voteLess": _("One dot less for %s"),
        "yourDots": _("Your dots for %s"),
        "voteSaved": _("Your vote has been saved."),
        "saved": _("Received, thank you."),
        # Sending honestly, the outbox and changes of state (docs/live.md).
        "sendFailed": _("Not sent: the server answered with an error (%s). Please try again."),
        "sendOffline": _("Not sent: there is no connection. Please try again."),
        "queued": _("No connection: kept on this phone and sent when the connection returns."),
        "outboxSent": _("Your waiting contributions have been sent."),
        "outboxWaiting": _("Not sent yet (%s)"),
        "outboxNotSent": _("Not sent: %s"),
        "outboxRefused": _("the server refused it."),
        "outboxDismiss": _("Remove"),
        "outboxDismissLabel": _("Remove the unsent text: %s"),
        "phaseEndedUnsent": _("the phase changed before it was sent; copy it to keep it."),
        "evaluation": _("Evaluation"),
        "offline": _("Offline"),
        "waitingOne": _("1 contribution waiting"),
        "waitingMany": _("%s contributions waiting"),
        "phaseNow": _("New phase: %s."),
        "inputPaused": _("The moderator has paused input for a moment; your text is kept."),
        "inputReopened": _("Input is open again; you can send your text."),
        "votingClosed": _("The vote is closed; you can no longer give dots."),
        "votingReopened": _("The vote is open again; you can give dots."),
        "sessionClosed": _("The session is closed; only the evaluation is still open. Thank you."),
        "oneMinuteLeft": _("One minute left."),
        "timeUp": _("Time is up."),
        "linked": _("Linked."),
        "unlink": _("Remove the link to %s"),
        "linkValue": _("Value behind: %s"),
        "typeValue": _("Type a value, then Enter"),
        "suggested": _("Suggested values"),
        "link": _("Link"),
        "noneFits": _("None of these"),
        "noneFitsLabel": _("None of these values is behind: %s"),
        "rejected": _("Noted: these values will not be suggested again for this effect."),
        "duplicateOf": _("May be the same as: %s"),
        "merge": _("Merge into that one"),
        "mergeConfirm": _("Merge this effect into “%s”?"),
        "mergeDone": _("Merged."),
        "undo": _("Undo"),
        "undoLabel": _("Undo: suggest these values again for: %s"),
        "restored": _("The suggestions are back."),
        # What the moderator's own actions say once done; participants see "saved".
        "staffDone": {
            "phase": _("Phase changed."),
            "start": _("Timer started."),
            "pause": _("Timer paused."),
            "add": _("One minute added."),
            "lock": _("Input paused."),
            "unlock": _("Input opened."),
            "reveal": _("Effects revealed."),
            "close_vote": _("Vote closed."),
            "close": _("Session closed."),
            "show_previous": _("The earlier session is on the board."),
            "hide_previous": _("The earlier session is off the board."),
            "hide": _("Hidden."),
            "show": _("Shown again."),
            "spotlight": _("Spotlighted on the board."),
            "spotlightOff": _("Spotlight off."),
        },
        "connecting": _("Connecting…"),
        "connected": _("Live"),
        "reconnecting": _("Connection lost; reconnecting…"),
        **phone_labels(),
    }


def _live_context(request, workshop, role: str, **extra) -> dict:
    staff = role in ("console", "workspace", "board")
    state = queries.state(
        workshop, staff=staff and role != "board", participant=extra.get("participant")
    )
    return {
        "workshop": workshop,
        "case": workshop.case,
        "role": role,
        "state": state,
        "phases": [(phase, phase.label) for phase in PHASE_ORDER],
        "phase_label": Phase(workshop.phase).label,
        "join_url": _join_url(request, workshop),
        "labels": live_labels(),
        "api": reverse("api:workshop", args=[workshop.pk]),
        **extra,
    }


@login_required
@require_safe
def board(request, pk):
    workshop = _staff_workshop(request, pk)
    return render(
        request,
        "workshops/board.html",
        _live_context(request, workshop, "board", previous=queries.previous_outcome(workshop)),
    )


@login_required
@require_safe
def console(request, pk):
    workshop = _staff_workshop(request, pk)
    joined = queries.joined_groups(workshop)
    connected = get_presence().counts(workshop.pk, list(Participant.Group.values))
    missing = [g for g in EXPECTED_GROUPS if not connected.get(g)]
    return render(
        request,
        "workshops/console.html",
        _live_context(
            request,
            workshop,
            "console",
            groups=[
                (value, label, joined.get(value, 0), connected.get(value, 0))
                for value, label in Participant.Group.choices
            ],
            missing_groups=[Participant.Group(g).label for g in missing],
            presence_url=reverse("api:presence", args=[workshop.pk]),
        ),
    )


@login_required
@require_safe
def workspace(request, pk):
    workshop = _staff_workshop(request, pk)
    return render(
        request,
        "workshops/workspace.html",
        _live_context(request, workshop, "workspace", value_names=queries.value_names(workshop)),
    )


@login_required
@require_safe
def qr_code(request, pk):
    workshop = get_for_member(request.user, Workshop.objects.all(), pk=pk)
    return _qr_response(_join_url(request, workshop))


def _qr_response(url: str) -> HttpResponse:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(
        buffer, kind="svg", scale=8, border=2, title=_("QR code to join the session")
    )
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=3600"
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def join_code(request):
    """Type the code shown in the room."""
    form = JoinCodeForm(bound_data(request))
    if request.method == "POST" and form.is_valid():
        code, address = form.cleaned_data["code"], joining.address_of(request)
        try:
            slow = joining.check(address, code)
            workshop = queries.workshop_by_code(code)
            if workshop is not None and not workshop.is_closed:
                joining.admitted(address, code)
                return redirect("workshops:join", code=workshop.join_code)
            joining.failed(address, code, slow)
        except joining.TooManyAttempts as refusal:
            form.add_error("code", str(refusal))
            return _too_many_attempts(request, refusal, form)
        form.add_error("code", _("There is no open session with this code."))
    return render(request, "workshops/join_code.html", {"form": form})


def _too_many_attempts(request, refusal, form=None):
    """429 on the join page with the seconds to wait, also in ``Retry-After``."""
    refusal_text = str(refusal) if form is None else ""  # else on the form's code field
    context = {"form": JoinCodeForm() if form is None else form, "refusal": refusal_text}
    response = render(request, "workshops/join_code.html", context, status=429)
    response["Retry-After"] = str(refusal.retry_after)
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def join(request, code):
    address = joining.address_of(request)
    try:
        slow = joining.check(address, code)
        workshop = queries.workshop_by_code(code)
        if workshop is None:
            joining.failed(address, code, slow)
    except joining.TooManyAttempts as refusal:
        return _too_many_attempts(request, refusal)
    if workshop is None:
        raise Http404
    if not workshop.is_closed:
        joining.admitted(address, code)
    cookie = queries.PARTICIPANT_COOKIE.format(workshop.pk)
    if queries.participant_by_token(workshop.pk, request.COOKIES.get(cookie, "")):
        return redirect("workshops:participate", pk=workshop.pk)
    form = JoinForm(bound_data(request))
    if not workshop.allow_display_names:
        del form.fields["display_name"]
    if request.method == "POST" and form.is_valid():
        result = run_action(
            form,
            actions.join_workshop,
            workshop.join_code,
            display_name=form.cleaned_data.get("display_name", ""),
            stakeholder_group=form.cleaned_data["stakeholder_group"],
            consent_publication=form.cleaned_data["consent_publication"] == "yes",
        )
        if result:
            _participant, token = result
            response = redirect("workshops:participate", pk=workshop.pk)
            response.set_cookie(
                cookie,
                token,
                max_age=60 * 60 * 24 * 7,
                httponly=True,
                samesite="Lax",
                secure=settings.SECURE_COOKIES,
            )
            return response
    return render(
        request, "workshops/join.html", {"workshop": workshop, "form": form, "case": workshop.case}
    )


@require_safe
def participate(request, pk):
    """The phone: what the current phase asks of a participant."""
    # The participant first: without one, the same answer whether session ``pk`` exists
    # or not, so that the answer tells nobody which sessions there are.
    participant = queries.participant_by_token(
        pk, request.COOKIES.get(queries.PARTICIPANT_COOKIE.format(pk), "")
    )
    if participant is None:
        return redirect("workshops:join_code")
    workshop = get_object_or_404(Workshop.objects.select_related("case__technology"), pk=pk)
    return render(
        request,
        "workshops/participate.html",
        _live_context(
            request,
            workshop,
            "participant",
            participant=participant,
            directions=[
                ("technology", _("Technology")),
                ("environment", _("Environment")),
                ("human", _("Human")),
            ],
        ),
    )
