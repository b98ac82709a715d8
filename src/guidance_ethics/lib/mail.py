"""E-mail from actions: built and checked inside the transaction, sent after the commit.

A message whose headers cannot be sent (a line break typed into a subject) fails while the
action can still roll back, so nothing is stored and nothing is sent; subjects are made one
line first, so typed text never does that. After the commit each message goes on its own,
and a mail server that refuses one is logged: the stored request or invitation stands, and
the other messages still go.

Mail to an address someone typed is limited per recipient (``MAIL_PER_RECIPIENT_LIMIT`` a
day, counted before anything else), so the platform cannot be used to flood a mailbox.
"""

import logging
import smtplib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils.translation import gettext as _

from guidance_ethics.lib.ratelimit import FailureLimit

logger = logging.getLogger(__name__)

DAY = 24 * 60 * 60


def message(subject: str, body: str, recipients) -> EmailMessage:
    """A message, checked now; the subject on one line, whatever it was made from."""
    recipients = sorted({r for r in recipients if r})
    email = EmailMessage(" ".join(str(subject).split()), body, None, recipients)
    if recipients:
        email.message()  # raises here, inside the action, on a header that cannot be sent
    return email


def send_after_commit(*messages: EmailMessage) -> None:
    messages = [m for m in messages if m.recipients()]
    if messages:
        transaction.on_commit(lambda: _send(messages))


def _send(messages) -> None:
    for email in messages:
        try:
            email.send()
        except (smtplib.SMTPException, OSError):
            logger.exception("mail %r to %s not sent", email.subject, ", ".join(email.to))


def mail_after_commit(subject: str, body: str, recipients) -> None:
    send_after_commit(message(subject, body, recipients))


def count_mail_to(kind: str, email: str, field: str = "email") -> None:
    """Count one mail of this kind to this address, before anything else; refuse (a
    ValidationError on ``field``) beyond ``MAIL_PER_RECIPIENT_LIMIT`` a day."""
    limit = FailureLimit(f"mail-{kind}", settings.MAIL_PER_RECIPIENT_LIMIT, DAY)
    if not limit.spend(str(email or "").strip().lower()):
        message = _(
            "Several e-mails have been sent to this address today. Please try again tomorrow."
        )
        raise ValidationError({field: ValidationError(message, code="too_many_mails")})
