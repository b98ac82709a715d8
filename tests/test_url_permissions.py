"""Every URL the platform has × every persona: allowed or refused, as one table.

A URL pattern without an entry in ``ACCESS`` fails ``test_every_url_has_an_entry``, so a new
view cannot land without its permission rules. Refused requests, GET or POST, must change
nothing of organisation A.
"""

import pytest
from django.contrib import admin
from django.core import signing
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from guidance_ethics.accounts import actions as accounts
from guidance_ethics.accounts.models import Invitation, Membership, Organisation
from guidance_ethics.audit.models import AuditEntry
from guidance_ethics.cases.models import Case, Technology
from guidance_ethics.followup.models import Action, ActionNote, ActionShare, SessionRequest
from guidance_ethics.library.models import CaseShare, Publication
from guidance_ethics.reports.models import Report
from guidance_ethics.training.models import (
    Cohort,
    Enrolment,
    ModuleResult,
    Post,
    PracticeStep,
    Reply,
)
from guidance_ethics.workshops.models import Participant, Workshop
from tests.conftest import CASE, TECHNOLOGY

# anonymous; a participant of the world's live session (its cookie, no account); a
# participant of another organisation's session ("stranger"); charlie, a member of another
# organisation; bob, a member; mona, a moderator who co-moderates the live session; alice, a
# coordinator who moderates both sessions; staff, a platform administrator. Where an entry
# names no participant or mona, they are expected to fare as the anonymous visitor and bob.
PERSONAS = ["anonymous", "participant", "stranger", "charlie", "bob", "mona", "alice", "staff"]
BASE = ["anonymous", "charlie", "bob", "alice", "staff"]  # what every entry names
LOGIN = "login"  # a redirect to the login page

ALL = dict.fromkeys(BASE, 200)
LOGGED_IN = {"anonymous": LOGIN, "charlie": 200, "bob": 200, "alice": 200, "staff": 200}
ORG_READ = {"anonymous": LOGIN, "charlie": 404, "bob": 200, "alice": 200, "staff": 404}
ORG_COORDINATE = {"anonymous": LOGIN, "charlie": 404, "bob": 403, "alice": 200, "staff": 404}
ORG_ADMIN = {"anonymous": LOGIN, "charlie": 404, "bob": 403, "alice": 200, "staff": 200}
# The live pages of a session: its moderator and co-moderator only (alice moderates).
SESSION_STAFF = {"anonymous": LOGIN, "charlie": 404, "bob": 404, "alice": 200, "staff": 404}
LIVE_STAFF = {**SESSION_STAFF, "mona": 200}  # the live session, co-moderated by mona
# GET on a POST-only view: 405 before any lookup, so it tells nobody whether the object exists.
POST_ONLY = {"anonymous": LOGIN, "charlie": 405, "bob": 405, "alice": 405, "staff": 405}


def expect(base, **changes):
    return {**base, **changes}


def _technology_post(world):
    return {**TECHNOLOGY, "name": "Andere naam"}


