"""What the API fuzzing (test_fuzz.py) found, kept as plain examples: each was a server
error or a request accepted against the document, and is now refused and changes nothing."""

import json

import pytest
from django.urls import reverse

from guidance_ethics.live.models import Event
from guidance_ethics.workshops.models import Phase


@pytest.fixture
def staff_post(client, login, mona, workshop, in_phase):
    in_phase(Phase.EFFECTS)
    login(mona)

    def post(name, body):
        url = reverse(f"api:{name}", args=[workshop.pk])
        return client.post(url, body, content_type="application/json")

    return post


@pytest.mark.parametrize(
    ("name", "body"),
    [
        ("moderation", {"action": "hide", "type": {}, "id": 1}),
        ("moderation", {"action": "hide", "type": "effect", "id": 10**30}),
        ("moderation", {"action": "unlock", "id": -5}),
        ("moderation", {"action": ["lock"]}),
        ("timer", {"action": "pause", "seconds": -1}),
        ("timer", {"action": {"set": 1}}),
        ("timer", {"action": "start", "seconds": None}),  # found on PostgreSQL, 2026-11-29
        ("phase", {"phase": "nonsense", "step": 1}),
        ("effects", {"text": "half a pair \ud800", "polarity": "negative"}),
        ("actors", {"name": " " + "x" * 120}),
    ],
)
def test_refused_and_nothing_changes(staff_post, name, body):
    before = Event.objects.count()
    response = staff_post(name, json.dumps(body))
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert Event.objects.count() == before


def test_suggestions_refuse_numbers_too_large_to_be_ids_and_unknown_parameters(
    client, login, mona, workshop
):
    login(mona)
    url = reverse("api:suggestions", args=[workshop.pk])
    assert client.get(url, {"effects": "7" * 30}).status_code == 400
    assert client.get(url, {"effects": "1", "e": "x"}).status_code == 400


def test_an_api_address_without_a_route_is_a_problem_document(client, db):
    response = client.get("/api/v1/workshops/1/effects/null,null/values")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_a_library_filter_with_a_typo_is_refused(client, db):
    response = client.get(reverse("api:cases"), {"fse": "before"})
    assert response.status_code == 400 and "fse" in response.json()["detail"]


@pytest.mark.parametrize("code", ["\u0000ABCDEFG", "ACDE\u0000FGH", "ÄCDEFGHJ", "ACDEFGHJK"])
def test_a_code_not_of_a_codes_form_names_no_session_and_reaches_no_database(client, db, code):
    """Found on PostgreSQL, 2026-12-04: a NUL character in a join code reached the query,
    which PostgreSQL refuses, and the answer was 503. A code that cannot be one is unknown."""
    body = {"code": code, "stakeholder_group": "citizen", "consent_publication": True}
    response = client.post(reverse("api:join"), body, content_type="application/json")
    assert response.status_code == 400
    assert [p["name"] for p in response.json()["invalid-params"]] == ["code"]
    assert client.get(f"/j/{code.replace(chr(0), '%00')}/").status_code in (200, 400, 404)
