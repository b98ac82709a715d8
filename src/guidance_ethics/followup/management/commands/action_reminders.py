"""``guidance-ethics action-reminders``: e-mail reminders for actions that are due soon."""

from django.core.management.base import BaseCommand, CommandError

from guidance_ethics.followup.actions import send_reminders

MAX_DAYS = 3650  # ten years ahead; more cannot be added to a date everywhere


class Command(BaseCommand):
    help = (
        "E-mail who carries out each open action that is due within --days days or overdue, "
        "once per due date. Run it daily from a scheduler (cron, a systemd timer)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=3, help="due within this many days (3)")

    def handle(self, *args, days, **options):
        if not 0 <= days <= MAX_DAYS:
            raise CommandError(f"Give --days from 0 to {MAX_DAYS}.")
        sent = send_reminders(days)
        self.stdout.write(f"{sent} reminders sent.")
