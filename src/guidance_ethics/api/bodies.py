"""What each operation of /api/v1 takes: its request body and its query parameters, declared
once as pydantic models. The views validate with them (api/schemas.py) and the API document
is generated from them (api/openapi.py).

Bodies are strict: only ``true`` and ``false`` are booleans, ``1.0`` is no whole number, no
string stands in for a number, and a field not declared here is refused. A field left out
keeps the action's own default (the views pass on only what was given).
"""

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from guidance_ethics.accounts.models import Organisation
from guidance_ethics.cases.models import Case, Technology
from guidance_ethics.workshops.models import ActionOption, Effect, Evaluation, Participant, Phase

# Ids are the database's 64-bit integers; a larger number is refused, never looked up.
MAX_ID = 2**63 - 1
# A name is one line: a line break (LF, CR, U+0085, U+2028, U+2029) is refused (lib/text.py).
ONE_LINE = "A single line: a line break is refused (400)."

Id = Annotated[int, Field(ge=1, le=MAX_ID)]
# A position in a session's event log: 0 before the first event.
Seq = Annotated[int, Field(ge=0, le=MAX_ID)]
Text = Annotated[str, Field(min_length=1, max_length=2000)]
# The kinds of contribution a participant may correct or withdraw (workshops/own_actions.py).
OwnKind = Literal["question", "actor", "effect", "option"]


def one_of(values):
    """A string that is one of ``values`` (a Django ``TextChoices`` or a list)."""
    return Literal[tuple(getattr(values, "values", values))]


def whole_number_of(*choices):
    """A whole number that is one of ``choices``. (A ``Literal`` of numbers would let ``true``
    and ``1.0`` through, strict or not.)"""

    def check(number):
        if number not in choices:
            raise PydanticCustomError("literal_error", "Input should be one of the choices")
        return number

    return Annotated[
        int, AfterValidator(check), WithJsonSchema({"type": "integer", "enum": list(choices)})
    ]


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


class Body(BaseModel):
    """A request body: a JSON object of these fields and no others, types taken strictly."""

    model_config = ConfigDict(strict=True, extra="forbid")


class JoinBody(Body):
    code: str
    display_name: Annotated[str, Field(max_length=60, description=ONE_LINE)] = ""
    stakeholder_group: one_of(Participant.Group)
    consent_publication: bool


class QuestionBody(Body):
    text: Text


class ActorBody(Body):
    name: Annotated[str, Field(min_length=1, max_length=120, description=ONE_LINE)]


class EffectBody(Body):
    text: Text
    polarity: one_of(Effect.Polarity)
    actor: Id | None = None


class OwnEditBody(Body):
    """A participant's correction of their own item: the fields its kind has, all optional
    (a question and an option: text; an actor: name; an effect: text, polarity, actor; an
    option also direction)."""

    text: Text = None
    name: Annotated[str, Field(min_length=1, max_length=120, description=ONE_LINE)] = None
    polarity: one_of(Effect.Polarity) = None
    actor: Id | None = None
    direction: one_of(ActionOption.Direction) = None


class WithdrawalBody(Body):
    """Withdraw one's own item: an empty object."""


class VoteBody(Body):
    votes: dict[str, Annotated[int, Field(ge=0)]]


class OptionBody(Body):
    value: Id
    direction: one_of(ActionOption.Direction)
    text: Text


class EvaluationBody(Body):
    changed_view: one_of(Evaluation.Changed)
    message: Annotated[str, Field(max_length=2000)] = ""
    quote_consent: bool = False


class PhaseBody(Body):
    """A phase, or a step of 1 or -1: one of the two."""

    phase: one_of(Phase) = None
    step: whole_number_of(1, -1) = None


class TimerBody(Body):
    action: Literal["set", "start", "pause", "add"]
    seconds: Annotated[int, Field(ge=0, le=14400)] = None


class ValueBody(Body):
    """A new value (from the catalogue, or by name), or the id of one and its new name."""

    catalogue_key: str = None
    name: Annotated[str, Field(max_length=80, description=ONE_LINE)] = None
    id: Id = None


class EffectValueBody(Body):
    value: Id
    linked: bool = True


class MergeBody(Body):
    type: Literal["effect", "value", "actor"]
    source: Id
    target: Id


class ModerationBody(Body):
    """The fields of every action; a field the action does not take is refused."""

    action: one_of(sorted(MODERATION))
    type: Literal["question", "actor", "effect", "option"] = None
    id: Id = None
    item: str = None


class RejectionBody(Body):
    effect: Id
    values: Annotated[list[str], Field(min_length=1, max_length=10)]
    # True takes the rejection back: the values are suggested for the effect again.
    undo: bool = False


class ValueSuggestionBody(Body):
    text: Text
    polarity: Literal["positive", "negative"] = None
    lang: Literal["nl", "en"] = None


# --- query parameters -----------------------------------------------------------------------
# Their names are all the operation accepts (api/schemas.py: unknown_query); their values
# are read by the view (the library's form, the stream's position) as they always were.


def choice(values):
    """A filter: one of the values, or empty for all (as the library's form sends)."""
    return Literal[("", *getattr(values, "values", values))]


class Query(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CasesQuery(Query):
    q: str = Field(
        None, max_length=200, description='Full-text search, Dutch stemming; "phrase", -word, or.'
    )
    domein: choice(Case.Domain) = Field(None, description="Domain.")
    technologie: choice(Technology.Kind) = Field(None, description="Type of technology.")
    organisatie: choice(Organisation.Kind) = Field(None, description="Kind of organisation.")
    fase: choice(Case.Phase) = Field(None, description="Phase of implementation.")
    waarde: str = Field(None, description="Catalogue key of a value at stake or chosen.")
    jaar: int = Field(None, description="Year of the (latest) session.")
    sorteer: choice(["relevance", "date"]) = Field(None, description="Order.")
    pagina: int = Field(None, ge=1, le=MAX_ID, description="Page, from 1; 50 cases a page.")


class EventsQuery(Query):
    since: Seq = None
    audience: Literal["public"] = Field(
        None,
        description="public: staff receive only what participants see (the board on the "
        "projector does this).",
    )


class SuggestionsQuery(Query):
    effects: str = Field(
        pattern="^[0-9]+(,[0-9]+)*$",
        description="Effect ids separated by commas (at most 200).",
    )
