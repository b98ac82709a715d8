"""Reads of a workshop's state, as the caller may see it."""

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Prefetch, Sum
from django.utils.translation import get_language

from guidance_ethics.values.models import Value
from guidance_ethics.values.synonyms import synonyms
from guidance_ethics.workshops import outcome, payloads
from guidance_ethics.workshops.models import (
    ActionOption,
    Actor,
    Effect,
    EffectValue,
    Participant,
    Question,
    Vote,
    Workshop,
    WorkshopValue,
    could_be_join_code,
    hash_token,
    normalise_join_code,
)


def workshop_by_code(code: str) -> Workshop | None:
    code = normalise_join_code(code)
    if not could_be_join_code(code):
        return None
    return Workshop.objects.filter(join_code=code).first()


# The cookie that carries a participant's token, one per session (the join page sets it; the
# participant's page and the API read it).
PARTICIPANT_COOKIE = "ge_participant_{}"


def participant_by_token(workshop_id: int, token: str) -> Participant | None:
    if not token:
        return None
    try:  # the hash is unique; not .first(), whose ORDER BY costs every API call
        return Participant.objects.get(workshop_id=workshop_id, token_hash=hash_token(token))
    except Participant.DoesNotExist:
        return None


def visible(queryset, staff: bool):
    return queryset if staff else queryset.filter(hidden=False)


def vote_totals(workshop) -> dict[str, int]:
    """Dots per value id (as a string, the way JSON keys arrive at the pages)."""
    rows = list(
        Vote.objects.filter(value__workshop=workshop)
        .values("value_id")
        .annotate(total=Sum("dots"))
        .values_list("value_id", "total")
    )
    if not rows:  # no votes yet, or only counts left after the retention period
        rows = [(value_id, dots) for value_id, (dots, _n) in outcome.value_totals(workshop).items()]
    return {str(value_id): total for value_id, total in rows}


def state(workshop: Workshop, *, staff: bool, participant: Participant | None = None) -> dict:
    """The full current state as the caller may see it, with the sequence number it is at."""
    effects = visible(Effect.objects.filter(workshop=workshop), staff).prefetch_related(
        Prefetch("links", queryset=EffectValue.objects.only("effect_id", "value_id"))
    )
    if not staff:
        effects = effects.filter(revealed=True)
    data = {
        "id": workshop.pk,
        "seq": workshop.last_seq,
        "case": {
            "title": workshop.case.title,
            "lang": workshop.case.language,
            "question": workshop.case.question,
            "technology": workshop.case.technology.name,
        },
        "settings": {
            "format": workshop.format,
            "values_forward": workshop.values_forward,
            "votes_per_participant": workshop.votes_per_participant,
            "private_writing": workshop.private_writing,
            "dots_hidden": workshop.dots_hidden,
            "allow_display_names": workshop.allow_display_names,
        },
        "status": payloads.status(workshop),
        "questions": [
            payloads.question(q, staff)
            for q in visible(Question.objects.filter(workshop=workshop), staff)
        ],
        "actors": [
            payloads.actor(a, staff)
            for a in visible(Actor.objects.filter(workshop=workshop), staff)
        ],
        "effects": [payloads.effect(e, staff) for e in effects],
        "values": [
            payloads.value(v)
            for v in WorkshopValue.objects.filter(workshop=workshop).select_related("value")
        ],
        "votes": vote_totals(workshop) if staff or not dots_hidden(workshop) else {},
        "groups": joined_groups(workshop),
        "evaluations": outcome.evaluation_count(workshop),
        "options": [
            payloads.option(o, staff)
            for o in visible(ActionOption.objects.filter(workshop=workshop), staff)
        ],
    }
    if participant is not None:
        data["me"] = {
            "id": participant.pk,
            "votes": {
                str(value_id): dots
                for value_id, dots in participant.votes.values_list("value_id", "dots")
            },
            "evaluated": hasattr(participant, "evaluation"),
            "key": payloads.own_key(participant.pk),
            # Their own effects that private writing keeps off the board until revealed.
            "private": [
                payloads.effect(e) | {"revealed": False}
                for e in Effect.objects.filter(
                    workshop=workshop, participant=participant, revealed=False, hidden=False
                ).prefetch_related("links")
            ],
        }
    return data


def dots_hidden(workshop) -> bool:
    """Others' dots are off the phones and the board while the vote is open (a setting)."""
    return workshop.dots_hidden and not workshop.voting_closed


def joined_groups(workshop) -> dict[str, int]:
    """Participants per stakeholder group who joined (open connections are not counted)."""
    return outcome.groups(workshop)


def previous_outcome(workshop) -> dict | None:
    """For a follow-up session: the earlier session's values (with dots, chosen first) and
    options for action, each with the action it became (if the follow-up app made one)."""

    earlier = workshop.previous
    if earlier is None:
        return None
    values = outcome.with_dots(
        WorkshopValue.objects.filter(workshop=earlier, merged_into=None).select_related("value")
    )
    values = values.order_by("-chosen", "-dots", "name")
    options = []
    for option in ActionOption.objects.filter(workshop=earlier, hidden=False).order_by("pk"):
        try:
            action = option.action
        except (AttributeError, ObjectDoesNotExist):
            action = None
        options.append((option, action))
    return {"workshop": earlier, "values": list(values), "options": options}


def deletion_counts(workshops) -> dict:
    """What deleting these sessions takes with it, for the page that asks first."""
    return {
        "sessions": workshops.count(),
        "participants": sum(row.seats for row in outcome.seats(workshops)),
        "effects": Effect.objects.filter(workshop__in=workshops).count(),
    }


def own_values(workshop):
    """The organisation's own values, besides the platform's catalogue; none in the practice
    organisation, whose own values would be every trainee's (accounts/access.py)."""

    if workshop.organisation.is_practice:
        return Value.objects.none()
    return Value.objects.filter(organisation=workshop.organisation)


def value_names(workshop) -> list[tuple[str, str, str]]:
    """The names the workspace offers, as (text, key, the catalogue name it means): the
    catalogue's values and the organisation's own in the viewer's language, then the
    catalogue values' other words (values/synonyms.py), each offering its value."""
    language = "en" if (get_language() or "nl").startswith("en") else "nl"
    found = Value.objects.filter(organisation=None) | own_values(workshop)
    values = sorted(found, key=lambda v: v.name.casefold())
    names = [(v.name, v.key, "") for v in values]
    return names + [
        (word, v.key, v.name)
        for v in values
        if v.organisation_id is None
        for word in synonyms(v.key, language)
    ]