# name: (kwargs from the world, expected GET status, expected POST status or None, POST data)
ACCESS = {
    "core:home": (None, expect(ALL, charlie=302, bob=302, alice=302, staff=302), None, None),
    "core:dashboard": (None, LOGGED_IN, None, None),
    "core:health": (None, ALL, None, None),
    "core:privacy": (None, ALL, None, None),
    "set_language": (
        None,
        dict.fromkeys(BASE, 302),
        dict.fromkeys(BASE, 302),
        lambda w: {"language": "en", "next": "/"},
    ),
    "accounts:login": (None, expect(ALL, charlie=302, bob=302, alice=302, staff=302), None, None),
    "accounts:logout": (
        None,
        dict.fromkeys(BASE, 405),
        dict.fromkeys(BASE, 302),
        lambda w: {},
    ),
    "accounts:password_change": (None, LOGGED_IN, None, None),
    "accounts:password_change_done": (None, LOGGED_IN, None, None),
    "accounts:password_reset": (None, ALL, None, None),
    "accounts:password_reset_done": (None, ALL, None, None),
    "accounts:password_reset_confirm": (
        lambda w: {"uidb64": "MQ", "token": "x-y"},
        ALL,
        ALL,
        lambda w: {},
    ),
    "accounts:password_reset_complete": (None, ALL, None, None),
    # The token is the secret; whoever holds the link sees the invitation, but only the
    # invited address can accept it (charlie's POST is refused with a message).
    "accounts:invitation": (
        lambda w: {"token": w["token"]},
        ALL,
        expect(dict.fromkeys(BASE, 302), anonymous=200),
        lambda w: {},
    ),
    "accounts:organisations": (None, LOGGED_IN, None, None),
    "accounts:api_tokens": (
        None,
        LOGGED_IN,
        expect(LOGGED_IN, charlie=200, bob=200, alice=200, staff=200),
        lambda w: {"name": ""},
    ),
    # Only one's own token: alice's token is "not found" for everyone else.
    "accounts:api_token_revoke": (
        lambda w: {"pk": w["api_token"].pk},
        POST_ONLY,
        expect(ORG_ADMIN, bob=404, staff=404, alice=302),
        lambda w: {},
    ),
    # One's own account security (tests/accounts/test_security.py). staff, a platform
    # administrator, has two-step verification on; the others have not set it up.
    "accounts:two_factor": (None, LOGGED_IN, None, None),
    "accounts:two_factor_setup": (
        None,
        expect(LOGGED_IN, staff=302),
        expect(LOGGED_IN, charlie=400, bob=400, alice=400, staff=302),
        lambda w: {},
    ),
    "accounts:two_factor_verify": (
        None,
        expect(LOGGED_IN, staff=302),
        expect(LOGGED_IN, charlie=400, bob=400, alice=400, staff=302),
        lambda w: {},
    ),
    "accounts:two_factor_disable": (
        None,
        POST_ONLY,
        dict.fromkeys(BASE, 302) | {"anonymous": LOGIN},
        lambda w: {},
    ),
    "accounts:recovery_codes": (
        None,
        POST_ONLY,
        dict.fromkeys(BASE, 302) | {"anonymous": LOGIN, "staff": 200},
        lambda w: {},
    ),
    "accounts:my_data": (None, LOGGED_IN, None, None),
    "accounts:email_change": (
        None,
        LOGGED_IN,
        expect(LOGGED_IN, charlie=400, bob=400, alice=400, staff=400),
        lambda w: {},
    ),
    # The link works for its own account only (alice's); others are told so.
    "accounts:email_confirm": (
        lambda w: {"token": w["email_token"]},
        LOGGED_IN,
        dict.fromkeys(BASE, 302) | {"anonymous": LOGIN},
        lambda w: {},
    ),
    "accounts:reauthenticate": (
        None,
        LOGGED_IN,
        expect(LOGGED_IN, charlie=400, bob=400, alice=400, staff=400),
        lambda w: {},
    ),
    "accounts:sessions": (
        None,
        LOGGED_IN,
        dict.fromkeys(BASE, 302) | {"anonymous": LOGIN},
        lambda w: {},
    ),
    "accounts:organisation_security": (
        lambda w: {"slug": w["org"].slug},
        POST_ONLY,
        expect(ORG_ADMIN, alice=302, staff=302),
        lambda w: {"require_two_factor": "on", "retention_days": "60"},
    ),
    "accounts:organisation_create": (
        None,
        expect(LOGGED_IN, charlie=403, bob=403, alice=403),
        expect(LOGGED_IN, charlie=403, bob=403, alice=403, staff=302),
        lambda w: {"name": "Nieuwe organisatie", "kind": "other"},
    ),
    "accounts:organisation": (lambda w: {"slug": w["org"].slug}, ORG_READ, None, None),
    "accounts:members": (lambda w: {"slug": w["org"].slug}, ORG_ADMIN, None, None),
    "accounts:invite": (
        lambda w: {"slug": w["org"].slug},
        POST_ONLY,
        expect(ORG_ADMIN, alice=302, staff=302),
        lambda w: {"email": "nieuw@a.test", "role": "member"},
    ),
    "accounts:change_role": (
        lambda w: {"slug": w["org"].slug, "pk": w["bob_membership"].pk},
        POST_ONLY,
        expect(ORG_ADMIN, alice=302, staff=302),
        lambda w: {"role": "coordinator"},
    ),
    "accounts:remove_member": (
        lambda w: {"slug": w["org"].slug, "pk": w["bob_membership"].pk},
        POST_ONLY,
        expect(ORG_ADMIN, alice=302, staff=302),
        lambda w: {},
    ),
    "accounts:revoke_invitation": (
        lambda w: {"slug": w["org"].slug, "pk": w["invitation"].pk},
        POST_ONLY,
        expect(ORG_ADMIN, alice=302, staff=302),
        lambda w: {},
    ),
    "cases:technologies": (lambda w: {"slug": w["org"].slug}, ORG_READ, None, None),
    "cases:technology_create": (
        lambda w: {"slug": w["org"].slug},
        ORG_COORDINATE,
        expect(ORG_COORDINATE, alice=302),
        _technology_post,
    ),
    "cases:cases": (lambda w: {"slug": w["org"].slug}, ORG_READ, None, None),
    "cases:technology": (lambda w: {"pk": w["technology"].pk}, ORG_READ, None, None),
    "cases:technology_edit": (
        lambda w: {"pk": w["technology"].pk},
        ORG_COORDINATE,
        expect(ORG_COORDINATE, alice=302),
        _technology_post,
    ),
    "cases:case_create": (
        lambda w: {"pk": w["technology"].pk},
        ORG_COORDINATE,
        expect(ORG_COORDINATE, alice=302),
        lambda w: CASE,
    ),
    "cases:case_delete": (
        lambda w: {"pk": w["spare_case"].pk},
        ORG_COORDINATE,
        expect(ORG_COORDINATE, alice=302),
        lambda w: {},
    ),
    "cases:case": (lambda w: {"pk": w["case"].pk}, ORG_READ, None, None),
    "cases:case_edit": (
        lambda w: {"pk": w["case"].pk},
        ORG_COORDINATE,
        expect(ORG_COORDINATE, alice=302),
        lambda w: {**CASE, "title": "Anders"},
    ),
    "workshops:workshop_create": (
        lambda w: {"pk": w["case"].pk},
        ORG_COORDINATE,
        expect(ORG_COORDINATE, alice=302),
        lambda w: {
            "starts_at": "2026-12-01T13:00",
            "format": "physical",
            "moderator": w["people"]["alice"].pk,
            "co_moderator": w["people"]["alice"].pk,
            "values_forward": 3,
            "votes_per_participant": 3,
        },
    ),
    "workshops:workshop": (lambda w: {"pk": w["workshop"].pk}, ORG_READ, None, None),
    # Deleting (tests/workshops/test_delete.py); the matrix's POST deletes the closed one.
    "workshops:workshop_delete": (
        lambda w: {"pk": w["closed"].pk},
        ORG_COORDINATE,
        expect(ORG_COORDINATE, alice=302),
        lambda w: {},
    ),
    "workshops:qr": (lambda w: {"pk": w["workshop"].pk}, ORG_READ, None, None),
    "workshops:board": (lambda w: {"pk": w["workshop"].pk}, LIVE_STAFF, None, None),
    "workshops:console": (lambda w: {"pk": w["workshop"].pk}, LIVE_STAFF, None, None),
    "workshops:workspace": (lambda w: {"pk": w["workshop"].pk}, LIVE_STAFF, None, None),
    # Without a participant cookie of this session, the phone page sends people to type the
    # code; its own participant gets the page.
    "workshops:participate": (
        lambda w: {"pk": w["workshop"].pk},
        expect(dict.fromkeys(BASE, 302), participant=200),
        None,
        None,
    ),
    "workshops:join_code": (None, ALL, ALL, lambda w: {"code": "NOPE"}),
    # Reports: members read the external version; the session's moderators and the
    # organisation's coordinators edit (alice is both; bob is a member).
    "reports:report": (lambda w: {"pk": w["closed"].pk}, ORG_READ, None, None),
    "reports:draft": (
        lambda w: {"pk": w["closed"].pk},
        POST_ONLY,
        expect(ORG_COORDINATE, alice=302),
        lambda w: {},
    ),
    "reports:edit": (
        lambda w: {"pk": w["closed"].pk},
        ORG_COORDINATE,
        expect(ORG_COORDINATE, alice=302),
        lambda w: {"summary": "Samenvatting", "next_steps": ""},
    ),
    "reports:finalise": (
        lambda w: {"pk": w["closed"].pk, "version": 1},
        POST_ONLY,
        expect(ORG_COORDINATE, alice=302),
        lambda w: {},
    ),
    "reports:reopen": (
        lambda w: {"pk": w["closed"].pk, "version": 1},
        POST_ONLY,
        expect(ORG_COORDINATE, alice=302),
        lambda w: {},
    ),
    "reports:download": (
        lambda w: {"pk": w["closed"].pk, "version": 1, "audience": "extern", "fmt": "md"},
        ORG_READ,
        None,
        None,
    ),
    "reports:data_zip": (lambda w: {"pk": w["closed"].pk}, ORG_READ, None, None),
    "reports:data_csv": (
        lambda w: {"pk": w["closed"].pk, "table": "effects"},
        ORG_READ,
        None,
        None,
    ),
    "reports:case_export": (lambda w: {"pk": w["case"].pk}, ORG_READ, None, None),
    "reports:exchange_schema": (None, ALL, None, None),
    "reports:case_import": (
        lambda w: {"slug": w["org"].slug},
        ORG_COORDINATE,
        ORG_COORDINATE,  # an empty form comes back with its errors
        lambda w: {},
    ),
    # Who has joined already is sent on to the phone page.
    "workshops:join": (
        lambda w: {"code": w["workshop"].join_code},
        expect(ALL, participant=302),
        expect(ALL, participant=302),
        lambda w: {},
    ),
    # The library: public pages; A's case is neither published nor shared, so only A's
    # members find it (anonymous visitors get 404, not the login page: nothing is there).
    "library:library": (None, ALL, None, None),
    "library:open_data_json": (None, ALL, None, None),
    "library:open_data_csv": (None, ALL, None, None),
    "library:insights": (None, ALL, None, None),
    "library:insights_csv": (lambda w: {"slug": "values"}, ALL, None, None),
    "library:case": (lambda w: {"pk": w["case"].pk}, expect(ORG_READ, anonymous=404), None, None),
    "library:download": (
        lambda w: {"pk": w["case"].pk, "number": 1, "fmt": "md"},
        expect(ORG_READ, anonymous=404),
        None,
        None,
    ),
    # No publication yet: members read the page; saving needs one (404) and a coordinator.
    "library:publication": (
        lambda w: {"pk": w["case"].pk},
        ORG_READ,
        expect(ORG_COORDINATE, alice=404),
        lambda w: {"consent": "leave_out"},
    ),
    "library:prepare": (
        lambda w: {"pk": w["case"].pk},
        POST_ONLY,
        expect(ORG_COORDINATE, alice=302),
        lambda w: {},
    ),
    **{
        f"library:{step}": (
            lambda w: {"pk": w["case"].pk},
            POST_ONLY,
            expect(ORG_READ, bob=404, alice=404),
            lambda w: {"reason": "Omdat"},
        )
        for step in ("propose", "approve", "return", "withdraw")
    },
    "library:shares": (
        lambda w: {"pk": w["case"].pk},
        ORG_READ,
        expect(ORG_COORDINATE, alice=400),
        lambda w: {},
    ),
    "library:share_stop": (
        lambda w: {"pk": w["case"].pk, "share_pk": 999999},
        POST_ONLY,
        expect(ORG_COORDINATE, alice=404),
        lambda w: {},
    ),
    # Follow-up: anyone may ask for a session (an empty form comes back with its errors);
    # requests are handled by the chosen organisation's coordinators, or by the platform's
    # administrators when none was chosen.
    "followup:request_session": (None, ALL, dict.fromkeys(BASE, 400), lambda w: {}),
    "followup:request_sent": (None, ALL, None, None),
    "followup:requests": (lambda w: {"slug": w["org"].slug}, ORG_COORDINATE, None, None),
    "followup:platform_requests": (
        None,
        {"anonymous": LOGIN, "charlie": 404, "bob": 404, "alice": 404, "staff": 200},
        None,
        None,
    ),
    "followup:request": (
        lambda w: {"pk": w["session_request"].pk},
        expect(SESSION_STAFF, bob=404),
        expect(SESSION_STAFF, bob=404, alice=400),
        lambda w: {},
    ),
    "followup:case_actions": (
        lambda w: {"pk": w["case"].pk},
        ORG_READ,
        expect(ORG_COORDINATE, alice=400),
        lambda w: {},
    ),
    "followup:actions": (lambda w: {"slug": w["org"].slug}, ORG_READ, None, None),
    "followup:plan_followup": (
        lambda w: {"pk": w["case"].pk},
        ORG_COORDINATE,
        expect(ORG_COORDINATE, alice=400),
        lambda w: {},
    ),
    "followup:evaluations": (lambda w: {"slug": w["org"].slug}, ORG_READ, None, None),
    "followup:workshop_evaluation": (lambda w: {"pk": w["closed"].pk}, ORG_READ, None, None),
    # Training: alice trains a cohort of A in which bob is enrolled.
    "training:home": (None, LOGGED_IN, None, None),
    "training:cohort_create": (
        None,
        expect(LOGGED_IN, charlie=403, bob=403, staff=403),
        expect(LOGGED_IN, charlie=403, bob=403, alice=400, staff=403),
        lambda w: {},
    ),
    "training:cohort": (
        lambda w: {"pk": w["cohort"].pk},
        expect(SESSION_STAFF, bob=404),
        expect(SESSION_STAFF, bob=404, alice=400),
        lambda w: {},
    ),
    "training:enrolment": (
        lambda w: {"pk": w["enrolment"].pk},
        expect(SESSION_STAFF, bob=200, mona=404),
        None,
        None,
    ),
    "training:module": (
        lambda w: {"pk": w["enrolment"].pk, "key": "method"},
        expect(SESSION_STAFF, bob=200, mona=404),
        expect(SESSION_STAFF, bob=400, alice=403, mona=404),
        lambda w: {},
    ),
    "training:step": (
        lambda w: {"pk": w["enrolment"].steps.first().pk},
        expect(SESSION_STAFF, bob=200, mona=404),
        expect(SESSION_STAFF, bob=403, alice=403, mona=404),
        lambda w: {},
    ),
    "training:register": (lambda w: {"slug": w["org"].slug}, ORG_READ, None, None),
    # Practice: for trainees (bob) and trainers (alice); a practice session for its trainee.
    "training:practice": (
        None,
        expect(SESSION_STAFF, bob=200, mona=404),
        expect(SESSION_STAFF, bob=400, alice=400, mona=404),
        lambda w: {},
    ),
    "training:practice_session": (
        lambda w: {"pk": w["practice"].pk},
        expect(SESSION_STAFF, bob=200, alice=404, mona=404),
        None,
        None,
    ),
    # The community: the cohort's space for its trainer (alice) and trainee (bob); the space
    # of all moderators for everyone who moderates somewhere (alice and charlie are admins,
    # mona a moderator).
    "training:community": (
        None,
        expect(LOGGED_IN, bob=404, staff=404, mona=200),
        expect(LOGGED_IN, bob=404, staff=404, alice=400, charlie=400, mona=400),
        lambda w: {},
    ),
    "training:cohort_community": (
        lambda w: {"pk": w["cohort"].pk},
        expect(SESSION_STAFF, bob=200, mona=404),
        expect(SESSION_STAFF, bob=400, alice=400, mona=404),
        lambda w: {},
    ),
    "training:post": (
        lambda w: {"pk": w["post"].pk},
        expect(SESSION_STAFF, bob=200, mona=404),
        expect(SESSION_STAFF, bob=400, alice=400, mona=404),
        lambda w: {},
    ),
    # Calendar apps cannot log in: a personal API token works too (tests/followup), and a
    # POST is refused before anything else.
    "followup:calendar": (
        lambda w: {"slug": w["org"].slug},
        ORG_READ,
        dict.fromkeys(BASE, 405),
        lambda w: {},
    ),
    "followup:timeline": (lambda w: {"pk": w["technology"].pk}, ORG_READ, None, None),
    "followup:action": (
        lambda w: {"pk": w["action"].pk},
        ORG_READ,
        expect(ORG_READ, bob=400, alice=400),
        lambda w: {},
    ),
    "followup:action_edit": (
        lambda w: {"pk": w["action"].pk},
        ORG_COORDINATE,
        expect(ORG_COORDINATE, alice=400),
        lambda w: {},
    ),
    "followup:action_shares": (
        lambda w: {"pk": w["action"].pk},
        ORG_COORDINATE,
        expect(ORG_COORDINATE, alice=400),
        lambda w: {},
    ),
    "followup:action_share_stop": (
        lambda w: {"pk": w["action"].pk, "share_pk": 999999},
        POST_ONLY,
        expect(ORG_COORDINATE, alice=404),
        lambda w: {},
    ),
}


