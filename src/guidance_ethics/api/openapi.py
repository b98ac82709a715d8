"""The OpenAPI 3 description of /api/v1, served at /api/v1/openapi.json.

Written out here rather than generated; tests/api/test_openapi.py fails when an API URL is
missing from it or it names one that does not exist.
"""

from guidance_ethics.workshops.models import ActionOption, Effect, Evaluation, Participant, Phase

# What POST …/moderation takes (the view refuses anything else).
MODERATION = frozenset(
    {
        "hide",
        "show",
        "lock",
        "unlock",
        "reveal",
        "spotlight",
        "close_vote",
        "close",
        "show_previous",
        "hide_previous",
    }
)

PROBLEM = {"$ref": "#/components/responses/Problem"}
PROBLEM_CONTENT = {
    "application/problem+json": {
        "schema": {
            "type": "object",
            "required": ["type", "title", "status"],
            "properties": {
                "type": {"type": "string"},
                "title": {"type": "string"},
                "status": {"type": "integer"},
                "detail": {"type": "string"},
                "code": {"type": "string"},
                "invalid-params": {"type": "array"},
            },
        }
    }
}
# Ids are the database's 64-bit integers; a larger number is refused, never looked up.
MAX_ID = 2**63 - 1
ID = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
TEXT = {"type": "string", "minLength": 1, "maxLength": 2000}
# A name is one line: a line break (LF, CR, U+0085, U+2028, U+2029) is refused (lib/text.py).
ONE_LINE = "A single line: a line break is refused (400)."
SUGGESTION = {
    "type": "object",
    "required": ["key", "name_nl", "name_en", "score", "reason"],
    "properties": {
        "key": {"type": "string", "description": "The value's catalogue key."},
        "name_nl": {"type": "string"},
        "name_en": {"type": "string"},
        "score": {"type": "number"},
        "reason": {"type": "string", "description": "The words that point to the value."},
    },
}
DUPLICATE = {
    "type": "object",
    "required": ["id", "text", "similarity"],
    "properties": {
        "id": ID,
        "text": {"type": "string"},
        "similarity": {"type": "number", "minimum": 0, "maximum": 1},
    },
}


def _obj(required, properties):
    """An object of these properties and no others; OpenAPI allows no empty ``required``."""
    schema = {"type": "object", "properties": properties, "additionalProperties": False}
    if required:
        schema["required"] = required
    return schema


def _post(summary, body, *, staff=False, tags=("contributions",)):
    description = (
        "Staff only: the moderator or co-moderator."
        if staff
        else ("A participant of this session, or its staff (then marked as written by the scribe).")
    )
    return {
        "post": {
            "summary": summary,
            "description": description,
            "tags": list(tags),
            "security": [{"participantToken": []}, {"participantCookie": []}, {"staffSession": []}],
            "parameters": [
                {"$ref": "#/components/parameters/WorkshopId"},
                {"$ref": "#/components/parameters/IdempotencyKey"},
            ],
            "requestBody": {"required": True, "content": {"application/json": {"schema": body}}},
            "responses": {
                "201": {
                    "description": "Done; the change is committed and published.",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {"seq": ID, "item": {"type": "object"}},
                            }
                        }
                    },
                },
                "400": PROBLEM,
                "403": PROBLEM,
                "404": PROBLEM,
                "409": PROBLEM,
                "415": PROBLEM,
                "429": {
                    "description": "A participant adding faster than the platform allows "
                    "(CONTRIBUTION_BURST, CONTRIBUTION_RATE_PER_MINUTE); nothing was stored. "
                    "Retry after the seconds in Retry-After.",
                    "headers": {"Retry-After": {"schema": {"type": "integer", "minimum": 1}}},
                    "content": PROBLEM_CONTENT,
                },
                "422": {
                    "description": "The Idempotency-Key was used before for another request.",
                    "content": PROBLEM_CONTENT,
                },
            },
        }
    }


