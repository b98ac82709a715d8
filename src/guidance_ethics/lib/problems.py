"""Errors as ``application/problem+json`` (RFC 9457), as the NLGov API Design Rules ask.

Here, below every app, because a refusal outside the API's views (the login middleware of
``accounts``, the error handlers of ``core``) answers an API caller in the same shape."""

from django.http import JsonResponse

TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    415: "Unsupported Media Type",
    422: "Unprocessable Content",
    429: "Too Many Requests",
    503: "Service Unavailable",
}


def problem(status: int, detail: str = "", invalid_params=None, code: str = "") -> JsonResponse:
    body = {"type": "about:blank", "title": TITLES.get(status, "Error"), "status": status}
    if detail:
        body["detail"] = str(detail)
    if code:
        body["code"] = code
    if invalid_params:
        body["invalid-params"] = invalid_params
    return JsonResponse(body, status=status, content_type="application/problem+json")
