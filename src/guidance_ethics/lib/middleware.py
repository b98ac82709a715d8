"""A middleware that may answer a request itself, for the sync and the async stack."""

from asgiref.sync import iscoroutinefunction, markcoroutinefunction, sync_to_async


class RefusingMiddleware:
    """Subclasses say which requests concern them (``applies``, cheap, no I/O) and what to
    answer instead of the view (``refusal``: a response, or None to go on). In the async
    stack the refusal runs in a thread, and only for requests it applies to: the live
    streams of thousands of phones pass without a hop."""

    sync_capable = True
    async_capable = True

    def __init__(self, get_response):
        self.get_response = get_response
        self.is_async = iscoroutinefunction(get_response)
        if self.is_async:
            markcoroutinefunction(self)

    def applies(self, request) -> bool:
        raise NotImplementedError

    def refusal(self, request):
        raise NotImplementedError

    def __call__(self, request):
        if self.is_async:
            return self.__acall__(request)
        answer = self.refusal(request) if self.applies(request) else None
        return answer if answer is not None else self.get_response(request)

    async def __acall__(self, request):
        if self.applies(request):
            answer = await sync_to_async(self.refusal)(request)
            if answer is not None:
                return answer
        return await self.get_response(request)
