"""Refuse API requests with a bearer token from an address that sent too many wrong ones."""

from django.utils.translation import gettext as _

from guidance_ethics.api.auth import TOKEN_FAILURE_WINDOW, token_failures
from guidance_ethics.api.problems import problem
from guidance_ethics.lib.middleware import RefusingMiddleware


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
