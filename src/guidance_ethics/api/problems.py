"""A refused action as a problem document (``lib/problems.py``)."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import JsonResponse

from guidance_ethics.lib.problems import problem


def from_validation_error(error: ValidationError) -> JsonResponse:
    """A refused action: 400 with each field's reason, or 409 for a state that forbids it."""
    if hasattr(error, "error_dict"):
        params = [
            {"name": field, "reason": str(message)}
            for field, errors in error.error_dict.items()
            for item in errors
            for message in item.messages
        ]
        general = [p["reason"] for p in params if p["name"] == NON_FIELD_ERRORS]
        params = [p for p in params if p["name"] != NON_FIELD_ERRORS]
        codes = {item.code for errors in error.error_dict.values() for item in errors}
        detail = general[0] if general else (params[0]["reason"] if params else "")
        return problem(400, detail, params, _first(codes))
    code = getattr(error, "code", "") or ""
    status = 409 if code in {"closed", "locked", "wrong_phase", "voting_closed", "merged"} else 400
    return problem(status, error.messages[0], code=code)


def _first(codes) -> str:
    codes = sorted(c for c in codes if c)
    return codes[0] if codes else ""
