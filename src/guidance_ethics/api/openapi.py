"""The OpenAPI 3 description of /api/v1, served at /api/v1/openapi.json.

Generated: request bodies and query parameters from their models in api/bodies.py (the very
models the views validate with), answers from api/responses.py, and the rest from the table
of paths below. tests/api/test_openapi.py fails when an API URL is missing from the table or
the table names one that does not exist, and when the document is not valid OpenAPI.
"""

import copy
from dataclasses import dataclass
from functools import cache

from pydantic import BaseModel, TypeAdapter
from pydantic.json_schema import models_json_schema

from guidance_ethics.api import bodies, responses

PROBLEM = {"$ref": "#/components/responses/Problem"}
PROBLEM_CONTENT = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
RETRY_AFTER = {"Retry-After": {"schema": {"type": "integer", "minimum": 1}}}
WORKSHOP = {"$ref": "#/components/parameters/WorkshopId"}
PARTICIPANT_OR_STAFF = [{"participantToken": []}, {"participantCookie": []}, {"staffSession": []}]


def _schema(schema) -> dict:
    """A pydantic JSON Schema (draft 2020-12) as OpenAPI 3.0 writes it: ``nullable`` for a
    type or ``null``, ``enum`` for ``const``, and without the titles pydantic makes up from
    the field names or the defaults of fields that are left out."""
    if isinstance(schema, list):
        return [_schema(inner) for inner in schema]
    if not isinstance(schema, dict):
        return schema
    converted = {}
    for key, value in schema.items():
        if key == "title" or (key == "default" and value is None):
            continue
        if key == "properties":
            converted[key] = {name: _schema(inner) for name, inner in value.items()}
        elif key == "const":
            converted["enum"] = [value]
        else:
            converted[key] = _schema(value)
    choices = converted.pop("anyOf", None)
    if choices is not None:
        kept = [choice for choice in choices if choice != {"type": "null"}]
        if len(kept) == 1 and len(choices) == 2:
            return {**kept[0], **converted, "nullable": True}
        converted["anyOf"] = kept
        if len(kept) < len(choices):
            converted["nullable"] = True
    return converted


def body_schema(model: type[BaseModel]) -> dict:
    """A request body's schema, written out in full: its fields are the fuzz test's and the
    schema test's to read."""
    schema = model.model_json_schema()
    if "$defs" in schema:
        raise ValueError(f"request bodies are flat objects: {model.__name__}")
    return _schema(schema)


def _type_schema(annotation) -> dict:
    return _schema(TypeAdapter(annotation).json_schema())


def _query(model: type[BaseModel] | None) -> list[dict]:
    """The query parameters a model declares."""
    if model is None:
        return []
    schema = body_schema(model)
    parameters = []
    for name, inner in schema["properties"].items():
        parameter = {"name": name, "in": "query", "required": name in schema.get("required", ())}
        if "description" in inner:
            parameter["description"] = inner.pop("description")
        parameters.append({**parameter, "schema": inner})
    return parameters


def answer(description: str, model: type[responses.Answer], **more) -> dict:
    """A JSON answer of the model's shape."""
    ref = {"$ref": f"#/components/schemas/{model.__name__}"}
    return {"description": description, **more, "content": {"application/json": {"schema": ref}}}


def refused(*statuses: int) -> dict:
    """Answers that are problem documents, with the general description."""
    return {str(status): PROBLEM for status in statuses}


def problem(description: str, **more) -> dict:
    return {"description": description, **more, "content": PROBLEM_CONTENT}


@dataclass(frozen=True, eq=False)
class Operation:
    """One operation of the API: what it takes (``body``, ``query``, other ``parameters``)
    and what it answers."""

    summary: str
    tags: tuple[str, ...]
    responses: dict
    description: str = ""
    body: type[bodies.Body] | None = None
    query: type[bodies.Query] | None = None
    parameters: tuple = ()
    security: list | None = None

    def document(self) -> dict:
        operation = {"summary": self.summary}
        if self.description:
            operation["description"] = self.description
        operation["tags"] = list(self.tags)
        if self.security is not None:
            operation["security"] = self.security
        if parameters := [*self.parameters, *_query(self.query)]:
            operation["parameters"] = parameters
        if self.body is not None:
            schema = body_schema(self.body)
            content = {"application/json": {"schema": schema}}
            operation["requestBody"] = {"required": True, "content": content}
        operation["responses"] = {
            # Too many wrong bearer tokens from the caller's address, or joining limits.
            **self.responses,
            "429": self.responses.get("429", problem("Too many failed attempts; try again later.")),
            "503": {"$ref": "#/components/responses/Unavailable"},
        }
        return operation


