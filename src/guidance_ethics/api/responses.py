"""What /api/v1 answers, declared as pydantic models for the API document (api/openapi.py).

The views build these answers as plain dicts, which costs the hot path nothing; the fuzz
test (tests/api/test_fuzz.py) checks every answer against the schemas generated from here.
Objects are open unless declared closed: a new field in an answer breaks no client.
"""

import datetime

from pydantic import BaseModel, ConfigDict, Field

from guidance_ethics.accounts.models import Organisation
from guidance_ethics.api.bodies import Id, one_of
from guidance_ethics.cases.models import Case, Technology


class Answer(BaseModel):
    """A JSON object in an answer."""


class Closed(Answer):
    """An answer's object that holds these fields and no others."""

    model_config = ConfigDict(extra="forbid")


class InvalidParam(Answer):
    name: str
    reason: str


class Problem(Answer):
    """application/problem+json (RFC 9457), as the NLGov API Design Rules ask."""

    model_config = ConfigDict(populate_by_name=True)

    type: str
    title: str
    status: int
    detail: str = None
    code: str = None
    invalid_params: list[InvalidParam] = Field(None, alias="invalid-params")


class Created(Answer):
    """Done; the change is committed and published."""

    seq: Id = None
    item: dict = None


class Joined(Answer):
    participant: Id = None
    workshop: Id = None
    token: str = None


class State(Answer):
    """The full current state as the caller may see it, with its seq."""

    model_config = ConfigDict(extra="allow")

    id: int
    seq: int


class Presence(Answer):
    connected: dict = None
    joined: dict = None


class Suggestion(Answer):
    key: str = Field(description="The value's catalogue key.")
    name_nl: str
    name_en: str
    score: float
    reason: str = Field(description="The words that point to the value.")


class Duplicate(Answer):
    id: Id
    text: str
    similarity: float = Field(ge=0, le=1)


class EffectSuggestions(Closed):
    values: list[Suggestion]
    duplicates: list[Duplicate]


class Suggestions(Closed):
    effects: dict[str, EffectSuggestions]


class ValueSuggestions(Closed):
    values: list[Suggestion]


class CaseValue(Answer):
    key: str | None = None
    name: str = None
    at_stake: bool = None
    chosen: bool = None


class CaseItem(Answer):
    id: Id
    title: str
    organisation: str
    organisation_kind: one_of(Organisation.Kind) = None
    technology: str
    technology_kind: one_of(Technology.Kind) = None
    domain: one_of(Case.Domain) = None
    phase: one_of(Case.Phase) = None
    year: int
    date: datetime.date = None
    published: bool
    values: list[CaseValue] = None
    summary: str = None
    url: str = Field(json_schema_extra={"format": "uri"})


class CasesPage(Answer):
    count: int
    more: bool = Field(
        description="More than count cases match; the count and the pages stop at 1,000."
    )
    page: int
    pages: int
    results: list[CaseItem]