def url_names(patterns=None, namespace=""):
    """Every named URL pattern of the platform, outside the Django admin."""
    names = []
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names += url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            assert pattern.name, f"URL pattern {pattern.pattern} has no name"
            names.append(namespace + pattern.name)
    return names


def test_every_url_has_an_entry():
    from tests.api.test_permissions import API_ACCESS

    found = set(url_names())
    tables = set(ACCESS) | set(API_ACCESS)
    assert found - tables == set(), "add these URLs to ACCESS or API_ACCESS with their rules"
    assert tables - found == set(), "these entries name URLs that no longer exist"


@pytest.fixture
def world(org_a, org_b, alice, bob, charlie, mona, staff, technology, case):
    invitation, token = accounts.invite_member(alice, org_a, email="dana@a.test", role="member")
    from django.utils import timezone

    from guidance_ethics.cases.actions import describe_case, register_technology
    from guidance_ethics.workshops.actions import join_workshop, plan_workshop

    workshop = plan_workshop(
        alice, case, starts_at=timezone.now(), format="online", moderator=alice, co_moderator=mona
    )
    _participant, participant_token = join_workshop(
        workshop.join_code, stakeholder_group="citizen", consent_publication=True
    )
    elsewhere = plan_workshop(
        charlie,
        describe_case(charlie, register_technology(charlie, org_b, **TECHNOLOGY), **CASE),
        starts_at=timezone.now(),
        format="online",
        moderator=charlie,
        co_moderator=charlie,
    )
    _stranger, stranger_token = join_workshop(
        elsewhere.join_code, stakeholder_group="citizen", consent_publication=True
    )
    from guidance_ethics.workshops.actions import close_workshop

    closed = close_workshop(
        alice,
        plan_workshop(
            alice,
            case,
            starts_at=timezone.now(),
            format="online",
            moderator=alice,
            co_moderator=alice,
        ),
    )
    from guidance_ethics.accounts.actions import create_api_token

    api_token, _secret = create_api_token(alice, name="Sleutel van Alice")
    # Test data for the follow-up pages (through their actions elsewhere, in tests/followup).
    action = Action.objects.create(organisation=org_a, case=case, title="Training geven")
    session_request = SessionRequest.objects.create(
        name="Vera",
        email="vera@example.test",
        organisation=org_a,
        technology="Camera's",
        technology_kind="camera",
        context="Bij de ingang.",
        phase="before",
        question="Mag dit?",
        expected_participants=20,
    )
    from guidance_ethics.lib.actors import SYSTEM as system
    from guidance_ethics.training import actions as training

    training.appoint_trainer(system, alice)
    cohort = training.create_cohort(alice, name="Voorjaar", organisations=[org_a])
    enrolment = training.enrol(alice, cohort, bob)
    from guidance_ethics.training.actions import add_post

    post = add_post(alice, cohort, title="Welkom", text="Stel hier uw vragen.")
    from guidance_ethics.training.practice import start

    practice = start(bob, "cameras-nightlife")
    return {
        "practice": practice,
        "post": post,
        "cohort": cohort,
        "enrolment": enrolment,
        "action": action,
        "session_request": session_request,
        "api_token": api_token,
        "workshop": workshop,
        "closed": closed,
        "org": org_a,
        "technology": technology,
        "case": case,
        "email_token": signing.dumps(
            {"user": alice.pk, "email": "alice.nieuw@a.test"}, salt="guidance-ethics.email-change"
        ),
        "spare_case": describe_case(alice, technology, **{**CASE, "title": "Reservecasus"}),
        "invitation": invitation,
        "token": token,
        "bob_membership": Membership.objects.get(user=bob, organisation=org_a),
        "people": {"alice": alice, "bob": bob, "charlie": charlie, "mona": mona, "staff": staff},
        "participants": {
            "participant": (workshop, participant_token),
            "stranger": (elsewhere, stranger_token),
        },
    }


