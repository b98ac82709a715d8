"""Personal API tokens on a request: ``Authorization: Bearer``, with a limit on tokens that
match nothing, per address. The API and the calendar feed of actions both accept them."""

from django.conf import settings

from guidance_ethics.accounts.actions import use_api_token
from guidance_ethics.lib.ratelimit import FailureLimit


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


def remote_address(request) -> str:
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
        token_failures().fail(remote_address(request))
        return INVALID_TOKEN
    return user
