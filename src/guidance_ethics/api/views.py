"""The JSON API under /api/v1: what integrations, load tests and the live pages use.

Every endpoint validates its input, calls an action, and answers JSON; a refusal is
``application/problem+json`` and changes nothing. POST bodies must be JSON, which a
cross-site form cannot send: together with SameSite cookies this is the CSRF protection for
cookie-authenticated callers; bearer-token callers carry no cookies at all.
"""

import json
from functools import wraps

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.http import JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from guidance_ethics.accounts.models import Membership
from guidance_ethics.accounts.tokens import INVALID_TOKEN, token_or_session_user
from guidance_ethics.api import idempotency
from guidance_ethics.api.auth import Caller, caller_for
from guidance_ethics.api.openapi import openapi_document
from guidance_ethics.api.problems import from_validation_error
from guidance_ethics.api.schemas import check_body, unknown_query
from guidance_ethics.lib.problems import problem
from guidance_ethics.lib.text import has_surrogates, is_blank
from guidance_ethics.library import queries as library
from guidance_ethics.library.forms import LibraryForm
from guidance_ethics.live.presence import get_presence
from guidance_ethics.suggestions import learning
from guidance_ethics.suggestions.actions import reject_suggestions
from guidance_ethics.workshops import actions, comoderator_actions, joining, payloads, queries
from guidance_ethics.workshops.models import Effect, Participant, Workshop
from guidance_ethics.workshops.pace import TooFast
from guidance_ethics.workshops.queries import PARTICIPANT_COOKIE

MAX_BODY = 64 * 1024


def _json_body(request):
    """The body as the operation's model (api/bodies.py) reads it, or a problem."""
    if request.content_type != "application/json":
        return None, problem(415, _("Send the body as application/json."))
    too_large = problem(400, _("The body is too large."), code="too_large")
    try:
        if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_BODY or len(request.body) > MAX_BODY:
            return None, too_large
    except (ValueError, RequestDataTooBig):
        return None, too_large
    try:
        body = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None, problem(400, _("The body is not valid JSON."))
    if not isinstance(body, dict):
        return None, problem(400, _("The body must be a JSON object."))
    if _has_lone_surrogates(body):
        return None, problem(400, _("The body contains characters that are not valid text."))
    try:
        return check_body(request, body), None
    except ValidationError as refusal:
        return None, from_validation_error(refusal)


def _has_lone_surrogates(data) -> bool:
    """JSON may escape half of a UTF-16 pair ("\\ud800"); that is no text to store."""
    if isinstance(data, str):
        return has_surrogates(data)
    if isinstance(data, dict):
        return any(_has_lone_surrogates(k) or _has_lone_surrogates(v) for k, v in data.items())
    if isinstance(data, list):
        return any(_has_lone_surrogates(item) for item in data)
    return False


def api_view(*, staff_only=False):
    """POST endpoint about one workshop: parse JSON, identify the caller, map refusals."""

    def decorator(view):
        @csrf_exempt
        @wraps(view)
        def wrapper(request, workshop_id, **kwargs):
            if request.method != "POST":
                return problem(405, _("Use POST."))
            try:  # not .first(): its ORDER BY costs a contribution's hot path
                workshop = Workshop.objects.get(pk=workshop_id)
            except Workshop.DoesNotExist:
                workshop = None
            caller = caller_for(request, workshop) if workshop else Caller()
            if not caller.known:
                return problem(404, _("No such session, or it is not yours."))
            if staff_only and caller.staff is None:
                return problem(403, _("Only the moderator and co-moderator may do this."))
            if refusal := unknown_query(request):
                return refusal
            body, error = _json_body(request)
            if error:
                return error
            key, error = idempotency.key_of(request)
            if error:
                return error

            def run():
                try:
                    return view(request, workshop, caller, body, **kwargs)
                except ValidationError as refusal:
                    return from_validation_error(refusal)
                except PermissionDenied:
                    return problem(403, _("You may not do this."))
                except TooFast as refusal:
                    response = problem(429, str(refusal), code="too_fast")
                    response["Retry-After"] = str(refusal.retry_after)
                    return response

            if key is None:
                return run()
            return idempotency.once(request, workshop, caller, key, run)

        return wrapper

    return decorator


