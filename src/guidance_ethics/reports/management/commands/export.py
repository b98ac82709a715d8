"""guidance-ethics export: cases to the exchange format (JSON), with a progress bar."""

from django.core.management.base import BaseCommand, CommandError

from guidance_ethics.accounts.models import Organisation
from guidance_ethics.cases.models import Case
from guidance_ethics.lib.progress import progress_bar
from guidance_ethics.reports import exchange


class Command(BaseCommand):
    help = "Export cases with their closed sessions to the exchange format (JSON)."

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--case", type=int, action="append", help="a case number (repeatable)")
        which.add_argument("--organisation", help="all cases of the organisation with this slug")
        parser.add_argument("-o", "--output", help="file to write (default: standard output)")

    def handle(self, *args, case, organisation, output, **options):
        if organisation:
            org = Organisation.objects.filter(slug=organisation).first()
            if org is None:
                raise CommandError(f"no organisation with slug {organisation!r}")
            cases = Case.objects.filter(organisation=org).order_by("pk")
        else:
            cases = Case.objects.filter(pk__in=case).order_by("pk")
            missing = set(case) - set(cases.values_list("pk", flat=True))
            if missing:
                raise CommandError(f"no case with number {', '.join(map(str, sorted(missing)))}")
        cases = list(cases.select_related("technology"))
        with progress_bar(len(cases), "export") as bar:
            document = exchange.export_cases(cases, progress=bar.update)
        text = exchange.dumps(document)
        if output:
            with open(output, "w", encoding="utf-8") as file:
                file.write(text)
            self.stderr.write(f"exported {len(cases)} case(s) to {output}")
        else:
            self.stdout.write(text, ending="")
