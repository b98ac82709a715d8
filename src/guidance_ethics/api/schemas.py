"""Requests checked against their declarations: each operation's body model and query model
(api/bodies.py), which the API document is generated from (api/openapi.py).

Views look their operation up by the route Django matched and never repeat what it declares.
The models build their validators once, when they are defined; a request costs a lookup and
the validation itself. A refusal names each field with a reason the client can read, in the
caller's language.
"""

from functools import cache

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from pydantic import BaseModel
from pydantic import ValidationError as Invalid

from guidance_ethics.api.openapi import PATHS, Operation, body_schema
from guidance_ethics.lib.problems import problem


@cache
def openapi_path(route: str) -> str:
    """A Django route (``api/v1/workshops/<int:workshop_id>``) written the OpenAPI way."""
    for converter in ("int:", "str:", "slug:"):
        route = route.replace(f"<{converter}", "<")
    return "/" + route.replace("<", "{").replace(">", "}")


def operation(request) -> Operation:
    """The declared operation for the route and method of this request (HEAD is GET
    without the body)."""
    route = openapi_path(request.resolver_match.route)
    method = "get" if request.method == "HEAD" else request.method.lower()
    return PATHS[route][method]


def check_body(request, body: dict) -> dict:
    """The fields the client gave, as the operation's body model reads them; a body that
    does not match is refused, naming each field."""
    model = operation(request).body
    try:
        return model.model_validate(body).model_dump(exclude_unset=True)
    except Invalid as invalid:
        raise ValidationError(_reasons(model, invalid.errors(include_url=False))) from None


# A field left out, and a field not declared, are about the body as a whole: named first.
_ABOUT_THE_BODY = {"extra_forbidden": 0, "missing": 1}


def _order(error) -> tuple:
    rank = _ABOUT_THE_BODY.get(error["type"], 2)
    return (rank, tuple(map(str, error["loc"])) if rank != 1 else ())


def _reasons(model: type[BaseModel], errors) -> dict[str, list[str]]:
    """Each top-level field's reasons, without repeats."""
    reasons: dict[str, list[str]] = {}
    for error in sorted(errors, key=_order):
        if error["loc"]:
            name, reason = str(error["loc"][0]), _reason(model, error)
        else:
            name, reason = "__all__", _("The body does not match the API document.")
        if reason not in reasons.setdefault(name, []):
            reasons[name].append(reason)
    return reasons


REASONS = {
    "missing": lambda limits: _("This field is required."),
    "extra_forbidden": lambda limits: _("Unknown field."),
    "bool_type": lambda limits: _("Use true or false."),
    "int_type": lambda limits: _("Use a whole number."),
    "float_type": lambda limits: _("Use a number."),
    "string_type": lambda limits: _("Use text."),
    "dict_type": lambda limits: _("Use a JSON object."),
    "list_type": lambda limits: _("Use a list."),
    "string_too_short": lambda limits: (
        ngettext(
            "Give at least %(n)d character.",
            "Give at least %(n)d characters.",
            limits["min_length"],
        )
        % {"n": limits["min_length"]}
    ),
    "string_too_long": lambda limits: (
        ngettext("At most %(n)d character.", "At most %(n)d characters.", limits["max_length"])
        % {"n": limits["max_length"]}
    ),
    "greater_than_equal": lambda limits: _("At least %(n)s.") % {"n": limits["ge"]},
    "less_than_equal": lambda limits: _("At most %(n)s.") % {"n": limits["le"]},
    "too_short": lambda limits: (
        ngettext("Give at least %(n)d item.", "Give at least %(n)d items.", limits["min_length"])
        % {"n": limits["min_length"]}
    ),
    "too_long": lambda limits: (
        ngettext("At most %(n)d item.", "At most %(n)d items.", limits["max_length"])
        % {"n": limits["max_length"]}
    ),
    "string_pattern_mismatch": lambda limits: _("This value does not have the right form."),
}


def _reason(model: type[BaseModel], error) -> str:
    if error["type"] == "literal_error" and (choices := _choices(model).get(error["loc"][0])):
        listed = ", ".join("null" if c is None else str(c) for c in choices)
        return _("Use one of: %(choices)s.") % {"choices": listed}
    if reason := REASONS.get(error["type"]):
        return reason(error.get("ctx", {}))
    return _("This value is not valid.")


@cache
def _choices(model: type[BaseModel]) -> dict[str, list]:
    """The values each field of a body may take, where it lists them, as the document does."""
    choices = {}
    for name, schema in body_schema(model)["properties"].items():
        if "enum" in schema:
            choices[name] = [*schema["enum"], None] if schema.get("nullable") else schema["enum"]
    return choices


@cache
def _query_names(declared: Operation) -> frozenset[str]:
    return frozenset(declared.query.model_fields) if declared.query else frozenset()


def query_names(request) -> frozenset[str]:
    """The query parameters the operation declares."""
    return _query_names(operation(request))


def unknown_query(request):
    """A refusal of query parameters the operation does not declare (a typo in a filter
    would otherwise silently return everything), or None."""
    unknown = sorted(set(request.GET) - query_names(request))
    if not unknown:
        return None
    return problem(
        400,
        _("Unknown query parameter: %(names)s.") % {"names": ", ".join(unknown)},
        [{"name": name, "reason": _("Unknown query parameter.")} for name in unknown],
    )
