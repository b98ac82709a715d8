"""Requests checked against the API document itself (api/openapi.py).

The document is the one declaration of what each operation takes: its request body and its
query parameters. Views look their operation up by the route Django matched and never
repeat what it declares. Each body's validator is compiled once per process.

JSON Schema is read strictly (lib/schemas.py): ``true`` is no integer and no number, ``1.0``
is no integer, and only ``true`` and ``false`` are booleans.
"""

from functools import cache

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from jsonschema import Draft4Validator

from guidance_ethics.api.openapi import openapi_document
from guidance_ethics.api.problems import problem
from guidance_ethics.lib.schemas import strict

# OpenAPI 3.0's schemas are JSON Schema draft 4 (with ``nullable``, translated below).
StrictValidator = strict(Draft4Validator)


def openapi_path(route: str) -> str:
    """A Django route (``api/v1/workshops/<int:workshop_id>``) written the OpenAPI way."""
    for converter in ("int:", "str:", "slug:"):
        route = route.replace(f"<{converter}", "<")
    return "/" + route.replace("<", "{").replace(">", "}")


@cache
def _document() -> dict:
    return openapi_document()


def operation(request) -> dict:
    """The document's operation for the route and method of this request (HEAD is GET
    without the body)."""
    route = openapi_path(request.resolver_match.route)
    method = "get" if request.method == "HEAD" else request.method.lower()
    return _document()["paths"][route][method]


def _json_schema(schema: dict) -> dict:
    """OpenAPI 3.0's ``nullable`` as JSON Schema's type ``null``. Request bodies use no
    ``$ref``, so that each compiles on its own."""
    if "$ref" in schema:
        raise ValueError(f"request body schemas are written out in full: {schema['$ref']}")
    converted = {key: value for key, value in schema.items() if key != "nullable"}
    if "properties" in schema:
        converted["properties"] = {
            name: _json_schema(inner) for name, inner in schema["properties"].items()
        }
    for key in ("items", "additionalProperties"):
        if isinstance(schema.get(key), dict):
            converted[key] = _json_schema(schema[key])
    if schema.get("nullable"):
        converted["type"] = [schema["type"], "null"]
        if "enum" in schema:
            converted["enum"] = [*schema["enum"], None]
    return converted


@cache
def _validator(route: str, method: str) -> StrictValidator:
    body = _document()["paths"][route][method]["requestBody"]
    schema = _json_schema(body["content"]["application/json"]["schema"])
    StrictValidator.check_schema(schema)
    return StrictValidator(schema)


def body_validator(request) -> StrictValidator:
    return _validator(openapi_path(request.resolver_match.route), request.method.lower())


def check_body(request, body) -> None:
    """Refuse a body that does not match the operation's declared schema, naming each field."""
    errors: dict[str, list[str]] = {}
    for error in sorted(body_validator(request).iter_errors(body), key=lambda e: list(e.path)):
        for name, reason in _reasons(error):
            if reason not in errors.setdefault(name, []):
                errors[name].append(reason)
    if errors:
        raise ValidationError(errors)


def _reasons(error):
    """(field, reason) for one schema error: the top-level field it is about."""
    if not error.path:
        instance = error.instance if isinstance(error.instance, dict) else {}
        if error.validator == "required":
            for name in error.validator_value:
                if name not in instance:
                    yield name, _("This field is required.")
            return
        if error.validator == "additionalProperties":
            known = set(error.schema.get("properties", {}))
            for name in sorted(set(instance) - known):
                yield name, _("Unknown field.")
            return
        yield "__all__", _("The body does not match the API document.")
        return
    yield str(error.path[0]), _reason(error)


TYPE_REASONS = {
    "boolean": lambda: _("Use true or false."),
    "integer": lambda: _("Use a whole number."),
    "number": lambda: _("Use a number."),
    "string": lambda: _("Use text."),
    "object": lambda: _("Use a JSON object."),
    "array": lambda: _("Use a list."),
}


def _reason(error) -> str:
    kind, limit = error.validator, error.validator_value
    if kind == "type":
        types = [limit] if isinstance(limit, str) else limit
        return TYPE_REASONS[next(t for t in types if t != "null")]()
    if kind == "enum":
        choices = ", ".join("null" if c is None else str(c) for c in limit)
        return _("Use one of: %(choices)s.") % {"choices": choices}
    if kind == "minLength":
        return _("Give at least %(n)d characters.") % {"n": limit}
    if kind == "maxLength":
        return _("At most %(n)d characters.") % {"n": limit}
    if kind == "minimum":
        return _("At least %(n)s.") % {"n": limit}
    if kind == "maximum":
        return _("At most %(n)s.") % {"n": limit}
    if kind == "minItems":
        return _("Give at least %(n)d items.") % {"n": limit}
    if kind == "maxItems":
        return _("At most %(n)d items.") % {"n": limit}
    if kind == "pattern":
        return _("This value does not have the right form.")
    return _("This value is not valid.")


def query_names(request) -> frozenset[str]:
    """The query parameters the operation declares."""
    parameters = _document()["components"]["parameters"]
    names = set()
    for parameter in operation(request).get("parameters", ()):
        if "$ref" in parameter:
            parameter = parameters[parameter["$ref"].rsplit("/", 1)[1]]
        if parameter["in"] == "query":
            names.add(parameter["name"])
    return frozenset(names)


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
