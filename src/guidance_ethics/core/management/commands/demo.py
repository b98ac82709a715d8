from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from guidance_ethics.accounts import actions as accounts
from guidance_ethics.accounts.models import Organisation, User
from guidance_ethics.cases import actions as cases
from guidance_ethics.cases.models import Case, Technology
from guidance_ethics.core import demo_session
from guidance_ethics.core.demo_content import (
    DEMO_PASSWORD,
    ORGANISATIONS,
    PEOPLE,
    PUBLISHED,
    TECHNOLOGIES,
    WORKSHOP,
)
from guidance_ethics.lib.actors import SYSTEM
from guidance_ethics.library import actions as library
from guidance_ethics.library import content, queries, redaction
from guidance_ethics.library.models import Publication
from guidance_ethics.reports import actions as reports
from guidance_ethics.reports import queries as report_queries
from guidance_ethics.training.actions import appoint_trainer
from guidance_ethics.training.models import Trainer
from guidance_ethics.workshops import actions as workshops
from guidance_ethics.workshops.models import Workshop


class Command(BaseCommand):
    help = "Load the demo data (idempotent) and print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="load even when DEBUG is off (the demo password is public)",
        )

    def handle(self, *args, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "The demo accounts have a public password; run this with DEBUG=true, "
                "or add --force on a machine nobody else can reach."
            )
        with transaction.atomic():
            created = load_demo()
            workshop = demo_workshop()
            held = held_workshop()
            published = published_case()
        self.stdout.write(f"Demo data loaded ({created} new objects).\n")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for email, _name, org, role, platform_admin in PEOPLE:
            what = "platform administrator" if platform_admin else f"{role} of {org}"
            self.stdout.write(f"  {email:40} {what}")
        site = settings.SITE_URL.rstrip("/")
        self.stdout.write(f"\nOpen {site}/ and log in.")
        self.stdout.write(f"\nDemo session {workshop.pk}: {workshop.case.title}")
        self.stdout.write(f"  join code: {workshop.join_code}")
        self.stdout.write(f"  participants: {site}/j/{workshop.join_code}")
        self.stdout.write(f"  board: {site}/sessies/{workshop.pk}/bord/")
        self.stdout.write(
            f"  moderator console: {site}/sessies/{workshop.pk}/console/"
            f" (log in as {WORKSHOP['moderator']})"
        )
        self.stdout.write(
            f"  co-moderator workspace: {site}/sessies/{workshop.pk}/werkplek/"
            f" (log in as {WORKSHOP['co_moderator']})"
        )
        self.stdout.write(f"  state (API): {site}/api/v1/workshops/{workshop.pk}")
        self.stdout.write(f"\nHeld demo session {held.pk}: {held.case.title}")
        self.stdout.write(f"  report: {site}/sessies/{held.pk}/verslag/")
        self.stdout.write(f"\nPublished case in the library: {published.case.title}")
        self.stdout.write(f"  {site}/bibliotheek/{published.case_id}/")


TRAINER = "moderator@politie-noordveld.test"


def load_demo() -> int:
    """Create whatever of the demo content is missing; returns how many objects it made."""
    created = 0
    organisations = {}
    for spec in ORGANISATIONS:
        organisation = Organisation.objects.filter(slug=spec["slug"]).first()
        if organisation is None:
            organisation = accounts.create_organisation(SYSTEM, **spec)
            created += 1
        organisations[spec["slug"]] = organisation
    for email, full_name, org, role, platform_admin in PEOPLE:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = accounts.create_user(
                SYSTEM,
                email=email,
                password=DEMO_PASSWORD,
                full_name=full_name,
                platform_admin=platform_admin,
            )
            created += 1
        if org is not None and not user.memberships.filter(organisation__slug=org).exists():
            accounts.add_member(SYSTEM, organisations[org], user, role)
            created += 1
    # An experienced moderator trains others (the training path, /opleiding/).

    trainer = User.objects.get(email=TRAINER)
    if not Trainer.objects.filter(user=trainer).exists():
        appoint_trainer(SYSTEM, trainer)
        created += 1
    for spec in TECHNOLOGIES:
        spec = dict(spec)
        organisation = organisations[spec.pop("organisation")]
        case_specs = spec.pop("cases")
        technology = Technology.objects.filter(organisation=organisation, name=spec["name"]).first()
        if technology is None:
            technology = cases.register_technology(SYSTEM, organisation, **spec)
            created += 1
        for case_spec in case_specs:
            if not technology.cases.filter(title=case_spec["title"]).exists():
                cases.describe_case(SYSTEM, technology, **case_spec)
                created += 1
    return created


def held_workshop() -> Workshop:
    """The demo session that has been held, with its report (played through once)."""
    existing = (
        Workshop.objects.filter(case__title=demo_session.CASE_TITLE, closed_at__isnull=False)
        .order_by("pk")
        .first()
    )
    return existing or demo_session.hold_demo_session()


def demo_workshop() -> Workshop:
    """The demo session, planned once on the police's sensing case."""

    case = Case.objects.get(title=WORKSHOP["case_title"])
    existing = Workshop.objects.filter(case=case).order_by("pk").first()
    if existing is not None:
        return existing
    spec = {k: v for k, v in WORKSHOP.items() if k != "case_title"}
    spec["moderator"] = User.objects.get(email=spec["moderator"])
    spec["co_moderator"] = User.objects.get(email=spec["co_moderator"])
    start = timezone.localtime().replace(minute=0, second=0, microsecond=0) + timedelta(days=1)
    return workshops.plan_workshop(SYSTEM, case, starts_at=start.replace(hour=13), **spec)


def published_case():
    """The municipality's demo case, held once, its report final, published in the library."""

    case = Case.objects.get(title=PUBLISHED["case_title"])
    publication = Publication.objects.filter(case=case).first()
    if publication is not None and publication.is_published:
        return publication
    moderator = User.objects.get(email=PUBLISHED["moderator"])
    workshop = case.workshops.filter(closed_at__isnull=False).order_by("pk").first()
    if workshop is None:
        workshop = demo_session.hold_demo_session(
            moderator=moderator, co_moderator=moderator, case=case
        )
    report = report_queries.latest(workshop)
    if not report.is_final:
        reports.update_report(
            moderator, report, summary=PUBLISHED["summary"], next_steps="", name_moderators=False
        )
        reports.finalise_report(moderator, report)
    publication = library.prepare_publication(moderator, case)
    checked = queries.review(publication)
    texts = dict(content.texts(checked.document))
    library.save_publication(
        moderator,
        publication,
        consent="leave_out",
        texts={
            path: redaction.suggest(texts[path], found) for path, found in checked.findings.items()
        },
    )
    library.propose_publication(moderator, publication)
    return library.approve_publication(SYSTEM, publication)
