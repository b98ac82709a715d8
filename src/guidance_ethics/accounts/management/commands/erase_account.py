"""guidance-ethics erase-account: erase a staff account's personal data."""

from django.core.management.base import BaseCommand, CommandError

from guidance_ethics.accounts.models import User
from guidance_ethics.accounts.security_actions import erase_account
from guidance_ethics.lib.actors import SYSTEM


class Command(BaseCommand):
    help = "Erase a staff account's personal data; the anonymous account row stays."

    def add_arguments(self, parser):
        parser.add_argument("email", help="the account's e-mail address")

    def handle(self, *args, email, **options):
        user = User.objects.with_email(email).first()
        if user is None:
            raise CommandError(f"no account with e-mail {email!r}")
        erase_account(SYSTEM, user)
        self.stdout.write(f"account {user.pk} erased")
