"""JSON Schema read strictly: the JSON a client sent, not what Python makes of it.

Python's bool is an int, and JSON Schema from draft 6 on counts ``1.0`` as an integer; both
would let ``true`` or ``1.0`` through where a whole number is declared. Here only ``true``
and ``false`` are booleans, only whole numbers written without a fraction are integers, and
no boolean is a number. The exchange format's import (reports/exchange/) is checked this
way; the API's request bodies are pydantic models, as strict (api/bodies.py).
"""

from jsonschema import validators


def _is_integer(checker, instance) -> bool:
    return type(instance) is int


def _is_number(checker, instance) -> bool:
    return type(instance) in (int, float)


def _is_boolean(checker, instance) -> bool:
    return type(instance) is bool


def strict(validator_class):
    """``validator_class`` (a jsonschema draft) with strict integers, numbers and booleans."""
    return validators.extend(
        validator_class,
        type_checker=validator_class.TYPE_CHECKER.redefine_many(
            {"integer": _is_integer, "number": _is_number, "boolean": _is_boolean}
        ),
    )