def snapshot(organisation):
    """Everything of organisation A that a refused request must leave as it was."""
    return {
        "organisation": list(Organisation.objects.filter(pk=organisation.pk).values()),
        "memberships": list(Membership.objects.filter(organisation=organisation).values()),
        "invitations": list(Invitation.objects.filter(organisation=organisation).values()),
        "technologies": list(Technology.objects.filter(organisation=organisation).values()),
        "cases": list(Case.objects.filter(organisation=organisation).values()),
        "workshops": list(Workshop.objects.filter(organisation=organisation).values()),
        "reports": list(Report.objects.filter(organisation=organisation).values()),
        "participants": Participant.objects.count(),
        "audit": AuditEntry.objects.filter(organisation=organisation).count(),
        "organisations": Organisation.objects.count(),
        "publications": list(Publication.objects.filter(organisation=organisation).values()),
        "shares": list(CaseShare.objects.filter(case__organisation=organisation).values()),
        "actions": list(Action.objects.filter(organisation=organisation).values()),
        "action_notes": list(ActionNote.objects.filter(action__organisation=organisation).values()),
        "action_shares": list(
            ActionShare.objects.filter(action__organisation=organisation).values()
        ),
        "requests": list(SessionRequest.objects.filter(organisation=organisation).values()),
        "enrolments": list(Enrolment.objects.values()),
        "module_results": list(ModuleResult.objects.values()),
        "practice_steps": list(PracticeStep.objects.values()),
        "cohorts": Cohort.objects.count(),
        "posts": list(Post.objects.values()),
        "replies": Reply.objects.count(),
    }