def created(workshop, item, seq: int | None = None) -> JsonResponse:
    """201 with the item and a sequence number the caller's state includes: ``seq``, the
    action's own event, where the view knows it (the action's locked workshop holds it),
    else the workshop's latest."""
    if seq is None:
        workshop.refresh_from_db(fields=["last_seq"])
        seq = workshop.last_seq
    return JsonResponse({"seq": seq, "item": item}, status=201)


@require_safe
def openapi(request):
    if refusal := unknown_query(request):
        return refusal
    return JsonResponse(openapi_document(), json_dumps_params={"ensure_ascii": False})


@csrf_exempt
def join(request):
    if request.method != "POST":
        return problem(405, _("Use POST."))
    if refusal := unknown_query(request):
        return refusal
    body, error = _json_body(request)
    if error:
        return error
    try:
        participant, token = joining.join(
            joining.address_of(request),
            body["code"],
            display_name=body.get("display_name", ""),
            stakeholder_group=body["stakeholder_group"],
            consent_publication=body["consent_publication"],
        )
    except ValidationError as refusal:
        return from_validation_error(refusal)
    except joining.TooManyAttempts as refusal:
        response = problem(429, str(refusal), code="too_many_attempts")
        response["Retry-After"] = str(refusal.retry_after)
        return response
    response = JsonResponse(
        {"participant": participant.pk, "workshop": participant.workshop_id, "token": token},
        status=201,
    )
    response.set_cookie(
        PARTICIPANT_COOKIE.format(participant.workshop_id),
        token,
        max_age=60 * 60 * 24 * 7,
        httponly=True,
        samesite="Lax",
        secure=settings.SECURE_COOKIES,
    )
    return response


def _staff_workshop(request, workshop_id):
    """(workshop, None) for its moderator or co-moderator; (None, a problem) for others."""
    workshop = Workshop.objects.filter(pk=workshop_id).first()
    caller = caller_for(request, workshop) if workshop else Caller()
    if not caller.known:
        return None, problem(404, _("No such session, or it is not yours."))
    if caller.staff is None:
        return None, problem(403, _("Only the moderator and co-moderator may do this."))
    return workshop, None


@require_safe
def workshop_state(request, workshop_id):
    workshop = Workshop.objects.select_related("case__technology").filter(pk=workshop_id).first()
    caller = caller_for(request, workshop) if workshop else Caller()
    if not caller.known:
        return problem(404, _("No such session, or it is not yours."))
    if refusal := unknown_query(request):
        return refusal
    data = queries.state(workshop, staff=caller.staff is not None, participant=caller.participant)
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


@require_safe
def presence(request, workshop_id):
    """Staff: participants per stakeholder group, joined and connected right now."""
    workshop, refusal = _staff_workshop(request, workshop_id)
    if refusal := refusal or unknown_query(request):
        return refusal
    groups = list(Participant.Group.values)
    return JsonResponse(
        {
            "connected": get_presence().counts(workshop.pk, groups),
            "joined": {group: 0 for group in groups} | queries.joined_groups(workshop),
        }
    )


@api_view()
def questions(request, workshop, caller, body):
    question = actions.add_question(caller.actor, workshop, **body)
    return created(workshop, payloads.question(question, staff=caller.staff is not None))


@api_view()
def actors(request, workshop, caller, body):
    actor = actions.add_actor(caller.actor, workshop, **body)
    return created(workshop, payloads.actor(actor, staff=caller.staff is not None))


@api_view()
def effects(request, workshop, caller, body):
    effect = actions.add_effect(caller.actor, workshop, **body)
    # A new effect has no values yet; its workshop is the action's, with its event's seq.
    item = payloads.effect(effect, staff=caller.staff is not None, values=[])
    return created(workshop, item, seq=effect.workshop.last_seq)


@api_view()
def votes(request, workshop, caller, body):
    if caller.participant is None:
        return problem(403, _("Only participants vote."))
    dots = actions.cast_votes(caller.participant, workshop, body["votes"])
    return created(workshop, {"votes": {str(k): v for k, v in dots.items()}})


@api_view()
def options(request, workshop, caller, body):
    option = actions.add_option(caller.actor, workshop, **body)
    item = payloads.option(option, staff=caller.staff is not None)
    return created(workshop, item, seq=option.workshop.last_seq)


