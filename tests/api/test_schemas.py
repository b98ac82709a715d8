"""Request bodies are checked by their operation's model (api/bodies.py, from which the API
document is generated; api/schemas.py): a value of the wrong type in any field of any
operation is refused with 400, names the field, and changes nothing. The operations and
their fields are read from the document, so that a new endpoint is covered without a
change here."""

import json

import pytest
from django.apps import apps
from django.urls import reverse

from guidance_ethics.api.openapi import openapi_document
from guidance_ethics.workshops.models import Evaluation, Phase, Workshop

WRONG = {
    "boolean": ["false", "no", "", 0, 1, 1.0, None, [], {}],
    "integer": [1.0, -1.0, True, False, "1", None, [], {}, 2**63],
    "number": [True, "1", None, []],
    "string": [1, 1.5, True, None, [], {}],
    "object": ["x", 1, True, None, []],
    "array": ["x", 1, True, None, {}],
}


def _sample(schema):
    """A value the schema accepts."""
    if "enum" in schema:
        return schema["enum"][0]
    return {
        "boolean": True,
        "integer": schema.get("minimum", 1),
        "number": 1,
        "string": "x",
        "object": {},
        "array": ["x"] * schema.get("minItems", 0),
    }[schema["type"]]


def _cases():
    for path, operations in openapi_document()["paths"].items():
        for method, operation in operations.items():
            if "requestBody" not in operation:
                continue
            schema = operation["requestBody"]["content"]["application/json"]["schema"]
            valid = {
                name: _sample(schema["properties"][name]) for name in schema.get("required", [])
            }
            for name, field in schema["properties"].items():
                for wrong in WRONG[field["type"]]:
                    if wrong is None and field.get("nullable"):
                        continue
                    yield pytest.param(
                        method,
                        path,
                        operation,
                        {**valid, name: wrong},
                        name,
                        id=f"{method} {path} {name}={json.dumps(wrong)}",
                    )


def stored() -> dict:
    """The number of rows in every table of the platform."""
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model.__module__.startswith("guidance_ethics.")
    }


@pytest.fixture
def headers_for(client, workshop, join, mona, login):
    """A participant's token for what participants may do in a session; otherwise the
    session's co-moderator, logged in."""
    _participant, token = join()
    login(mona)

    def headers(path, operation):
        staff_only = operation.get("description", "").startswith("Staff only")
        if path.startswith("/api/v1/workshops/") and not staff_only:
            return {"HTTP_AUTHORIZATION": f"Bearer {token}"}
        return {}

    return headers


def url_of(path, workshop):
    path = path.replace("{kind}", "effect").replace("{item_id}", "1")
    return path.replace("{workshop_id}", str(workshop.pk)).replace("{effect_id}", "1")


@pytest.mark.parametrize(("method", "path", "operation", "body", "field"), list(_cases()))
def test_a_wrong_typed_field_is_refused_and_nothing_is_stored(
    client, workshop, headers_for, method, path, operation, body, field
):
    before = stored()
    response = getattr(client, method)(
        url_of(path, workshop),
        json.dumps(body),
        content_type="application/json",
        **headers_for(path, operation),
    )
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert field in {p["name"] for p in response.json()["invalid-params"]}
    assert stored() == before


def test_a_quote_is_not_consented_by_the_string_false(api, workshop, join, in_phase):
    _participant, token = join()
    in_phase(Phase.CLOSING)
    url = reverse("api:evaluations", args=[workshop.pk])
    for consent in ("false", "no", 0, None):
        body = {"changed_view": "yes", "message": "Mag niet geciteerd", "quote_consent": consent}
        response = api(url, body, token=token)
        assert response.status_code == 400
        assert response.json()["invalid-params"][0]["name"] == "quote_consent"
    assert not Evaluation.objects.exists()
    body = {"changed_view": "yes", "message": "Mag niet geciteerd", "quote_consent": False}
    assert api(url, body, token=token).status_code == 201
    assert Evaluation.objects.get().quote_consent is False


def test_a_refusal_gives_each_fields_reason_in_the_callers_language(api, workshop, join, in_phase):
    _participant, token = join()
    in_phase(Phase.CLOSING)
    url = reverse("api:evaluations", args=[workshop.pk])
    body = {"changed_view": "maybe", "quote_consent": "false", "extra": 1}
    problem = api(url, body, token=token).json()
    assert problem["invalid-params"] == [
        {"name": "extra", "reason": "Onbekend veld."},
        {"name": "changed_view", "reason": "Gebruik een van: yes, somewhat, no."},
        {"name": "quote_consent", "reason": "Gebruik true of false."},
    ]
    assert problem["detail"] == "Onbekend veld."


def test_a_field_left_out_keeps_the_actions_own_default(client, login, mona, workshop):
    login(mona)
    url = reverse("api:timer", args=[workshop.pk])
    response = client.post(url, json.dumps({"action": "start"}), content_type="application/json")
    assert response.status_code == 201, response.content


@pytest.mark.parametrize("step", [-1.0, 1.0, True, "1"])
def test_a_step_is_a_whole_number_not_a_float_or_a_boolean(client, login, mona, workshop, step):
    login(mona)
    url = reverse("api:phase", args=[workshop.pk])
    response = client.post(url, json.dumps({"step": step}), content_type="application/json")
    assert response.status_code == 400
    assert response.json()["invalid-params"][0]["name"] == "step"
    assert Workshop.objects.get(pk=workshop.pk).phase == workshop.phase


def test_no_required_list_in_the_api_document_is_empty():
    def walk(node, where):
        if isinstance(node, dict):
            if "required" in node and isinstance(node["required"], list):
                assert node["required"], where
            for key, inner in node.items():
                walk(inner, f"{where}/{key}")
        elif isinstance(node, list):
            for i, inner in enumerate(node):
                walk(inner, f"{where}/{i}")

    walk(openapi_document(), "#")


def test_every_api_post_refuses_unknown_query_parameters(client, workshop, headers_for):
    for path, operations in openapi_document()["paths"].items():
        if "post" not in operations:
            continue
        before = stored()
        response = client.post(
            url_of(path, workshop) + "?dry_run=1",
            "{}",
            content_type="application/json",
            **headers_for(path, operations["post"]),
        )
        assert response.status_code == 400, (path, response.content)
        assert [p["name"] for p in response.json()["invalid-params"]] == ["dry_run"], path
        assert stored() == before


def test_a_body_over_djangos_own_limit_is_a_problem_document(client, db, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({"code": "x" * 2000})
    response = client.post(reverse("api:join"), body, content_type="application/json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "too_large"