def _complete(expected: dict | None) -> dict | None:
    """``expected`` with the participants as the anonymous visitor, mona as bob, where the
    entry does not name them."""
    if expected is None:
        return None
    defaults = {
        "participant": expected["anonymous"],
        "stranger": expected["anonymous"],
        "mona": expected["bob"],
    }
    return {**defaults, **expected}


ACCESS = {
    name: (kwargs, _complete(get), _complete(post), data)
    for name, (kwargs, get, post, data) in ACCESS.items()
}


# GET redirects that are not refusals: the session's own participant, sent to their page.
WELCOME_REDIRECTS = {("workshops:join", "participant")}


def missing_kwargs(kwargs: dict) -> dict:
    """The same URL's arguments, naming objects that do not exist."""
    return {
        key: 999999 if isinstance(value, int) else f"x{value}"[:-1] + "q"
        for key, value in kwargs.items()
    }


def body_of(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _target(response):
    """Where a redirect other than to the login page leads."""
    return response.url if outcome(response) == 302 else None


def outcome(response):
    if response.status_code == 302 and response.url.startswith(reverse("accounts:login")):
        return LOGIN
    return response.status_code


CASES = [
    (name, method, persona)
    for name, (_kwargs, get, post, _data) in ACCESS.items()
    for method in ("GET", "POST")
    for persona in PERSONAS
]


@pytest.mark.parametrize(("name", "method", "persona"), CASES)
def test_access(client, world, name, method, persona):
    kwargs_of, get_expected, post_expected, data_of = ACCESS[name]
    url = reverse(name, kwargs=kwargs_of(world) if kwargs_of else None)
    if persona in ("participant", "stranger"):
        workshop, token = world["participants"][persona]
        client.cookies[f"ge_participant_{workshop.pk}"] = token
    elif persona != "anonymous":
        client.force_login(world["people"][persona])
    before = snapshot(world["org"])
    if method == "GET":
        expected = get_expected[persona]
        response = client.get(url)
        # HEAD works wherever GET does, with the same answer and no body.
        head = client.head(url)
        assert outcome(head) == outcome(response), f"HEAD {url} as {persona}: {outcome(head)}"
        assert not body_of(head), f"HEAD {url} as {persona} sent a body"
    else:
        # A view that takes no POST answers 405 to the logged in, or sends others to log in.
        fallback = {p: (LOGIN if e == LOGIN else 405) for p, e in get_expected.items()}
        if name in {"accounts:login", "accounts:password_reset", "accounts:password_change"}:
            fallback = get_expected  # their POST is a form post; tested elsewhere
        expected = (post_expected or fallback)[persona]
        response = client.post(url, data_of(world) if data_of else {})
    assert outcome(response) == expected, f"{method} {url} as {persona}: {outcome(response)}"
    refused = (LOGIN, 404, 405) if method == "POST" else (LOGIN, 302, 404, 405)
    if kwargs_of and expected in refused and (name, persona) not in WELCOME_REDIRECTS:
        # Refused (a POST's redirect is its success, a GET's sends away): the same answer
        # for an object that does not exist, so that the answer tells nobody whether it does.
        missing = reverse(name, kwargs=missing_kwargs(kwargs_of(world)))
        other = client.get(missing) if method == "GET" else client.post(missing, {})
        assert (outcome(other), _target(other)) == (outcome(response), _target(response)), (
            f"{method} {url} as {persona} tells existence: {outcome(other)} for {missing}"
        )
    allowed_write = method == "POST" and expected == 302 and persona in ("alice", "staff")
    if not allowed_write and name not in {"accounts:logout", "set_language"}:
        assert snapshot(world["org"]) == before, f"{method} {url} as {persona} changed data"


def test_argon2_is_what_the_real_settings_use():
    from guidance_ethics import settings as real

    assert real.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_charlie_cannot_accept_alices_invitation(client, world):
    client.force_login(world["people"]["charlie"])
    client.post(reverse("accounts:invitation", args=[world["token"]]))
    assert not Membership.objects.filter(
        user=world["people"]["charlie"], organisation=world["org"]
    ).exists()


def test_unknown_invitation_token_is_404(client, world):
    response = client.get(reverse("accounts:invitation", args=["not-a-token"]))
    assert response.status_code == 404


def admin_urls(world):
    """The admin's list and change page of every registered model, on an object of A."""
    objects = {
        Organisation: world["org"],
        Technology: world["technology"],
        Case: world["case"],
        Membership: world["bob_membership"],
        Invitation: world["invitation"],
    }
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        urls.append(reverse("admin:{}_{}_changelist".format(*info)))
        obj = objects.get(model) or model.objects.first()
        if obj is not None:
            urls.append(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]))
    return urls


