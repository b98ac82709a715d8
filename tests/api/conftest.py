import json

import pytest

from guidance_ethics.workshops import actions
from guidance_ethics.workshops.models import Phase


@pytest.fixture
def api(client):
    """POST JSON, optionally as a participant (bearer token)."""

    def _post(url, body=None, token=None, **extra):
        if token:
            extra["HTTP_AUTHORIZATION"] = f"Bearer {token}"
        return client.post(url, json.dumps(body or {}), content_type="application/json", **extra)

    return _post


@pytest.fixture
def in_phase(workshop, alice):
    def _to(phase):
        actions.set_phase(alice, workshop, phase)
        workshop.refresh_from_db()
        return workshop

    return _to


__all__ = ["Phase"]