def _post(summary, body, *, staff=False, tags=("contributions",), parameters=(WORKSHOP,)):
    """A POST about one session: a participant's contribution, or a staff member's step."""
    description = (
        "Staff only: the moderator or co-moderator."
        if staff
        else "A participant of this session, or its staff (then marked as written by the scribe)."
    )
    return {
        "post": Operation(
            summary,
            tags=tuple(tags),
            description=description,
            security=PARTICIPANT_OR_STAFF,
            parameters=(*parameters, {"$ref": "#/components/parameters/IdempotencyKey"}),
            body=body,
            responses={
                "201": answer("Done; the change is committed and published.", responses.Created),
                **refused(400, 403, 404, 409, 415),
                "429": problem(
                    "A participant adding faster than the platform allows "
                    "(CONTRIBUTION_BURST, CONTRIBUTION_RATE_PER_MINUTE); nothing was stored. "
                    "Retry after the seconds in Retry-After.",
                    headers=RETRY_AFTER,
                ),
                "422": problem("The Idempotency-Key was used before for another request."),
            },
        )
    }


def _own(summary, body):
    """A participant's change of their own contribution (workshops/own_actions.py)."""
    parameters = (
        WORKSHOP,
        {"name": "kind", "in": "path", "required": True, "schema": _type_schema(bodies.OwnKind)},
        {"name": "item_id", "in": "path", "required": True, "schema": _type_schema(bodies.Id)},
        {"$ref": "#/components/parameters/IdempotencyKey"},
    )
    return {
        "post": Operation(
            summary,
            tags=("participants",),
            description="Only the participant who wrote the item, only while the phase that "
            "asks for it is current, input is not paused and the session is open.",
            security=[{"participantToken": []}, {"participantCookie": []}],
            parameters=parameters,
            body=body,
            responses={
                "200": answer("Done; the change is committed and published.", responses.Created),
                **refused(400, 403, 415),
                "404": problem("No such item of yours in this session."),
                "409": problem(
                    "Its phase is over, input is paused, the session is closed, or the "
                    "co-moderator merged the effect; nothing changed."
                ),
                "422": problem("The Idempotency-Key was used before for another request."),
            },
        )
    }


def _staff(summary, body, **more):
    return _post(summary, body, staff=True, tags=("staff",), **more)


BASE = "/api/v1/workshops/{workshop_id}"
PATHS: dict[str, dict[str, Operation]] = {
    "/api/v1/cases": {
        "get": Operation(
            "The case library: published cases, searched and filtered, paged",
            description="Open data: anonymous callers get the published cases. A member "
            "(staff session or personal API token) also gets their organisations' unpublished "
            "cases and those shared with them, with published false.",
            tags=("library",),
            security=[{}, {"staffToken": []}, {"staffSession": []}],
            query=bodies.CasesQuery,
            responses={
                "200": answer(
                    "One page of cases, best match first (or newest first).", responses.CasesPage
                ),
                **refused(400, 401),
            },
        )
    },
    "/api/v1/join": {
        "post": Operation(
            "Join a session with its code",
            tags=("participants",),
            body=bodies.JoinBody,
            responses={
                "201": answer(
                    "Joined. Sets the participant cookie; the token is also returned for "
                    "clients without cookies (Authorization: Bearer).",
                    responses.Joined,
                ),
                **refused(400, 415),
                "429": problem(
                    "Too many failed attempts from this address or with this code: over the "
                    "limit, one code is taken per JOIN_SLOW_SECONDS; a wrong one, or one sent "
                    "too early, is refused. Retry after the seconds in Retry-After.",
                    headers=RETRY_AFTER,
                ),
            },
        )
    },
    BASE: {
        "get": Operation(
            "The full current state as the caller may see it",
            tags=("sessions",),
            parameters=(WORKSHOP,),
            responses={
                "200": answer("The state, with the current seq.", responses.State),
                **refused(404),
            },
        )
    },
    f"{BASE}/events": {
        "get": Operation(
            "Server-Sent Events: the session as it changes",
            description="Each event's id is its sequence number. A reconnecting client sends "
            "Last-Event-ID (or ?since=) and receives exactly the events it missed, in order, "
            "then live ones. A comment line every 15 s keeps the connection.",
            tags=("sessions",),
            query=bodies.EventsQuery,
            parameters=(
                WORKSHOP,
                {"name": "Last-Event-ID", "in": "header", "schema": _type_schema(bodies.Seq)},
            ),
            responses={
                "200": {"description": "The stream.", "content": {"text/event-stream": {}}},
                **refused(400, 404),
            },
        )
    },
    f"{BASE}/presence": {
        "get": Operation(
            "Participants per stakeholder group: joined, and connected now",
            description="Staff only: the moderator or co-moderator.",
            tags=("staff",),
            parameters=(WORKSHOP,),
            responses={
                "200": answer("Counts per group.", responses.Presence),
                **refused(403, 404),
            },
        )
    },
    f"{BASE}/questions": _post("Ask a question about the case", bodies.QuestionBody),
    f"{BASE}/actors": _post("Name an actor", bodies.ActorBody),
    f"{BASE}/effects": _post("Add an effect", bodies.EffectBody),
    f"{BASE}/votes": _post("Put your dots on values (replaces your earlier vote)", bodies.VoteBody),
    f"{BASE}/options": _post("Propose an option for action for a chosen value", bodies.OptionBody),
    f"{BASE}/evaluations": _post("Fill in the evaluation at the close", bodies.EvaluationBody),
    f"{BASE}/phase": _staff("Go to a phase, or a step forward or back", bodies.PhaseBody),
    f"{BASE}/timer": _staff("Set, start, pause or extend the timer", bodies.TimerBody),
    f"{BASE}/values": _staff("Put a value on the board, or rename one", bodies.ValueBody),
    f"{BASE}/effects/{{effect_id}}/values": _staff(
        "Link an effect to a value, or unlink it",
        bodies.EffectValueBody,
        parameters=(
            WORKSHOP,
            {
                "name": "effect_id",
                "in": "path",
                "required": True,
                "schema": _type_schema(bodies.Id),
            },
        ),
    ),
    f"{BASE}/contributions/{{kind}}/{{item_id}}": _own(
        "Correct your own contribution", bodies.OwnEditBody
    ),
    f"{BASE}/contributions/{{kind}}/{{item_id}}/withdrawal": _own(
        "Withdraw your own contribution", bodies.WithdrawalBody
    ),
    f"{BASE}/merges": _staff("Merge two effects, two values or two actors", bodies.MergeBody),
    f"{BASE}/moderation": _staff(
        "Moderate: hide, show, lock, reveal, spotlight, close, show the earlier session",
        bodies.ModerationBody,
    ),
    f"{BASE}/suggestions": {
        "get": Operation(
            "Suggested values and possible duplicates for effects",
            description="Staff only. For each effect: up to three values (without those "
            "linked to it or rejected for it), each with the words that point to it, and up to "
            "two effects on the board that may say the same.",
            tags=("staff",),
            security=[{"staffSession": []}, {"staffToken": []}],
            parameters=(WORKSHOP,),
            query=bodies.SuggestionsQuery,
            responses={
                "200": answer("Suggestions per effect id.", responses.Suggestions),
                **refused(400, 403, 404),
            },
        )
    },
    f"{BASE}/suggestions/rejections": _staff(
        "Reject suggested values for an effect, or take a rejection back",
        bodies.RejectionBody,
    ),
    "/api/v1/value-suggestions": {
        "post": Operation(
            "The values most likely behind an effect's text",
            description="For anyone; computed on this server. Anonymous callers get the "
            "platform's suggestions (the catalogue and published cases); a member of exactly "
            "one organisation (session or API token) also gets what that organisation's "
            "co-moderators linked and rejected.",
            tags=("values",),
            security=[{}, {"staffSession": []}, {"staffToken": []}],
            body=bodies.ValueSuggestionBody,
            responses={
                "200": answer("Up to three values, best first.", responses.ValueSuggestions),
                **refused(400, 401, 405, 415),
            },
        )
    },
    "/api/v1/openapi.json": {
        "get": Operation(
            "This document", tags=("meta",), responses={"200": {"description": "OpenAPI 3"}}
        )
    },
}

