"""Joining with a code, with limits on failed attempts per address and per code.

Used by the join page and by ``POST /api/v1/join``. A wrong or closed code counts against the
address it came from and against that code; successful joins are never limited.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from guidance_ethics.lib.ratelimit import FailureLimit
from guidance_ethics.workshops import actions
from guidance_ethics.workshops.models import normalise_join_code


class TooManyAttempts(Exception):
    def __init__(self):
        super().__init__(_("Too many attempts with a wrong code. Please wait a few minutes."))


def _limits():
    window = settings.JOIN_FAILURE_WINDOW_SECONDS
    return (
        FailureLimit("join-address", settings.JOIN_FAILURE_LIMIT, window),
        FailureLimit("join-code", settings.JOIN_FAILURE_LIMIT, window),
    )


def check(address: str, code: str) -> None:
    by_address, by_code = _limits()
    if by_address.blocked(address) or by_code.blocked(normalise_join_code(code)):
        raise TooManyAttempts


def failed(address: str, code: str) -> None:
    by_address, by_code = _limits()
    by_address.fail(address)
    by_code.fail(normalise_join_code(code))


def join(address: str, code, **fields):
    """``actions.join_workshop``, refused with TooManyAttempts once the limit is reached."""
    code = code if isinstance(code, str) else ""
    check(address, code)
    try:
        return actions.join_workshop(code, **fields)
    except ValidationError as error:
        codes = {e.code for errors in getattr(error, "error_dict", {}).values() for e in errors}
        if codes & {"unknown", "closed"}:
            failed(address, code)
        raise


def address_of(request) -> str:
    return request.META.get("REMOTE_ADDR", "")
