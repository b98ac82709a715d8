"""Joining with a code, with limits on failed attempts per address and per code.

Used by the join page, the join link and ``POST /api/v1/join``. A wrong or closed code counts
against the address it came from and against that code; successful joins are never counted.

An address over its limit may still try one code per ``JOIN_SLOW_SECONDS`` (the slow lane):
a right code joins; a wrong one, and any try before the interval is over, is refused with
429 and the seconds to wait, the same answer for every wrong or early try, so a guesser gets
one try per interval and learns nothing else. A room behind one address (venue Wi-Fi, a
carrier's NAT) is thus never locked out by its own typos, and the sessions someone at that
address has already reached join without waiting. The address stays over its limit until it
has not failed for a whole window. See docs/security.md, "Guessing join codes".
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import ngettext

from guidance_ethics.lib.ratelimit import FailureLimit, Interval, Marks
from guidance_ethics.workshops import actions
from guidance_ethics.workshops.models import normalise_join_code

# How long an address that reached a session with the right code stays admitted to it.
ADMITTED_SECONDS = 12 * 60 * 60


class TooManyAttempts(Exception):
    """Refused; ``retry_after`` is the number of seconds until the slow lane takes a try."""

    def __init__(self, retry_after: int):
        self.retry_after = retry_after
        super().__init__(
            ngettext(
                "Too many attempts with a wrong code. Please wait: try again in %(seconds)d "
                "second.",
                "Too many attempts with a wrong code. Please wait: try again in %(seconds)d "
                "seconds.",
                retry_after,
            )
            % {"seconds": retry_after}
        )


def _limits():
    window = settings.JOIN_FAILURE_WINDOW_SECONDS
    return (
        FailureLimit("join-address", settings.JOIN_FAILURE_LIMIT, window, sliding=True),
        FailureLimit("join-code", settings.JOIN_FAILURE_LIMIT, window),
    )


def _slow_lane():
    return Interval("join-slow", settings.JOIN_SLOW_SECONDS)


_admitted = Marks("join-admitted", ADMITTED_SECONDS)


def _pair(address: str, code: str) -> str:
    return f"{address}\n{normalise_join_code(code)}"


def check(address: str, code: str) -> bool:
    """Before a try: raise TooManyAttempts when this address or code is over its limit and
    the address's slow lane is not yet free, unless the address has reached this code's
    session before. True when the try goes ahead in the slow lane (pass it to ``failed``)."""
    by_address, by_code = _limits()
    over = by_address.blocked(address) or by_code.blocked(normalise_join_code(code))
    if not over or _admitted.has(_pair(address, code)):
        return False
    if wait := _slow_lane().take(address):
        raise TooManyAttempts(wait)
    return True


def failed(address: str, code: str, slow: bool = False) -> None:
    """Count a wrong or closed code. A try in the slow lane is then refused as an early one
    is (TooManyAttempts), so it tells the guesser nothing but that the code did not join."""
    by_address, by_code = _limits()
    by_address.fail(address)
    by_code.fail(normalise_join_code(code))
    if slow:
        raise TooManyAttempts(settings.JOIN_SLOW_SECONDS)


def admitted(address: str, code: str) -> None:
    """The right code of an open session came from this address: its typos no longer lock
    it out of this session."""
    _admitted.set(_pair(address, code))


def join(address: str, code, **fields):
    """``actions.join_workshop``, refused with TooManyAttempts once the limit is reached."""
    code = code if isinstance(code, str) else ""
    slow = check(address, code)
    try:
        result = actions.join_workshop(code, **fields)
    except ValidationError as error:
        codes = {e.code for errors in getattr(error, "error_dict", {}).values() for e in errors}
        if codes & {"unknown", "closed"}:
            failed(address, code, slow)
        raise
    admitted(address, code)
    return result


def address_of(request) -> str:
    """The client's address; behind a proxy on another host, uvicorn takes it from
    X-Forwarded-For when the proxy's address is in ``FORWARDED_ALLOW_IPS``."""
    return request.META.get("REMOTE_ADDR", "")
