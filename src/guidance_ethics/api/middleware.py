"""Refuse API requests with a bearer token from an address that sent too many wrong ones."""

from asgiref.sync import iscoroutinefunction, markcoroutinefunction, sync_to_async
from django.utils.translation import gettext as _

from guidance_ethics.api.auth import TOKEN_FAILURE_WINDOW, token_failures
from guidance_ethics.api.problems import problem


class BearerTokenLimitMiddleware:
    """Only requests under /api/ that carry ``Authorization`` are looked at."""

    sync_capable = True
    async_capable = True

    def __init__(self, get_response):
        self.get_response = get_response
        self.is_async = iscoroutinefunction(get_response)
        if self.is_async:
            markcoroutinefunction(self)

    def __call__(self, request):
        if self.is_async:
            return self.__acall__(request)
        return self._refusal(request) or self.get_response(request)

    async def __acall__(self, request):
        if _applies(request):
            refusal = await sync_to_async(self._refusal)(request)
            if refusal is not None:
                return refusal
        return await self.get_response(request)

    def _refusal(self, request):
        if not _applies(request):
            return None
        if not token_failures().blocked(request.META.get("REMOTE_ADDR", "")):
            return None
        response = problem(
            429,
            _("Too many requests with a token that is not valid. Try again in ten minutes."),
            code="too_many_token_failures",
        )
        response["Retry-After"] = str(TOKEN_FAILURE_WINDOW)
        return response


def _applies(request) -> bool:
    return request.path.startswith("/api/") and "Authorization" in request.headers
