"""Refuse API requests with a bearer token from an address that sent too many wrong ones, or
with a personal API token that would skip two-step verification."""

from django.utils.translation import gettext as _

from guidance_ethics.accounts.actions import ApiTokenWithoutTwoFactor
from guidance_ethics.accounts.tokens import TOKEN_FAILURE_WINDOW, token_failures
from guidance_ethics.lib.middleware import RefusingMiddleware
from guidance_ethics.lib.problems import problem


class BearerTokenLimitMiddleware(RefusingMiddleware):
    """Only requests under /api/ that carry ``Authorization`` are looked at."""

    def applies(self, request) -> bool:
        return request.path.startswith("/api/") and "Authorization" in request.headers

    def refusal(self, request):
        if not token_failures().blocked(request.META.get("REMOTE_ADDR", "")):
            return None
        response = problem(
            429,
            _("Too many requests with a token that is not valid. Try again in ten minutes."),
            code="too_many_token_failures",
        )
        response["Retry-After"] = str(TOKEN_FAILURE_WINDOW)
        return response

    def process_exception(self, request, exception):
        """A real token that may not be used now: a clear answer (the token's owner must make
        a new one), not the "no such session" a guessed token gets, and no failure counted."""
        if isinstance(exception, ApiTokenWithoutTwoFactor) and request.path.startswith("/api/"):
            return problem(403, exception.args[0], code="api_token_without_two_factor")
        return None