@api_view()
def evaluations(request, workshop, caller, body):
    if caller.participant is None:
        return problem(403, _("Only participants fill in the evaluation."))
    actions.submit_evaluation(caller.participant, workshop, **body)
    return created(workshop, {"evaluated": True})


@api_view(staff_only=True)
def phase(request, workshop, caller, body):
    if "step" in body and "phase" in body:
        raise ValidationError({"step": _("Give a phase or a step, not both.")})
    if "step" in body:
        workshop = actions.step_phase(caller.staff, workshop, body["step"])
    elif "phase" in body:
        workshop = actions.set_phase(caller.staff, workshop, body["phase"])
    else:
        raise ValidationError({"phase": _("Give a phase, or a step of 1 or -1.")})
    return created(workshop, payloads.status(workshop))


@api_view(staff_only=True)
def timer(request, workshop, caller, body):
    workshop = actions.set_timer(caller.staff, workshop, **body)
    return created(workshop, payloads.status(workshop))


@api_view(staff_only=True)
def values(request, workshop, caller, body):
    if "id" in body:
        value = comoderator_actions.rename_value(
            caller.staff, workshop, body["id"], name=body.get("name")
        )
    else:
        value = comoderator_actions.add_value(
            caller.staff, workshop, catalogue_key=body.get("catalogue_key"), name=body.get("name")
        )
    return created(workshop, payloads.value(value))


@api_view(staff_only=True)
def effect_values(request, workshop, caller, body, effect_id):
    linked = body.get("linked", True)
    effect = comoderator_actions.link_effect_to_value(
        caller.staff, workshop, effect=effect_id, value=body["value"], linked=linked
    )
    effect = Effect.objects.prefetch_related("links").get(pk=effect.pk)
    return created(workshop, payloads.effect(effect, staff=True))


@api_view(staff_only=True)
def merges(request, workshop, caller, body):
    merge = {
        "effect": comoderator_actions.merge_effects,
        "value": comoderator_actions.merge_values,
        "actor": comoderator_actions.merge_actors,
    }[body["type"]]
    merged = merge(caller.staff, workshop, source=body["source"], target=body["target"])
    if body["type"] == "actor":
        return created(workshop, payloads.actor(merged, staff=True))
    if body["type"] == "effect":
        merged = Effect.objects.prefetch_related("links").get(pk=merged.pk)
        return created(workshop, payloads.effect(merged, staff=True))
    return created(workshop, payloads.value(merged))


@api_view(staff_only=True)
def moderation(request, workshop, caller, body):
    action = body["action"]
    # What each action takes besides its name (the document lists them all, for any action);
    # anything else is refused, not ignored.
    takes = {"hide": ("type", "id"), "show": ("type", "id"), "spotlight": ("item",)}
    if extra := sorted(set(body) - {"action", *takes.get(action, ())}):
        raise ValidationError({name: _("Unknown field.") for name in extra})
    fields = body
    staff = caller.staff
    if action in ("hide", "show"):
        actions.set_hidden(
            staff,
            workshop,
            kind=fields.get("type"),
            item_id=fields.get("id"),
            hidden=action == "hide",
        )
    elif action in ("lock", "unlock"):
        actions.set_input_lock(staff, workshop, action == "lock")
    elif action == "reveal":
        actions.reveal_effects(staff, workshop)
    elif action == "spotlight":
        actions.set_spotlight(staff, workshop, fields.get("item", ""))
    elif action in ("show_previous", "hide_previous"):
        actions.show_previous(staff, workshop, action == "show_previous")
    elif action == "close_vote":
        actions.close_vote(staff, workshop)
    else:  # "close": the document's enum holds no other
        actions.close_workshop(staff, workshop)
    workshop.refresh_from_db()
    return created(workshop, payloads.status(workshop))


# --- the case library (open data) -----------------------------------------------------------

CASES_PAGE_SIZE = 50


