"""guidance-ethics import: cases from an exchange file, all or nothing, with a progress bar."""

import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from guidance_ethics.accounts.models import Organisation, User
from guidance_ethics.lib.actors import SYSTEM
from guidance_ethics.lib.progress import progress_bar
from guidance_ethics.reports import actions, exchange

# On the command line, a whole library may travel in one file (the web form takes 10 MB).
CLI_LIMIT = 1024 * 2**20


class Command(BaseCommand):
    help = "Import cases from an exchange file (JSON) into an organisation."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the exchange file ('-' for standard input)")
        parser.add_argument("--organisation", required=True, help="slug of the organisation")
        parser.add_argument(
            "--moderator",
            required=True,
            help="e-mail of the member who becomes moderator of the imported sessions",
        )

    def handle(self, *args, file, organisation, moderator, **options):
        org = Organisation.objects.filter(slug=organisation).first()
        if org is None:
            raise CommandError(f"no organisation with slug {organisation!r}")
        person = User.objects.with_email(moderator).first()
        if person is None:
            raise CommandError(f"no account with e-mail {moderator!r}")
        try:
            if file == "-":
                raw = sys.stdin.buffer.read(CLI_LIMIT + 1)
            else:
                with open(file, "rb") as source:
                    raw = source.read(CLI_LIMIT + 1)
            document = exchange.read(raw, CLI_LIMIT)
        except (OSError, exchange.Unreadable) as error:
            raise CommandError(f"cannot read {file}: {error}") from error
        total = len(document.get("cases", [])) if isinstance(document, dict) else 0
        try:
            with progress_bar(total, "import") as bar:
                cases = actions.import_cases(
                    SYSTEM, org, document, moderator=person, progress=bar.update
                )
        except actions.ImportRefused as refused:
            for problem in refused.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"{len(refused.problems)} problem(s); nothing was imported"
            ) from refused
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        for case in cases:
            self.stdout.write(f"imported case {case.pk}: {case.title}")