# The answers' schemas, and the schemas they refer to, under #/components/schemas.
ANSWERS = (
    responses.Problem,
    responses.Created,
    responses.Joined,
    responses.State,
    responses.Presence,
    responses.Suggestions,
    responses.ValueSuggestions,
    responses.CasesPage,
)


def _components() -> dict:
    _refs, schemas = models_json_schema(
        [(model, "serialization") for model in ANSWERS],
        ref_template="#/components/schemas/{model}",
    )
    return {
        "schemas": {name: _schema(schema) for name, schema in schemas["$defs"].items()},
        "parameters": {
            "WorkshopId": {
                "name": "workshop_id",
                "in": "path",
                "required": True,
                "schema": _type_schema(bodies.Id),
            },
            "IdempotencyKey": {
                "name": "Idempotency-Key",
                "in": "header",
                "required": False,
                "description": "A key of the client's choosing, unique per request: a retry "
                "with the same key gets the first answer (with Idempotent-Replayed: true) and "
                "creates nothing again.",
                "schema": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 255,
                    "pattern": "^[!-~]([ -~]*[!-~])?$",
                },
            },
        },
        "responses": {
            "Problem": problem("Refused; nothing was changed."),
            "Unavailable": problem(
                "The database is briefly unavailable; nothing was stored. Retry after the "
                "seconds in Retry-After.",
                headers=RETRY_AFTER,
            ),
        },
        "securitySchemes": {
            "participantToken": {"type": "http", "scheme": "bearer"},
            "staffToken": {
                "type": "http",
                "scheme": "bearer",
                "description": "A personal API token (ge_…) of a staff member.",
            },
            "participantCookie": {
                "type": "apiKey",
                "in": "cookie",
                "name": "ge_participant_{workshop_id}",
            },
            "staffSession": {"type": "apiKey", "in": "cookie", "name": "sessionid"},
        },
    }


@cache
def _document() -> dict:
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "guidance-ethics API",
            "version": "1.0.0",
            "description": "Live sessions of the Guidance Ethics Approach. Errors are "
            "application/problem+json. POST bodies must be application/json.",
            "license": {"name": "EUPL-1.2"},
        },
        "servers": [{"url": "/"}],
        "paths": {
            path: {method: operation.document() for method, operation in operations.items()}
            for path, operations in PATHS.items()
        },
        "components": _components(),
    }


def openapi_document() -> dict:
    """The document, generated once per process; each caller gets a copy of its own."""
    return copy.deepcopy(_document())