@require_safe
def cases(request):
    """Published cases, and for a member (session or API token) also those they may see."""

    user = token_or_session_user(request)
    if user is INVALID_TOKEN:
        return problem(401, _("The API token is not valid."))
    if refusal := unknown_query(request):
        return refusal
    form = LibraryForm(request.GET, years=library.years())
    if not form.is_valid():
        return problem(
            400,
            _("The filters are not valid."),
            [
                {"name": field, "reason": str(message)}
                for field, errors in form.errors.items()
                for message in errors
            ],
        )
    try:
        number = int(request.GET.get("pagina", "1"))
    except ValueError:
        number = 0
    page = library.results(user, form.filters(), number, CASES_PAGE_SIZE)
    if number != page.number:
        return problem(400, _("There is no such page."))
    return JsonResponse(
        {
            "count": page.count,
            "more": page.capped,
            "page": page.number,
            "pages": page.pages,
            "results": [_case_item(request, entry) for entry in page.entries],
        },
        json_dumps_params={"ensure_ascii": False},
    )


def _case_item(request, entry) -> dict:

    return {
        "id": entry.case_id,
        "title": entry.title,
        "organisation": entry.organisation_name,
        "organisation_kind": entry.organisation_kind,
        "technology": entry.technology,
        "technology_kind": entry.technology_kind,
        "domain": entry.domain,
        "phase": entry.phase,
        "year": entry.year,
        "date": entry.date.isoformat(),
        "published": entry.public or entry.publication_status == "published",
        "values": [
            {"key": v.key or None, "name": v.label, "at_stake": v.effects > 0, "chosen": v.chosen}
            for v in entry.value_list
        ],
        "summary": entry.summary,
        "url": request.build_absolute_uri(reverse("library:case", args=[entry.case_id])),
    }


# --- value suggestions ----------------------------------------------------------------------

MAX_SUGGESTION_EFFECTS = 200
# Longer numbers are no id of ours, and do not fit the database's 64-bit integers.
MAX_ID_DIGITS = 18


@csrf_exempt
def value_suggestions(request):
    """The values most likely behind a text: for anyone, from the platform's model; for a
    member of exactly one organisation, from that organisation's model."""

    if request.method != "POST":
        return problem(405, _("Use POST."))
    user = token_or_session_user(request)
    if user is INVALID_TOKEN:
        return problem(401, _("The API token is not valid."))
    if refusal := unknown_query(request):
        return refusal
    body, error = _json_body(request)
    if error:
        return error
    fields = body
    text = fields["text"]
    if is_blank(text):  # nothing visible (lib/text.py)
        return problem(
            400,
            _("Give the effect's text."),
            [{"name": "text", "reason": _("Give the effect's text.")}],
        )
    organisation = None
    if getattr(user, "is_authenticated", False):
        mine = list(Membership.objects.filter(user=user).values_list("organisation_id")[:2])
        organisation = mine[0][0] if len(mine) == 1 else None
    values = learning.suggest(
        text,
        polarity=fields.get("polarity"),
        lang=fields.get("lang"),
        organisation_id=organisation,
    )
    return JsonResponse({"values": values}, json_dumps_params={"ensure_ascii": False})


@require_safe
def workshop_suggestions(request, workshop_id):
    """Staff: suggested values and possible duplicates for effects (``?effects=1,2,3``)."""

    workshop, refusal = _staff_workshop(request, workshop_id)
    if refusal := refusal or unknown_query(request):
        return refusal
    given = request.GET.get("effects", "")
    raw = given.split(",") if given else []
    if (
        not raw
        or len(raw) > MAX_SUGGESTION_EFFECTS
        or not all(p.isascii() and p.isdigit() and len(p) <= MAX_ID_DIGITS for p in raw)
    ):
        return problem(
            400,
            _("Give the effects as numbers separated by commas, at most %(n)d.")
            % {"n": MAX_SUGGESTION_EFFECTS},
            [{"name": "effects", "reason": _("Use for example ?effects=12,13.")}],
        )
    found = learning.for_effects(workshop, [int(p) for p in raw])
    return JsonResponse(
        {"effects": {str(pk): item for pk, item in found.items()}},
        json_dumps_params={"ensure_ascii": False},
    )


@api_view(staff_only=True)
def suggestion_rejections(request, workshop, caller, body):

    keys = reject_suggestions(caller.staff, workshop, **body)
    done = "restored" if body.get("undo") else "rejected"
    return created(workshop, {"effect": body["effect"], done: keys})