@pytest.mark.parametrize("persona", ["anonymous", "charlie", "alice"])
def test_only_platform_administrators_reach_the_admin(client, world, persona):
    if persona != "anonymous":
        client.force_login(world["people"][persona])
    for url in admin_urls(world):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("admin:login")), url


def test_platform_administrator_reads_every_admin_page_in_dutch(client, world):
    client.force_login(world["people"]["staff"])
    for url in admin_urls(world):
        response = client.get(url)
        assert response.status_code == 200, url
        assert 'lang="nl"' in response.content.decode(), url


@pytest.fixture
def practice_world(world, org_b, alice):
    """bob's practice work in the practice organisation, where tess, a trainee of
    organisation B, practises too: every trainee is a coordinator of it."""
    from guidance_ethics.lib.actors import SYSTEM
    from guidance_ethics.training import actions as training
    from guidance_ethics.training.practice import start
    from guidance_ethics.workshops.actions import close_workshop
    from tests.conftest import make_user

    tess = make_user("tess@b.test", "Tess Tweede")
    accounts.add_member(SYSTEM, org_b, tess, "member")
    training.enrol(alice, training.create_cohort(alice, name="B", organisations=[org_b]), tess)
    start(tess, "risk-scoring-inspections")
    bob = world["people"]["bob"]
    closed = close_workshop(bob, world["practice"].workshop)
    workshop = start(bob, "drones-business-park").workshop  # one running practice at a time
    return {
        **world,
        "tess": tess,
        "org": workshop.organisation,
        "technology": workshop.case.technology,
        "case": workshop.case,
        "spare_case": closed.case,
        "workshop": workshop,
        "closed": closed,
        "action": Action.objects.create(
            organisation=workshop.organisation, case=workshop.case, title="Oefenactie"
        ),
    }


