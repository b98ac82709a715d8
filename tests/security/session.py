"""A session held through the API with the hostile corpus as every kind of text: display
names, actors, effects, value names, options, evaluation remarks, and the case's texts."""

import json
from dataclasses import dataclass, field

from django.test import Client
from django.urls import reverse

from guidance_ethics.cases.actions import update_case
from guidance_ethics.lib.text import LINE_BREAKS, clean, has_surrogates
from guidance_ethics.workshops import actions, comoderator_actions
from guidance_ethics.workshops.models import Participant, Phase
from tests.security.hostile import CORPUS

LIMITS = {"display_name": 60, "actor": 120, "value": 80, "effect": 2000, "option": 2000}


@dataclass
class Held:
    workshop: object
    staff: Client
    participant_token: str
    # (kind, text as sent) -> stored text, or None when refused
    outcome: dict = field(default_factory=dict)

    def stored(self, kind: str | None = None) -> list[str]:
        return [
            text
            for (k, _sent), text in self.outcome.items()
            if text and (kind is None or k == kind)
        ]


SINGLE_LINE = {"display_name", "actor", "value"}


def expected(kind: str, text: str) -> str | None:
    """What the platform should store for ``text``: None where it must refuse (a name
    with a line break, as a name is a single line; text with nothing visible, except as
    the optional display name, which it leaves empty)."""
    if has_surrogates(text) or len(text) > LIMITS[kind]:
        return None
    if kind in SINGLE_LINE and any(char in LINE_BREAKS for char in text):
        return None
    return clean(text) if kind == "display_name" else clean(text) or None


def _post(client, name, workshop, body, token=""):
    extra = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    url = reverse(f"api:{name}", args=[workshop.pk]) if name != "join" else reverse("api:join")
    return client.post(url, json.dumps(body), content_type="application/json", **extra)


def _record(held, kind, text, response, stored):
    want = expected(kind, text)
    if want is None:
        assert response.status_code == 400, (kind, text[:80], response.status_code)
        assert response["Content-Type"] == "application/problem+json"
        held.outcome[(kind, text)] = None
    else:
        assert response.status_code == 201, (kind, text[:80], response.content[:300])
        got = stored(response)
        # A value whose name makes the same key as one on the board is that value.
        earlier = kind == "value" and got in held.stored("value")
        assert got == want or earlier, (kind, text[:80])
        held.outcome[(kind, text)] = got


def hold(case, coordinator, moderator, co_moderator) -> Held:
    from django.utils import timezone

    update_case(
        coordinator,
        case,
        title="<script>alert('titel')</script> =HYPERLINK(\"https://evil.test\") \u202e",
        context="\n".join(CORPUS[:60]),
        decisions="{{ settings.SECRET_KEY }} <img src=https://evil.test/x.png>",
        question="\n".join(CORPUS[60:95]),
    )
    workshop = actions.plan_workshop(
        coordinator,
        case,
        starts_at=timezone.now(),
        format="physical",
        moderator=moderator,
        co_moderator=co_moderator,
        allow_display_names=True,
        values_forward=3,
    )
    staff = Client()
    staff.force_login(moderator)
    anyone = Client()
    held = Held(workshop, staff, "")
    tokens = []
    for text in CORPUS:
        body = {
            "code": workshop.join_code,
            "display_name": text,
            "stakeholder_group": "citizen",
            "consent_publication": True,
        }
        response = _post(anyone, "join", workshop, body)
        _record(
            held,
            "display_name",
            text,
            response,
            lambda r: Participant.objects.get(pk=r.json()["participant"]).display_name,
        )
        if response.status_code == 201:
            tokens.append(response.json()["token"])
    held.participant_token = tokens[0]

    def item_text(key):
        return lambda response: response.json()["item"][key]

    actions.set_phase(moderator, workshop, Phase.ACTORS)
    for i, text in enumerate(CORPUS):
        response = _post(anyone, "actors", workshop, {"name": text}, tokens[i % len(tokens)])
        _record(held, "actor", text, response, item_text("name"))
    actions.set_phase(moderator, workshop, Phase.EFFECTS)
    effect_ids = []
    for i, text in enumerate(CORPUS):
        body = {"text": text, "polarity": "negative" if i % 2 else "positive"}
        response = _post(anyone, "effects", workshop, body, tokens[i % len(tokens)])
        _record(held, "effect", text, response, item_text("text"))
        if response.status_code == 201:
            effect_ids.append(response.json()["item"]["id"])
    actions.set_phase(moderator, workshop, Phase.VALUES)
    value_ids = []
    for text in CORPUS:
        response = _post(staff, "values", workshop, {"name": text})
        _record(held, "value", text, response, item_text("name"))
        if response.status_code == 201:
            value_ids.append(response.json()["item"]["id"])
    for i, effect in enumerate(effect_ids):
        comoderator_actions.link_effect_to_value(
            co_moderator, workshop, effect=effect, value=value_ids[i % len(value_ids)]
        )
    actions.set_phase(moderator, workshop, Phase.TRANSITION)
    for i, token in enumerate(tokens[:30]):
        votes = {str(value_ids[i % 3]): 1}
        assert _post(anyone, "votes", workshop, {"votes": votes}, token).status_code == 201
    actions.close_vote(moderator, workshop)
    actions.set_phase(moderator, workshop, Phase.OPTIONS)
    chosen = [v.pk for v in workshop.values.filter(chosen=True)]
    directions = ["technology", "environment", "human"]
    for i, text in enumerate(CORPUS):
        body = {"value": chosen[i % len(chosen)], "direction": directions[i % 3], "text": text}
        response = _post(anyone, "options", workshop, body, tokens[i % len(tokens)])
        _record(held, "option", text, response, item_text("text"))
    actions.set_phase(moderator, workshop, Phase.CLOSING)
    for i, token in enumerate(tokens):
        text = CORPUS[i]
        body = {"changed_view": "yes", "message": text, "quote_consent": True}
        response = _post(anyone, "evaluations", workshop, body, token)
        assert response.status_code in (201, 400), response.content[:200]
    actions.close_workshop(moderator, workshop)
    workshop.refresh_from_db()
    return held
