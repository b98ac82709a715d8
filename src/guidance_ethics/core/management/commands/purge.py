"""guidance-ethics purge: remove what is kept for a limited time only (run daily).

- participants' data of sessions closed longer ago than their organisation's retention
  period (workshops/retention.py);
- the security logs of logins (django-axes: IP addresses) older than SECURITY_LOG_DAYS;
- idempotency keys older than a day; expired logins.
"""

from datetime import timedelta

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from guidance_ethics.accounts.models import LoginSession
from guidance_ethics.api.models import IdempotentRequest
from guidance_ethics.workshops import retention

IDEMPOTENCY_KEYS_KEPT = timedelta(days=1)


class Command(BaseCommand):
    help = "Remove participants' data after the retention period, and old logs (run daily)."

    def handle(self, *args, **options):
        now = timezone.now()
        seats = 0
        sessions = retention.due(now)
        for workshop in sessions:
            seats += retention.purge(workshop, now)
        self.stdout.write(
            f"{len(sessions)} session(s): {seats} participant(s) deleted, outcome kept as counts"
        )

        cutoff = now - timedelta(days=settings.SECURITY_LOG_DAYS)
        with transaction.atomic():
            logs = sum(
                model.objects.filter(attempt_time__lt=cutoff).delete()[0]
                for model in (AccessAttempt, AccessFailureLog, AccessLog)
            )
        self.stdout.write(f"{logs} security log entr(y/ies) older than the limit removed")

        keys = IdempotentRequest.objects.filter(created_at__lt=now - IDEMPOTENCY_KEYS_KEPT)
        self.stdout.write(f"{keys.delete()[0]} idempotency key(s) removed")

        Session.objects.filter(expire_date__lt=now).delete()
        live = Session.objects.values("session_key")
        ended = LoginSession.objects.exclude(session_key__in=live).delete()[0]
        self.stdout.write(f"{ended} ended login(s) removed")
