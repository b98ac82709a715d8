"""Staff accounts after login: timeouts, the list of one's sessions, two-step verification.

- Every login is a ``LoginSession`` (created on ``user_logged_in``, removed on logout), so
  that a person sees where they are logged in and can end those sessions.
- A login ends after ``SESSION_IDLE_MINUTES`` without a request and ``SESSION_ABSOLUTE_HOURS``
  after it began; ``last_seen_at`` is written at most once a minute.
- Two-step verification (django-otp: an authenticator app's codes, recovery codes): whoever
  has it set up must give a code after the password before anything else; platform
  administrators, and members of an organisation that requires it, must set it up first.
- Changing the password or two-step verification asks for the password again when it was
  last given more than ``REAUTHENTICATION_MINUTES`` ago ("recent login").

Participants never log in: none of this concerns them. Personal API tokens are created in a
verified session and are not asked for a code; a token made without a code stops working once
its owner must give one (docs/security.md).
"""

import time
from datetime import timedelta
from functools import wraps
from importlib import import_module

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.contrib.sessions.models import Session
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_otp import user_has_device

from guidance_ethics.accounts.models import LoginSession, normalise_email
from guidance_ethics.lib.middleware import RefusingMiddleware
from guidance_ethics.lib.problems import problem

REAUTHENTICATED_AT = "reauthenticated_at"
LOGGED_IN_AT = "logged_in_at"
SEEN_AT = "seen_at"
# When the two-step verification rules were last found met (never while a code or the setup
# is owed: a request that is let through on the way there stamps nothing); checked again
# after a minute.
TWO_FACTOR_CHECKED_AT = "two_factor_checked_at"
TOUCH_EVERY = timedelta(minutes=1)


def two_factor_required(user) -> bool:
    """Platform administrators always; members of an organisation that requires it."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_staff or user.memberships.filter(organisation__require_two_factor=True).exists()


def two_factor_due(user) -> bool:
    """Whether a login of ``user`` must pass the second step: they have set it up, or must."""
    return user_has_device(user) or two_factor_required(user)


def lockout_username(request, credentials) -> str:
    """What the login lock (django-axes, ``AXES_USERNAME_CALLABLE``) counts failures by: the
    address as stored, whether axes reads it from the login's credentials or the form."""
    source = credentials or getattr(request, "data", None) or getattr(request, "POST", {})
    typed = source.get(settings.AXES_USERNAME_FORM_FIELD)
    return normalise_email(typed) if isinstance(typed, str) else ""


def recently_authenticated(request) -> bool:
    given = request.session.get(REAUTHENTICATED_AT, 0)
    return time.time() - given < settings.REAUTHENTICATION_MINUTES * 60


def mark_reauthenticated(request) -> None:
    request.session[REAUTHENTICATED_AT] = time.time()


def verified(request, device) -> None:
    """The code was right: this session is verified with ``device`` (django-otp), and counts
    as a recent login."""
    django_otp.login(request, device)
    mark_reauthenticated(request)
    request.session[TWO_FACTOR_CHECKED_AT] = time.time()


