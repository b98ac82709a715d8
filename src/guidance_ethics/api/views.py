"""The JSON API under /api/v1: what integrations, load tests and the live pages use.

Every endpoint validates its input, calls an action, and answers JSON; a refusal is
``application/problem+json`` and changes nothing. POST bodies must be JSON, which a
cross-site form cannot send: together with SameSite cookies this is the CSRF protection for
cookie-authenticated callers; bearer-token callers carry no cookies at all.
"""

import json
from functools import wraps

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from guidance_ethics.api import idempotency
from guidance_ethics.api.auth import (
    INVALID_TOKEN,
    PARTICIPANT_COOKIE,
    Caller,
    caller_for,
    token_or_session_user,
)
from guidance_ethics.api.openapi import MODERATION, openapi_document
from guidance_ethics.api.problems import from_validation_error, problem
from guidance_ethics.lib.text import has_surrogates
from guidance_ethics.live.presence import get_presence
from guidance_ethics.workshops import actions, joining, payloads, queries
from guidance_ethics.workshops.models import Effect, Participant, Workshop

MAX_BODY = 64 * 1024


def _json_body(request):
    if request.content_type != "application/json":
        return None, problem(415, _("Send the body as application/json."))
    if len(request.body) > MAX_BODY:
        return None, problem(400, _("The body is too large."))
    try:
        body = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return None, problem(400, _("The body is not valid JSON."))
    if not isinstance(body, dict):
        return None, problem(400, _("The body must be a JSON object."))
    if _has_lone_surrogates(body):
        return None, problem(400, _("The body contains characters that are not valid text."))
    return body, None


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


def _fields(body, *required, optional=()):
    """The body's fields; unknown ones and missing required ones are refused."""
    errors = {
        name: _("Unknown field.") for name in sorted(set(body) - set(required) - set(optional))
    }
    errors.update({name: _("This field is required.") for name in required if name not in body})
    if errors:
        raise ValidationError(errors)
    return {name: body[name] for name in (*required, *optional) if name in body}


def _unknown_query(request, *allowed):
    """A refusal of query parameters the operation does not know (a typo in a filter
    would otherwise silently return everything), or None."""
    unknown = sorted(set(request.GET) - set(allowed))
    if not unknown:
        return None
    return problem(
        400,
        _("Unknown query parameter: %(names)s.") % {"names": ", ".join(unknown)},
        [{"name": name, "reason": _("Unknown query parameter.")} for name in unknown],
    )


@require_safe
def openapi(request):
    return JsonResponse(openapi_document(), json_dumps_params={"ensure_ascii": False})


@csrf_exempt
def join(request):
    if request.method != "POST":
        return problem(405, _("Use POST."))
    body, error = _json_body(request)
    if error:
        return error
    try:
        fields = _fields(
            body, "code", "stakeholder_group", "consent_publication", optional=("display_name",)
        )
        participant, token = joining.join(
            joining.address_of(request),
            fields.get("code") or "",
            display_name=fields.get("display_name") or "",
            stakeholder_group=fields.get("stakeholder_group"),
            consent_publication=fields.get("consent_publication"),
        )
    except ValidationError as refusal:
        return from_validation_error(refusal)
    except joining.TooManyAttempts as refusal:
        return problem(429, str(refusal), code="too_many_attempts")
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
    if refusal := _unknown_query(request):
        return refusal
    data = queries.state(workshop, staff=caller.staff is not None, participant=caller.participant)
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


@require_safe
def presence(request, workshop_id):
    """Staff: participants per stakeholder group, joined and connected right now."""
    workshop, refusal = _staff_workshop(request, workshop_id)
    if refusal := refusal or _unknown_query(request):
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
    fields = _fields(body, "text")
    question = actions.add_question(caller.actor, workshop, **fields)
    return created(workshop, payloads.question(question, staff=caller.staff is not None))


@api_view()
def actors(request, workshop, caller, body):
    fields = _fields(body, "name")
    actor = actions.add_actor(caller.actor, workshop, **fields)
    return created(workshop, payloads.actor(actor, staff=caller.staff is not None))


@api_view()
def effects(request, workshop, caller, body):
    fields = _fields(body, "text", "polarity", optional=("actor",))
    effect = actions.add_effect(caller.actor, workshop, **fields)
    # A new effect has no values yet; its workshop is the action's, with its event's seq.
    item = payloads.effect(effect, staff=caller.staff is not None, values=[])
    return created(workshop, item, seq=effect.workshop.last_seq)


@api_view()
def votes(request, workshop, caller, body):
    fields = _fields(body, "votes")
    if caller.participant is None:
        return problem(403, _("Only participants vote."))
    dots = actions.cast_votes(caller.participant, workshop, fields["votes"])
    return created(workshop, {"votes": {str(k): v for k, v in dots.items()}})


@api_view()
def options(request, workshop, caller, body):
    fields = _fields(body, "value", "direction", "text")
    option = actions.add_option(caller.actor, workshop, **fields)
    item = payloads.option(option, staff=caller.staff is not None)
    return created(workshop, item, seq=option.workshop.last_seq)


@api_view()
def evaluations(request, workshop, caller, body):
    fields = _fields(body, "changed_view", optional=("message", "quote_consent"))
    if caller.participant is None:
        return problem(403, _("Only participants fill in the evaluation."))
    actions.submit_evaluation(caller.participant, workshop, **fields)
    return created(workshop, {"evaluated": True})


