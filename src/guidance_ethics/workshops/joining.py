"""Joining with a code, with limits on failed attempts per address and per code.

Used by the join page, the join link and ``POST /api/v1/join``. A wrong or closed code counts
against the address it came from and against that code; successful joins are never counted.

An address over its limit is refused for every code, right or wrong (so a guesser cannot tell
them apart), except the codes of sessions someone at that address has already reached with
the right code: a room behind one address (venue Wi-Fi, a carrier's NAT) is not locked out by
its own typos. See docs/security.md, "Guessing join codes".
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from guidance_ethics.lib.ratelimit import FailureLimit, Marks
from guidance_ethics.workshops import actions
from guidance_ethics.workshops.models import normalise_join_code

# How long an address that reached a session with the right code stays admitted to it.
ADMITTED_SECONDS = 12 * 60 * 60


class TooManyAttempts(Exception):
    def __init__(self):
        super().__init__(_("Too many attempts with a wrong code. Please wait a few minutes."))


def _limits():
    window = settings.JOIN_FAILURE_WINDOW_SECONDS
    return (
        FailureLimit("join-address", settings.JOIN_FAILURE_LIMIT, window),
        FailureLimit("join-code", settings.JOIN_FAILURE_LIMIT, window),
    )


_admitted = Marks("join-admitted", ADMITTED_SECONDS)


def _pair(address: str, code: str) -> str:
    return f"{address}\n{normalise_join_code(code)}"


def check(address: str, code: str) -> None:
    """Raise TooManyAttempts when this address or code is over its limit, unless the address
    has reached this code's session before."""
    by_address, by_code = _limits()
    over = by_address.blocked(address) or by_code.blocked(normalise_join_code(code))
    if over and not _admitted.has(_pair(address, code)):
        raise TooManyAttempts


def failed(address: str, code: str) -> None:
    by_address, by_code = _limits()
    by_address.fail(address)
    by_code.fail(normalise_join_code(code))


def admitted(address: str, code: str) -> None:
    """The right code of an open session came from this address: its typos no longer lock
    it out of this session."""
    _admitted.set(_pair(address, code))


def join(address: str, code, **fields):
    """``actions.join_workshop``, refused with TooManyAttempts once the limit is reached."""
    code = code if isinstance(code, str) else ""
    check(address, code)
    try:
        result = actions.join_workshop(code, **fields)
    except ValidationError as error:
        codes = {e.code for errors in getattr(error, "error_dict", {}).values() for e in errors}
        if codes & {"unknown", "closed"}:
            failed(address, code)
        raise
    admitted(address, code)
    return result


def address_of(request) -> str:
    """The client's address; behind a proxy on another host, uvicorn takes it from
    X-Forwarded-For when the proxy's address is in ``FORWARDED_ALLOW_IPS``."""
    return request.META.get("REMOTE_ADDR", "")