def recent_login_required(view):
    """The password (and code) must have been given recently; otherwise ask for it, then come
    back."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_authenticated and not recently_authenticated(request):
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('accounts:reauthenticate')}?{query}")
        return view(request, *args, **kwargs)

    return wrapper


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    if request.session.session_key is None:
        request.session.save()
    mark_reauthenticated(request)
    request.session[LOGGED_IN_AT] = request.session[SEEN_AT] = time.time()
    request.session.pop(TWO_FACTOR_CHECKED_AT, None)
    if not two_factor_due(user):
        # Nothing to ask of this login for the next minute.
        request.session[TWO_FACTOR_CHECKED_AT] = time.time()
    LoginSession.objects.update_or_create(
        session_key=request.session.session_key,
        defaults={
            "user": user,
            "user_agent": request.headers.get("User-Agent", "")[:200],
            "last_seen_at": timezone.now(),
        },
    )


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if request is not None and getattr(request, "session", None) is not None:
        LoginSession.objects.filter(session_key=request.session.session_key).delete()


def check_again(users) -> None:
    """The rules changed for these people (their organisation now requires two-step
    verification): their logins are checked at their next request, not up to a minute
    later."""
    keys = LoginSession.objects.filter(user__in=users).values_list("session_key", flat=True)
    for key in keys:
        store = import_module(settings.SESSION_ENGINE).SessionStore(session_key=key)
        if store.pop(TWO_FACTOR_CHECKED_AT, None) is not None:
            store.save()


def end_sessions(user, keys) -> int:
    """Log ``user`` out of the sessions with these keys (their own only)."""
    keys = list(
        LoginSession.objects.filter(user=user, session_key__in=keys).values_list(
            "session_key", flat=True
        )
    )
    Session.objects.filter(session_key__in=keys).delete()
    LoginSession.objects.filter(session_key__in=keys).delete()
    return len(keys)


# Where a person who still owes a code (or must set up two-step verification) may go besides
# that step's own pages: files, and the language switch on those pages.
_OPEN_PREFIXES = ("/static/",)


def _owed_step(user) -> str | None:
    """The page of the step this login still owes (the code, or setting it up), or None when
    the rules are met."""
    if user.is_verified():
        return None
    if user_has_device(user):
        return "accounts:two_factor_verify"
    if two_factor_required(user):
        return "accounts:two_factor_setup"
    return None


def _reachable_before(target: str) -> set[str]:
    """The pages a login that owes ``target`` may see: that step, logging out, the language
    switch, and (setting it up asks for a recent login) giving the password again."""
    pages = {reverse(target), reverse("accounts:logout"), reverse("set_language")}
    if target == "accounts:two_factor_setup":
        pages.add(reverse("accounts:reauthenticate"))
    return pages


class AccountSecurityMiddleware(RefusingMiddleware):
    """A request without a session cookie (a participant's phone, the live stream of a
    board) passes without any work; only a logged-in request is checked."""

    def applies(self, request) -> bool:
        return settings.SESSION_COOKIE_NAME in request.COOKIES

    def refusal(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        return self._check(request, user)

    def _check(self, request, user):
        """Most requests cost no query: the times are in the session, and the login session's
        row is written at most once a minute. (A session ended elsewhere is gone from the
        session table, so its requests arrive anonymous.)"""
        now = time.time()
        session = request.session
        logged_in_at = session.get(LOGGED_IN_AT)
        seen_at = session.get(SEEN_AT, logged_in_at)
        if logged_in_at is None:
            # From before sessions were listed: start counting now.
            session[LOGGED_IN_AT] = session[SEEN_AT] = logged_in_at = seen_at = now
        if now - logged_in_at > settings.SESSION_ABSOLUTE_HOURS * 3600:
            return self._end(request, _("You were logged in for too long. Please log in again."))
        if now - seen_at > settings.SESSION_IDLE_MINUTES * 60:
            return self._end(
                request, _("You were logged out after a period of inactivity. Please log in again.")
            )
        if now - seen_at > TOUCH_EVERY.total_seconds():
            session[SEEN_AT] = now
            LoginSession.objects.filter(session_key=session.session_key).update(
                last_seen_at=timezone.now()
            )
        if now - session.get(TWO_FACTOR_CHECKED_AT, 0) < TOUCH_EVERY.total_seconds():
            return None
        target = _owed_step(user)
        if target is None:
            session[TWO_FACTOR_CHECKED_AT] = now  # only when the rules are met
            return None
        return self._on_the_way(request, target)

    def _end(self, request, message):
        logout(request)
        if request.path.startswith("/api/"):
            return None  # the API answers the anonymous caller itself (404 or 401)
        messages.info(request, message)
        return redirect(f"{reverse('accounts:login')}?{urlencode({'next': request.path})}")

    def _on_the_way(self, request, target):
        """A login that owes ``target`` reaches that step's pages and nothing else."""
        if request.path.startswith(_OPEN_PREFIXES) or request.path in _reachable_before(target):
            return None
        if request.path.startswith("/api/"):
            if target == "accounts:two_factor_setup":
                return problem(403, _("Set up two-step verification first."))
            return problem(403, _("Finish logging in with your verification code first."))
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