def _cases() -> dict:
    from guidance_ethics.accounts.models import Organisation
    from guidance_ethics.cases.models import Case, Technology

    def query(name, description, schema):
        return {
            "name": name,
            "in": "query",
            "required": False,
            "description": description,
            "schema": schema,
        }

    def enum(choices):
        return {"type": "string", "enum": list(choices.values)}

    def choice(values):
        """A filter: one of the values, or empty for all (as the library's form sends)."""
        return {"type": "string", "enum": ["", *values]}

    value = {
        "type": "object",
        "properties": {
            "key": {"type": "string", "nullable": True},
            "name": {"type": "string"},
            "at_stake": {"type": "boolean"},
            "chosen": {"type": "boolean"},
        },
    }
    item = {
        "type": "object",
        "required": ["id", "title", "organisation", "technology", "year", "published", "url"],
        "properties": {
            "id": ID,
            "title": {"type": "string"},
            "organisation": {"type": "string"},
            "organisation_kind": enum(Organisation.Kind),
            "technology": {"type": "string"},
            "technology_kind": enum(Technology.Kind),
            "domain": enum(Case.Domain),
            "phase": enum(Case.Phase),
            "year": {"type": "integer"},
            "date": {"type": "string", "format": "date"},
            "published": {"type": "boolean"},
            "values": {"type": "array", "items": value},
            "summary": {"type": "string"},
            "url": {"type": "string", "format": "uri"},
        },
    }
    return {
        "get": {
            "summary": "The case library: published cases, searched and filtered, paged",
            "description": "Open data: anonymous callers get the published cases. A member "
            "(staff session or personal API token) also gets their organisations' unpublished "
            "cases and those shared with them, with published false.",
            "tags": ["library"],
            "security": [{}, {"staffToken": []}, {"staffSession": []}],
            "parameters": [
                query(
                    "q",
                    'Full-text search, Dutch stemming; "phrase", -word, or.',
                    {"type": "string", "maxLength": 200},
                ),
                query("domein", "Domain.", choice(Case.Domain.values)),
                query("technologie", "Type of technology.", choice(Technology.Kind.values)),
                query("organisatie", "Kind of organisation.", choice(Organisation.Kind.values)),
                query("fase", "Phase of implementation.", choice(Case.Phase.values)),
                query("waarde", "Catalogue key of a value at stake or chosen.", {"type": "string"}),
                query("jaar", "Year of the (latest) session.", {"type": "integer"}),
                query("sorteer", "Order.", choice(["relevance", "date"])),
                query(
                    "pagina",
                    "Page, from 1; 50 cases a page.",
                    {"type": "integer", "minimum": 1, "maximum": MAX_ID},
                ),
            ],
            "responses": {
                "200": {
                    "description": "One page of cases, best match first (or newest first).",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["count", "more", "page", "pages", "results"],
                                "properties": {
                                    "count": {"type": "integer"},
                                    "more": {
                                        "type": "boolean",
                                        "description": "More than count cases match; the "
                                        "count and the pages stop at 1,000.",
                                    },
                                    "page": {"type": "integer"},
                                    "pages": {"type": "integer"},
                                    "results": {"type": "array", "items": item},
                                },
                            }
                        }
                    },
                },
                "400": PROBLEM,
                "401": PROBLEM,
            },
        }
    }


def openapi_document() -> dict:
    document = _document()
    for operations in document["paths"].values():
        for operation in operations.values():
            operation["responses"].setdefault("503", {"$ref": "#/components/responses/Unavailable"})
            # Too many wrong bearer tokens from the caller's address, or joining limits.
            operation["responses"].setdefault(
                "429",
                {
                    "description": "Too many failed attempts; try again later.",
                    "content": PROBLEM_CONTENT,
                },
            )
    return document