PRACTICE_OBJECTS = ("org", "technology", "case", "spare_case", "workshop", "closed", "action")
# Joining as a participant takes the join code, for anyone who has it (as in every session);
# another trainee no longer sees the code anywhere.
BY_JOIN_CODE = {"workshops:join", "workshops:participate"}


def _about_practice(name) -> bool:
    kwargs_of = ACCESS[name][0]
    if kwargs_of is None or name in BY_JOIN_CODE:
        return False
    probe = {key: object() for key in PRACTICE_OBJECTS}
    try:
        kwargs_of(probe)
    except (KeyError, TypeError):
        return False
    except AttributeError:
        return True  # it read an attribute of one of the practice objects
    return False


@pytest.mark.parametrize("name", [name for name in ACCESS if _about_practice(name)])
def test_a_trainee_of_another_organisation_reaches_nothing_of_anothers_practice(
    client, practice_world, name
):
    """Every URL about a technology, case, session, action or the organisation itself,
    on bob's practice work, for tess: not found (or 405 before any lookup), nothing
    changed."""
    kwargs_of, _get, _post, data_of = ACCESS[name]
    url = reverse(name, kwargs=kwargs_of(practice_world))
    client.force_login(practice_world["tess"])
    before = snapshot(practice_world["org"])
    assert client.get(url).status_code in (404, 405), f"GET {url}"
    response = client.post(url, data_of(practice_world) if data_of else {})
    assert response.status_code in (404, 405), f"POST {url}: {response.status_code}"
    assert snapshot(practice_world["org"]) == before, f"POST {url} changed data"


