"""Who is calling the API about a workshop: its staff, one of its participants, or nobody."""

from dataclasses import dataclass

from django.conf import settings

from guidance_ethics.accounts.actions import use_api_token
from guidance_ethics.accounts.models import ApiToken
from guidance_ethics.lib.ratelimit import FailureLimit
from guidance_ethics.workshops.queries import participant_by_token

PARTICIPANT_COOKIE = "ge_participant_{}"


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


def bearer_token(request) -> str:
    header = request.headers.get("Authorization", "")
    scheme, _sep, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


INVALID_TOKEN = object()


def token_failures() -> FailureLimit:
    """Bearer tokens that match nothing, per address (API_TOKEN_FAILURE_LIMIT in ten
    minutes): tokens are 256-bit random and cannot be guessed, but nobody gets to try."""
    return FailureLimit("api-token", settings.API_TOKEN_FAILURE_LIMIT, TOKEN_FAILURE_WINDOW)


TOKEN_FAILURE_WINDOW = 600


def _address(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


def token_or_session_user(request):
    """The person behind a request without a workshop: the owner of a personal API token in
    ``Authorization: Bearer``, else the logged-in user (or the anonymous user); a bearer
    token that is not a valid personal API token gives ``INVALID_TOKEN``."""
    bearer = bearer_token(request)
    if not bearer:
        return request.user
    user = use_api_token(bearer)
    if user is None:
        token_failures().fail(_address(request))
        return INVALID_TOKEN
    return user


def caller_for(request, workshop) -> Caller:
    bearer = bearer_token(request)
    if bearer.startswith(ApiToken.PREFIX):
        # A personal API token of a staff member.
        user = use_api_token(bearer)
        if user is None:
            token_failures().fail(_address(request))
        return Caller(staff=user) if user is not None and workshop.is_staff(user) else Caller()
    token = bearer or request.COOKIES.get(PARTICIPANT_COOKIE.format(workshop.pk))
    participant = participant_by_token(workshop.pk, token) if token else None
    if participant is not None:
        return Caller(participant=participant)
    if bearer:
        token_failures().fail(_address(request))
    user = getattr(request, "user", None)
    if user is not None and workshop.is_staff(user):
        return Caller(staff=user)
    return Caller()