@api_view(staff_only=True)
def phase(request, workshop, caller, body):
    fields = _fields(body, optional=("phase", "step"))
    if "step" in fields and "phase" in fields:
        raise ValidationError({"step": _("Give a phase or a step, not both.")})
    if "step" in fields:
        if fields["step"] not in (1, -1):
            raise ValidationError({"step": _("Use 1 or -1.")})
        workshop = actions.step_phase(caller.staff, workshop, fields["step"])
    elif "phase" in fields:
        workshop = actions.set_phase(caller.staff, workshop, fields["phase"])
    else:
        raise ValidationError({"phase": _("Give a phase, or a step of 1 or -1.")})
    return created(workshop, payloads.status(workshop))


@api_view(staff_only=True)
def timer(request, workshop, caller, body):
    fields = _fields(body, "action", optional=("seconds",))
    workshop = actions.set_timer(caller.staff, workshop, **fields)
    return created(workshop, payloads.status(workshop))


@api_view(staff_only=True)
def values(request, workshop, caller, body):
    fields = _fields(body, optional=("catalogue_key", "name", "id"))
    if "id" in fields:
        value = actions.rename_value(caller.staff, workshop, fields["id"], name=fields.get("name"))
    else:
        value = actions.add_value(
            caller.staff,
            workshop,
            catalogue_key=fields.get("catalogue_key"),
            name=fields.get("name"),
        )
    return created(workshop, payloads.value(value))


@api_view(staff_only=True)
def effect_values(request, workshop, caller, body, effect_id):
    fields = _fields(body, "value", optional=("linked",))
    linked = fields.get("linked", True)
    if not isinstance(linked, bool):
        raise ValidationError({"linked": _("Use true or false.")})
    effect = actions.link_effect_to_value(
        caller.staff, workshop, effect=effect_id, value=fields["value"], linked=linked
    )
    effect = Effect.objects.prefetch_related("links").get(pk=effect.pk)
    return created(workshop, payloads.effect(effect, staff=True))


@api_view(staff_only=True)
def merges(request, workshop, caller, body):
    fields = _fields(body, "type", "source", "target")
    if fields["type"] == "effect":
        merged = actions.merge_effects(
            caller.staff, workshop, source=fields["source"], target=fields["target"]
        )
        merged = Effect.objects.prefetch_related("links").get(pk=merged.pk)
        return created(workshop, payloads.effect(merged, staff=True))
    if fields["type"] == "value":
        merged = actions.merge_values(
            caller.staff, workshop, source=fields["source"], target=fields["target"]
        )
        return created(workshop, payloads.value(merged))
    raise ValidationError({"type": _("Use effect or value.")})


@api_view(staff_only=True)
def moderation(request, workshop, caller, body):
    action = body.get("action")
    # What each action takes besides its name; anything else is refused, not ignored.
    takes = {"hide": ("type", "id"), "show": ("type", "id"), "spotlight": ("item",)}
    fields = _fields(
        body, "action", optional=takes.get(action, ()) if isinstance(action, str) else ()
    )
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
        item = fields.get("item") or ""
        if not isinstance(item, str):
            raise ValidationError({"item": _("Use type:id, or an empty string.")})
        actions.set_spotlight(staff, workshop, item)
    elif action in ("show_previous", "hide_previous"):
        actions.show_previous(staff, workshop, action == "show_previous")
    elif action == "close_vote":
        actions.close_vote(staff, workshop)
    elif action == "close":
        actions.close_workshop(staff, workshop)
    else:
        raise ValidationError(
            {"action": _("Use one of: %(actions)s.") % {"actions": ", ".join(sorted(MODERATION))}}
        )
    workshop.refresh_from_db()
    return created(workshop, payloads.status(workshop))


# --- the case library (open data) -----------------------------------------------------------

CASES_PAGE_SIZE = 50


@require_safe
def cases(request):
    """Published cases, and for a member (session or API token) also those they may see."""
    from guidance_ethics.library import queries as library
    from guidance_ethics.library.forms import LibraryForm

    user = token_or_session_user(request)
    if user is INVALID_TOKEN:
        return problem(401, _("The API token is not valid."))
    form = LibraryForm(request.GET, years=library.years())
    if refusal := _unknown_query(request, *form.fields, "pagina"):
        return refusal
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
    from django.urls import reverse

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
            {"key": v.key or None, "name": v.name, "at_stake": v.effects > 0, "chosen": v.chosen}
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
    from guidance_ethics.accounts.models import Membership
    from guidance_ethics.suggestions import learning
    from guidance_ethics.workshops.models import TEXT_LIMIT

    if request.method != "POST":
        return problem(405, _("Use POST."))
    user = token_or_session_user(request)
    if user is INVALID_TOKEN:
        return problem(401, _("The API token is not valid."))
    body, error = _json_body(request)
    if error:
        return error
    try:
        fields = _fields(body, "text", optional=("polarity", "lang"))
        errors = {}
        text = fields["text"]
        if not isinstance(text, str) or not text.strip():
            errors["text"] = _("Give the effect's text.")
        elif len(text) > TEXT_LIMIT:
            errors["text"] = _("At most %(n)d characters.") % {"n": TEXT_LIMIT}
        if "polarity" in fields and fields["polarity"] not in ("positive", "negative"):
            errors["polarity"] = _("Use positive or negative.")
        if "lang" in fields and fields["lang"] not in ("nl", "en"):
            errors["lang"] = _("Use nl or en.")
        if errors:
            raise ValidationError(errors)
    except ValidationError as refusal:
        return from_validation_error(refusal)
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
    from guidance_ethics.suggestions import learning

    workshop, refusal = _staff_workshop(request, workshop_id)
    if refusal := refusal or _unknown_query(request, "effects"):
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
    from guidance_ethics.suggestions.actions import reject_suggestions

    fields = _fields(body, "effect", "values")
    keys = reject_suggestions(caller.staff, workshop, **fields)
    return created(workshop, {"effect": fields["effect"], "rejected": keys})