def test_a_trainee_reads_their_own_practice_and_no_one_elses_in_any_list(client, practice_world):
    bob, tess = practice_world["people"]["bob"], practice_world["tess"]
    case, workshop = practice_world["case"], practice_world["workshop"]
    client.force_login(bob)
    for url in (case.get_absolute_url(), workshop.get_absolute_url()):
        assert client.get(url).status_code == 200, url
    client.force_login(tess)
    for url in (
        reverse("core:dashboard"),
        reverse("library:library"),
        reverse("api:cases"),
        reverse("training:practice"),
        reverse("accounts:organisations"),
    ):
        page = client.get(url).content.decode()
        assert case.title not in page and "Bob Lid" not in page, url
    own = tess.practice_sessions.get().workshop.case
    page = client.get(reverse("workshops:workshop_create", args=[own.pk])).content.decode()
    assert "Tess Tweede" in page and "Bob Lid" not in page  # the planning form


def test_the_practice_organisation_is_no_sharing_partner(client, practice_world, alice):
    from django.core.exceptions import ValidationError

    from guidance_ethics.followup import actions as followup
    from guidance_ethics.library import actions as library

    practice_org, case = practice_world["org"], practice_world["spare_case"]
    real_case = Case.objects.get(title="Reservecasus")
    with pytest.raises(ValidationError):
        library.share_case(alice, real_case, practice_org)
    action = Action.objects.create(organisation=real_case.organisation, case=real_case, title="x")
    with pytest.raises(ValidationError):
        followup.share_action(alice, action, practice_org)
    with pytest.raises(ValidationError):
        followup.update_action(alice, action, title="x", owner_organisation=practice_org)
    from guidance_ethics.training import actions as training

    with pytest.raises(ValidationError):
        training.create_cohort(alice, name="Oefenaars", organisations=[practice_org])
    assert not CaseShare.objects.exists() and not ActionShare.objects.exists()
    assert not Action.objects.filter(owner_organisation=practice_org).exists()
    client.force_login(alice)
    page = client.get(reverse("library:shares", args=[real_case.pk])).content.decode()
    assert practice_org.name not in page and case.title not in page


@pytest.mark.parametrize(
    "when", ["9999-12-31T23:30:00+00:00", "0001-01-01T00:00:00+00:00"], ids=["late", "early"]
)
def test_no_page_fails_on_a_date_stored_outside_the_range(client, world, when):
    """Rows written around the actions (before the range was checked, or by hand) read as
    the nearest end of the range: every page still answers."""
    from datetime import datetime

    moment = datetime.fromisoformat(when)
    Workshop.objects.update(starts_at=moment)
    Workshop.objects.filter(closed_at__isnull=False).update(closed_at=moment)
    Action.objects.update(due=moment.date())
    for persona in ("alice", "participant"):
        client.logout()
        if persona == "participant":
            workshop, token = world["participants"][persona]
            client.cookies[f"ge_participant_{workshop.pk}"] = token
        else:
            client.force_login(world["people"][persona])
        for name, (kwargs_of, get_expected, _post, _data) in ACCESS.items():
            if get_expected[persona] != 200:
                continue
            url = reverse(name, kwargs=kwargs_of(world) if kwargs_of else None)
            assert client.get(url).status_code == 200, f"GET {url} as {persona}"


def test_head_answers_as_get_does_on_the_api(client, world):
    """The API's reading operations (not the endless event stream) take HEAD as well."""
    from tests.api.test_permissions import API_ACCESS

    client.force_login(world["people"]["alice"])
    unscoped = ("api:openapi", "api:cases")
    for name, (method, _phase, _body, _expected) in API_ACCESS.items():
        if method != "GET" or name == "api:events":
            continue
        kwargs = {} if name in unscoped else {"workshop_id": world["workshop"].pk}
        url = reverse(name, kwargs=kwargs)
        got, head = client.get(url), client.head(url)
        assert head.status_code == got.status_code, f"HEAD {url}: {head.status_code}"
        assert not body_of(head), f"HEAD {url} sent a body"


def test_head_of_the_home_page_answers_like_get(client, db):
    response = client.head("/")
    assert response.status_code == 200 and not response.content
