from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from guidance_ethics.accounts.queries import organisations_of
from guidance_ethics.cases.queries import visible_cases


@require_GET
def home(request):
    if request.user.is_authenticated:
        return redirect("core:dashboard")
    return render(request, "core/home.html")


@login_required
@require_GET
def dashboard(request):
    organisations = list(organisations_of(request.user))
    recent_cases = visible_cases(request.user).order_by("-updated_at")[:10]
    return render(
        request,
        "core/dashboard.html",
        {"organisations": organisations, "recent_cases": recent_cases},
    )


@never_cache
@require_GET
def health(request):
    """For load balancers and monitoring: 200 when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")
