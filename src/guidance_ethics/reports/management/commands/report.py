"""guidance-ethics report: write a session's report to a file (PDF, DOCX, ODT, Markdown)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from guidance_ethics.reports import document, formats, queries
from guidance_ethics.reports.models import Report


class Command(BaseCommand):
    help = "Write the report of a session to a file."

    def add_arguments(self, parser):
        parser.add_argument("session", type=int, help="the session's number")
        parser.add_argument("-o", "--output", required=True, help="file to write")
        parser.add_argument("--format", choices=sorted(formats.FORMATS), default="pdf")
        parser.add_argument(
            "--report-version", type=int, help="the report's version (default: the newest)"
        )
        parser.add_argument("--internal", action="store_true", help="the internal version")
        parser.add_argument("--language", choices=["nl", "en"], default="nl")

    def handle(self, *args, session, output, internal, language, **options):
        version, fmt = options["report_version"], options["format"]
        reports = Report.objects.filter(workshop_id=session)
        report = reports.filter(version=version).first() if version else None
        if version is None:
            report = reports.order_by("-version").first()
        if report is None:
            raise CommandError(f"session {session} has no such report")
        with translation.override(language):
            built = document.build(
                queries.for_reading(report),
                document.INTERNAL if internal else document.EXTERNAL,
                language,
            )
            content = formats.render(built, fmt)
        with open(output, "wb") as file:
            file.write(content)
        self.stderr.write(f"wrote {output} ({len(content)} bytes)")
