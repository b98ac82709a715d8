import pytest

from guidance_ethics.accounts import actions as accounts
from guidance_ethics.core.demo_session import hold_demo_session
from guidance_ethics.lib.actors import SYSTEM
from guidance_ethics.library import actions as library
from guidance_ethics.library import queries as library_queries
from guidance_ethics.reports import actions as reports
from guidance_ethics.reports import queries as report_queries
from guidance_ethics.workshops import actions as workshops
from guidance_ethics.workshops.models import Effect, Participant
from tests.conftest import make_user

SILENT = "Zwijgzaamheidsbezwaar"  # in an effect of a participant who did not consent


@pytest.fixture
def held(case, alice, mona):
    """The demo session on the cast's case, with its report final, and one effect written
    by a participant who did not consent to publication."""
    workshop = hold_demo_session(moderator=alice, co_moderator=mona, case=case)
    silent = Participant.objects.filter(workshop=workshop, consent_publication=False).first()
    assert silent is not None, "the demo session has a participant without consent"
    Effect.objects.create(
        workshop=workshop, participant=silent, polarity="negative", text=f"{SILENT} bij drones"
    )
    report = report_queries.latest(workshop)
    reports.update_report(
        alice, report, summary="Een goed gesprek.", next_steps="", name_moderators=False
    )
    reports.finalise_report(alice, report)
    return workshop


@pytest.fixture
def published(held, case, alice):
    """The case published: contributions without consent left out, every suggestion taken."""
    publication = library.prepare_publication(alice, case)
    review = library_queries.review(publication)
    from guidance_ethics.library import redaction

    texts = {
        path: redaction.suggest(dict(_texts(review.document))[path], found)
        for path, found in review.findings.items()
    }
    library.save_publication(alice, publication, consent="leave_out", texts=texts)
    library.propose_publication(alice, publication)
    return library.approve_publication(alice, publication)


def _texts(doc):
    from guidance_ethics.library import content

    return content.texts(doc)


@pytest.fixture
def dave(db):
    """A member of a third organisation, C: a partner of nobody."""
    org_c = accounts.create_organisation(SYSTEM, name="Provincie C", kind="province")
    user = make_user("dave@c.test", "Dave Derde")
    accounts.add_member(SYSTEM, org_c, user, "member")
    return user


__all__ = ["SILENT", "workshops"]
