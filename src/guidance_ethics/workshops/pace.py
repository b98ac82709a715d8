"""How fast one participant may add to a session: a burst, and a rate per minute.

Every contribution a participant adds (questions, actors, effects, options) and every change
of their votes is pushed to every screen in the room, so one phone could flood it. Each
attempt counts first, before anything is stored (a refused one stores nothing and publishes
nothing); the counts are in Django's cache, Redis with ``REDIS_URL``, so they hold across
server processes. Staff (the moderator console, the co-moderator writing as scribe) are not
limited. A person typing fast never meets the limits (``CONTRIBUTION_BURST`` in ten
seconds, ``CONTRIBUTION_RATE_PER_MINUTE`` in a minute).
"""

from django.conf import settings
from django.utils.translation import ngettext

from guidance_ethics.lib.ratelimit import Rate
from guidance_ethics.workshops.models import Participant

BURST_SECONDS = 10


class TooFast(Exception):
    def __init__(self, retry_after: int):
        self.retry_after = retry_after
        super().__init__(
            ngettext(
                "You are adding very quickly. Please wait %(seconds)d second and try again.",
                "You are adding very quickly. Please wait %(seconds)d seconds and try again.",
                retry_after,
            )
            % {"seconds": retry_after}
        )


def check_pace(by, kind: str = "contribution") -> None:
    """Count one addition by ``by``; raise TooFast when a participant is over a limit."""
    if not isinstance(by, Participant):
        return
    rates = (
        Rate(f"{kind}-burst", settings.CONTRIBUTION_BURST, BURST_SECONDS),
        Rate(f"{kind}-minute", settings.CONTRIBUTION_RATE_PER_MINUTE, 60),
    )
    wait = max(rate.spend(by.token_hash) for rate in rates)
    if wait:
        raise TooFast(wait)
