import sys

import redis
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig
from django.db import DatabaseError, IntegrityError, ProgrammingError, connection
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from guidance_ethics.accounts.queries import organisations_of
from guidance_ethics.cases.queries import visible_cases
from guidance_ethics.lib.problems import problem


@require_safe
def home(request):
    if request.user.is_authenticated:
        return redirect("core:dashboard")
    return render(request, "core/home.html")


@login_required
@require_safe
def dashboard(request):
    organisations = list(organisations_of(request.user))
    recent_cases = visible_cases(request.user).order_by("-updated_at")[:10]
    return render(
        request,
        "core/dashboard.html",
        {"organisations": organisations, "recent_cases": recent_cases},
    )


@require_safe
def privacy(request):
    """The privacy statement: what the platform processes of participants and staff, why,
    and how long (shown from the join page; docs/privacy.md)."""

    return render(request, "core/privacy.html", {"security_log_days": settings.SECURITY_LOG_DAYS})


@never_cache
@require_safe
def health(request):
    """For load balancers and monitoring: 200 when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


# How long a client waits before it retries a request that met an unavailable database.
RETRY_AFTER_SECONDS = 5


def _database_unavailable(error) -> bool:
    """A database that could not be reached or did not answer in time (connection refused or
    lost, "database is locked"), as opposed to a fault in our own queries; or Redis not
    answering where a request needs it (the presence counts)."""

    if isinstance(error, redis.ConnectionError | redis.TimeoutError):
        return True
    return isinstance(error, DatabaseError) and not isinstance(
        error, IntegrityError | ProgrammingError
    )


def bad_request(request, exception=None):
    """Django's 400 handler (a body over Django's own size limit, too many fields, a
    suspicious request): its page, or on the API a problem document like every refusal."""

    if not request.path.startswith("/api/"):
        return render(request, "400.html", status=400)
    if isinstance(exception, RequestDataTooBig):
        return problem(400, gettext("The body is too large."), code="too_large")
    return problem(400, gettext("The request is not valid."))


def not_found(request, exception=None):
    """Django's 404 handler: the page, or on the API a problem document (an address under
    /api/ that matches no route, ``/effects/abc/values`` say)."""
    if request.path.startswith("/api/"):
        return problem(404, gettext("No such address in the API."))
    return render(request, "404.html", status=404)


def server_error(request):
    """Django's 500 handler, with one exception: when the database is unavailable, the
    answer is 503 with ``Retry-After``, as a problem document on the API. Every write runs in
    a transaction, so a request that met the failure stored nothing and may be sent again
    (docs/security.md, "Faults")."""
    error = sys.exc_info()[1]
    if not _database_unavailable(error):
        return HttpResponseServerError(loader.get_template("500.html").render())
    if request.path.startswith("/api/"):
        response = problem(
            503,
            gettext("The database is briefly unavailable; nothing was stored. Please try again."),
            code="database_unavailable",
        )
    else:
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