def _document() -> dict:
    base = "/api/v1/workshops/{workshop_id}"
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
            "/api/v1/cases": _cases(),
            "/api/v1/join": {
                "post": {
                    "summary": "Join a session with its code",
                    "tags": ["participants"],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": _obj(
                                    ["code", "stakeholder_group", "consent_publication"],
                                    {
                                        "code": {"type": "string"},
                                        "display_name": {
                                            "type": "string",
                                            "maxLength": 60,
                                            "description": ONE_LINE,
                                        },
                                        "stakeholder_group": {
                                            "type": "string",
                                            "enum": list(Participant.Group.values),
                                        },
                                        "consent_publication": {"type": "boolean"},
                                    },
                                )
                            }
                        },
                    },
                    "responses": {
                        "201": {
                            "description": "Joined. Sets the participant cookie; the token is "
                            "also returned for clients without cookies (Authorization: "
                            "Bearer).",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "properties": {
                                            "participant": ID,
                                            "workshop": ID,
                                            "token": {"type": "string"},
                                        },
                                    }
                                }
                            },
                        },
                        "400": PROBLEM,
                        "415": PROBLEM,
                        "429": {
                            "description": "Too many failed attempts from this address or "
                            "with this code; try again later.",
                            "content": PROBLEM_CONTENT,
                        },
                    },
                }
            },
            base: {
                "get": {
                    "summary": "The full current state as the caller may see it",
                    "tags": ["sessions"],
                    "parameters": [{"$ref": "#/components/parameters/WorkshopId"}],
                    "responses": {
                        "200": {
                            "description": "The state, with the current seq.",
                            "content": {
                                "application/json": {
                                    "schema": {"type": "object", "required": ["id", "seq"]}
                                }
                            },
                        },
                        "404": PROBLEM,
                    },
                }
            },
            f"{base}/events": {
                "get": {
                    "summary": "Server-Sent Events: the session as it changes",
                    "description": "Each event's id is its sequence number. A reconnecting client "
                    "sends Last-Event-ID (or ?since=) and receives exactly the events it missed, "
                    "in order, then live ones. A comment line every 15 s keeps the connection.",
                    "tags": ["sessions"],
                    "parameters": [
                        {"$ref": "#/components/parameters/WorkshopId"},
                        {
                            "name": "since",
                            "in": "query",
                            "schema": {"type": "integer", "minimum": 0, "maximum": MAX_ID},
                        },
                        {
                            "name": "audience",
                            "in": "query",
                            "description": "public: staff receive only what participants "
                            "see (the board on the projector does this).",
                            "schema": {"type": "string", "enum": ["public"]},
                        },
                        {
                            "name": "Last-Event-ID",
                            "in": "header",
                            "schema": {"type": "integer", "minimum": 0, "maximum": MAX_ID},
                        },
                    ],
                    "responses": {
                        "200": {"description": "The stream.", "content": {"text/event-stream": {}}},
                        "400": PROBLEM,
                        "404": PROBLEM,
                    },
                }
            },
            f"{base}/presence": {
                "get": {
                    "summary": "Participants per stakeholder group: joined, and connected now",
                    "description": "Staff only: the moderator or co-moderator.",
                    "tags": ["staff"],
                    "parameters": [{"$ref": "#/components/parameters/WorkshopId"}],
                    "responses": {
                        "200": {
                            "description": "Counts per group.",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "properties": {
                                            "connected": {"type": "object"},
                                            "joined": {"type": "object"},
                                        },
                                    }
                                }
                            },
                        },
                        "403": PROBLEM,
                        "404": PROBLEM,
                    },
                }
            },
            f"{base}/questions": _post(
                "Ask a question about the case", _obj(["text"], {"text": TEXT})
            ),
            f"{base}/actors": _post(
                "Name an actor",
                _obj(
                    ["name"],
                    {
                        "name": {
                            "type": "string",
                            "minLength": 1,
                            "maxLength": 120,
                            "description": ONE_LINE,
                        }
                    },
                ),
            ),
            f"{base}/effects": _post(
                "Add an effect",
                _obj(
                    ["text", "polarity"],
                    {
                        "text": TEXT,
                        "polarity": {"type": "string", "enum": list(Effect.Polarity.values)},
                        "actor": {**ID, "nullable": True},
                    },
                ),
            ),
            f"{base}/votes": _post(
                "Put your dots on values (replaces your earlier vote)",
                _obj(
                    ["votes"],
                    {
                        "votes": {
                            "type": "object",
                            "additionalProperties": {"type": "integer", "minimum": 0},
                        }
                    },
                ),
            ),
            f"{base}/options": _post(
                "Propose an option for action for a chosen value",
                _obj(
                    ["value", "direction", "text"],
                    {
                        "value": ID,
                        "text": TEXT,
                        "direction": {
                            "type": "string",
                            "enum": list(ActionOption.Direction.values),
                        },
                    },
                ),
            ),
            f"{base}/evaluations": _post(
                "Fill in the evaluation at the close",
                _obj(
                    ["changed_view"],
                    {
                        "changed_view": {"type": "string", "enum": list(Evaluation.Changed.values)},
                        "message": {"type": "string", "maxLength": 2000},
                        "quote_consent": {"type": "boolean"},
                    },
                ),
            ),
            f"{base}/phase": _post(
                "Go to a phase, or a step forward or back",
                _obj(
                    [],
                    {
                        "phase": {"type": "string", "enum": list(Phase.values)},
                        "step": {"type": "integer", "enum": [1, -1]},
                    },
                ),
                staff=True,
                tags=["staff"],
            ),
            f"{base}/timer": _post(
                "Set, start, pause or extend the timer",
                _obj(
                    ["action"],
                    {
                        "action": {"type": "string", "enum": ["set", "start", "pause", "add"]},
                        "seconds": {"type": "integer", "minimum": 0, "maximum": 14400},
                    },
                ),
                staff=True,
                tags=["staff"],
            ),
            f"{base}/values": _post(
                "Put a value on the board, or rename one",
                _obj(
                    [],
                    {
                        "catalogue_key": {"type": "string"},
                        "name": {"type": "string", "maxLength": 80, "description": ONE_LINE},
                        "id": ID,
                    },
                ),
                staff=True,
                tags=["staff"],
            ),
            f"{base}/effects/{{effect_id}}/values": {
                "post": {
                    **_post(
                        "Link an effect to a value, or unlink it",
                        _obj(["value"], {"value": ID, "linked": {"type": "boolean"}}),
                        staff=True,
                        tags=["staff"],
                    )["post"],
                    "parameters": [
                        {"$ref": "#/components/parameters/WorkshopId"},
                        {"name": "effect_id", "in": "path", "required": True, "schema": ID},
                    ],
                }
            },
            f"{base}/merges": _post(
                "Merge two effects or two values",
                _obj(
                    ["type", "source", "target"],
                    {
                        "type": {"type": "string", "enum": ["effect", "value"]},
                        "source": ID,
                        "target": ID,
                    },
                ),
                staff=True,
                tags=["staff"],
            ),
            f"{base}/moderation": _post(
                "Moderate: hide, show, lock, reveal, spotlight, close, show the earlier session",
                _obj(
                    ["action"],
                    {
                        "action": {
                            "type": "string",
                            "enum": sorted(MODERATION),
                        },
                        "type": {
                            "type": "string",
                            "enum": ["question", "actor", "effect", "option"],
                        },
                        "id": ID,
                        "item": {"type": "string"},
                    },
                ),
                staff=True,
                tags=["staff"],
            ),
            f"{base}/suggestions": {
                "get": {
                    "summary": "Suggested values and possible duplicates for effects",
                    "description": "Staff only. For each effect: up to three values (without "
                    "those linked to it or rejected for it), each with the words that point to "
                    "it, and up to two effects on the board that may say the same.",
                    "tags": ["staff"],
                    "security": [{"staffSession": []}, {"staffToken": []}],
                    "parameters": [
                        {"$ref": "#/components/parameters/WorkshopId"},
                        {
                            "name": "effects",
                            "in": "query",
                            "required": True,
                            "description": "Effect ids separated by commas (at most 200).",
                            "schema": {"type": "string", "pattern": "^[0-9]+(,[0-9]+)*$"},
                        },
                    ],
                    "responses": {
                        "200": {
                            "description": "Suggestions per effect id.",
                            "content": {
                                "application/json": {
                                    "schema": _obj(
                                        ["effects"],
                                        {
                                            "effects": {
                                                "type": "object",
                                                "additionalProperties": _obj(
                                                    ["values", "duplicates"],
                                                    {
                                                        "values": {
                                                            "type": "array",
                                                            "items": SUGGESTION,
                                                        },
                                                        "duplicates": {
                                                            "type": "array",
                                                            "items": DUPLICATE,
                                                        },
                                                    },
                                                ),
                                            }
                                        },
                                    )
                                }
                            },
                        },
                        "400": PROBLEM,
                        "403": PROBLEM,
                        "404": PROBLEM,
                    },
                }
            },
            f"{base}/suggestions/rejections": _post(
                "Reject suggested values for an effect",
                _obj(
                    ["effect", "values"],
                    {
                        "effect": ID,
                        "values": {
                            "type": "array",
                            "minItems": 1,
                            "maxItems": 10,
                            "items": {"type": "string"},
                        },
                    },
                ),
                staff=True,
                tags=["staff"],
            ),
            "/api/v1/value-suggestions": {
                "post": {
                    "summary": "The values most likely behind an effect's text",
                    "description": "For anyone; computed on this server. Anonymous callers get "
                    "the platform's suggestions (the catalogue and published cases); a member "
                    "of exactly one organisation (session or API token) also gets what that "
                    "organisation's co-moderators linked and rejected.",
                    "tags": ["values"],
                    "security": [{}, {"staffSession": []}, {"staffToken": []}],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": _obj(
                                    ["text"],
                                    {
                                        "text": TEXT,
                                        "polarity": {
                                            "type": "string",
                                            "enum": ["positive", "negative"],
                                        },
                                        "lang": {"type": "string", "enum": ["nl", "en"]},
                                    },
                                )
                            }
                        },
                    },
                    "responses": {
                        "200": {
                            "description": "Up to three values, best first.",
                            "content": {
                                "application/json": {
                                    "schema": _obj(
                                        ["values"],
                                        {"values": {"type": "array", "items": SUGGESTION}},
                                    )
                                }
                            },
                        },
                        "400": PROBLEM,
                        "401": PROBLEM,
                        "405": PROBLEM,
                        "415": PROBLEM,
                    },
                }
            },
            "/api/v1/openapi.json": {
                "get": {
                    "summary": "This document",
                    "tags": ["meta"],
                    "responses": {"200": {"description": "OpenAPI 3"}},
                }
            },
        },
        "components": {
            "parameters": {
                "WorkshopId": {"name": "workshop_id", "in": "path", "required": True, "schema": ID},
                "IdempotencyKey": {
                    "name": "Idempotency-Key",
                    "in": "header",
                    "required": False,
                    "description": "A key of the client's choosing, unique per request: a "
                    "retry with the same key gets the first answer (with "
                    "Idempotent-Replayed: true) and creates nothing again.",
                    "schema": {
                        "type": "string",
                        "minLength": 1,
                        "maxLength": 255,
                        "pattern": "^[!-~]([ -~]*[!-~])?$",
                    },
                },
            },
            "responses": {
                "Problem": {
                    "description": "Refused; nothing was changed.",
                    "content": PROBLEM_CONTENT,
                },
                "Unavailable": {
                    "description": "The database is briefly unavailable; nothing was stored. "
                    "Retry after the seconds in Retry-After.",
                    "headers": {"Retry-After": {"schema": {"type": "integer", "minimum": 1}}},
                    "content": PROBLEM_CONTENT,
                },
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
        },
    }
