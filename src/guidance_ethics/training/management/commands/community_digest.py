"""``guidance-ethics community-digest``: the moderators' community's e-mail digest."""

from django.core.management.base import BaseCommand

from guidance_ethics.training.community import send_digests


class Command(BaseCommand):
    help = (
        "E-mail every reader of the moderators' community what others posted or replied in "
        "their spaces since their last digest. Run it daily from a scheduler."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"{send_digests()} digests sent.")
