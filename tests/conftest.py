"""The fixed cast: alice is admin of organisation A, bob a member of A, charlie admin of B.

charlie must never see or change anything of organisation A.
"""

import os

import pytest
from django.core.cache import cache
from hypothesis import settings as hypothesis_settings

from guidance_ethics.accounts import actions as accounts
from guidance_ethics.cases import actions as cases
from guidance_ethics.lib.actors import SYSTEM

PASSWORD = "Correct-horse-battery-9"

# The API fuzz test (tests/api/test_fuzz.py) draws the same requests on every run, so that
# the test command turns red for a change in the platform, not for a request drawn by
# chance; HYPOTHESIS_PROFILE=explore draws new ones, and eight times as many, to look for
# what the repeatable ones miss (a finding becomes a case in test_fuzz_findings.py).
hypothesis_settings.register_profile("repeatable", derandomize=True, max_examples=25)
hypothesis_settings.register_profile("explore", derandomize=False, max_examples=200)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))


def pytest_collection_modifyitems(config, items):
    """Browser tests last: Playwright's event loop must not run beside Django's DB tests."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture(autouse=True)
def _clear_cache(settings):
    from guidance_ethics.suggestions.learning import forget

    cache.clear()
    forget()  # the suggester's models, keyed by figures a rolled-back test can repeat
    # A layer is fitted before it answers, so that what a test sees does not depend on when
    # the fitting thread comes round (tests/suggestions/test_learning.py tests that thread).
    settings.SUGGESTIONS_BACKGROUND_FIT = False
    yield


def make_user(email, name, **extra):
    return accounts.create_user(SYSTEM, email=email, password=PASSWORD, full_name=name, **extra)


@pytest.fixture
def org_a(db):
    return accounts.create_organisation(SYSTEM, name="Politie Eenheid A", kind="police")


@pytest.fixture
def org_b(db):
    return accounts.create_organisation(SYSTEM, name="Gemeente B", kind="municipality")


@pytest.fixture
def alice(org_a):
    user = make_user("alice@a.test", "Alice Admin")
    accounts.add_member(SYSTEM, org_a, user, "admin")
    return user


@pytest.fixture
def bob(org_a, alice):
    user = make_user("bob@a.test", "Bob Lid")
    accounts.add_member(SYSTEM, org_a, user, "member")
    return user


@pytest.fixture
def charlie(org_b):
    user = make_user("charlie@b.test", "Charlie Buiten")
    accounts.add_member(SYSTEM, org_b, user, "admin")
    return user


@pytest.fixture
def staff(db):
    """A platform administrator, who must use two-step verification: she has an
    authenticator app set up (``force_login`` stands for a login with its code)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = make_user("beheer@platform.test", "Bea Beheer", platform_admin=True)
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    return user


@pytest.fixture(autouse=True)
def _logins_with_their_code(monkeypatch):
    """``Client.force_login`` stands for a whole login: the password and, for someone with
    two-step verification, the code (tests/accounts/test_security.py logs in step by step)."""
    import time

    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY, devices_for_user

    from guidance_ethics.accounts.security import TWO_FACTOR_CHECKED_AT

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        device = next(iter(devices_for_user(user)), None)
        if device is not None:
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session[TWO_FACTOR_CHECKED_AT] = time.time()  # as the code page does
            session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


TECHNOLOGY = {
    "name": "Drones boven bedrijventerreinen",
    "kind": "drone",
    "description": "Een drone met camera vliegt 's nachts over het bedrijventerrein.",
}

CASE = {
    "title": "Dronetoezicht op De Vaart",
    "context": "Nachtelijk toezicht op een bedrijventerrein met signalen van ondermijning.",
    "decisions": "De meldkamer besluit of er een eenheid gaat kijken.",
    "domain": "safety",
    "phase": "before",
    "question": "Onder welke voorwaarden is dit aanvaardbaar?",
}


@pytest.fixture
def technology(org_a, alice):
    return cases.register_technology(alice, org_a, **TECHNOLOGY)


@pytest.fixture
def case(technology, alice):
    return cases.describe_case(alice, technology, **CASE)


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def mona(org_a, alice):
    """A moderator of A; co-moderator of the workshop fixture."""
    user = make_user("mona@a.test", "Mona Moderator")
    accounts.add_member(SYSTEM, org_a, user, "moderator")
    return user


@pytest.fixture
def workshop(case, alice, mona):
    from datetime import timedelta

    from django.utils import timezone

    from guidance_ethics.workshops import actions as workshops

    return workshops.plan_workshop(
        alice,
        case,
        starts_at=timezone.now() + timedelta(days=1),
        format="physical",
        moderator=alice,
        co_moderator=mona,
    )


@pytest.fixture
def join(workshop):
    """Join the workshop as a participant; returns (participant, token)."""
    from guidance_ethics.workshops import actions as workshops

    def _join(group="citizen", name="", consent=True, code=None):
        return workshops.join_workshop(
            code or workshop.join_code,
            display_name=name,
            stakeholder_group=group,
            consent_publication=consent,
        )

    return _join
