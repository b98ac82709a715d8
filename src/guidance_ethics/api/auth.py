"""Who is calling the API about a workshop: its staff, one of its participants, or nobody."""

from dataclasses import dataclass

from guidance_ethics.accounts.actions import use_api_token
from guidance_ethics.accounts.models import ApiToken
from guidance_ethics.accounts.tokens import bearer_token, remote_address, token_failures
from guidance_ethics.workshops.queries import PARTICIPANT_COOKIE, participant_by_token


@dataclass
class Caller:
    staff: object = None  # the moderator or co-moderator (a User)
    participant: object = None

    @property
    def known(self) -> bool:
        return self.staff is not None or self.participant is not None

    @property
    def actor(self):
        return self.staff if self.staff is not None else self.participant


def caller_for(request, workshop) -> Caller:
    bearer = bearer_token(request)
    if bearer.startswith(ApiToken.PREFIX):
        # A personal API token of a staff member.
        user = use_api_token(bearer)
        if user is None:
            token_failures().fail(remote_address(request))
        return Caller(staff=user) if user is not None and workshop.is_staff(user) else Caller()
    token = bearer or request.COOKIES.get(PARTICIPANT_COOKIE.format(workshop.pk))
    participant = participant_by_token(workshop.pk, token) if token else None
    if participant is not None:
        return Caller(participant=participant)
    if bearer:
        token_failures().fail(remote_address(request))
    user = getattr(request, "user", None)
    if user is not None and workshop.is_staff(user):
        return Caller(staff=user)
    return Caller()
