from django.urls import URLPattern, get_resolver, reverse
from openapi_spec_validator import validate

from guidance_ethics.api.openapi import PATHS, body_schema, openapi_document


def api_paths():
    """The API's URL patterns, written the OpenAPI way (``{workshop_id}``)."""
    for pattern in get_resolver().url_patterns:
        if getattr(pattern, "namespace", None) == "api":
            prefix = "/" + str(pattern.pattern)
            for inner in pattern.url_patterns:
                assert isinstance(inner, URLPattern)
                route = str(inner.pattern)
                for converter in ("int:", "str:", "slug:"):
                    route = route.replace(f"<{converter}", "{")
                yield prefix + route.replace(">", "}")


def test_every_api_path_is_documented_and_nothing_else():
    documented = set(openapi_document()["paths"])
    assert set(api_paths()) == documented


def test_the_document_is_served(client, db):
    response = client.get(reverse("api:openapi"))
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    for path, operations in document["paths"].items():
        for operation in operations.values():
            assert operation["responses"], path


def test_the_document_is_valid_openapi():
    validate(openapi_document())


def test_each_request_body_in_the_document_is_its_operations_model():
    """The document's bodies are generated from the models the views validate with."""
    document = openapi_document()
    for path, operations in PATHS.items():
        for method, operation in operations.items():
            declared = document["paths"][path][method].get("requestBody")
            if operation.body is None:
                assert declared is None, path
                continue
            schema = declared["content"]["application/json"]["schema"]
            assert schema == body_schema(operation.body), path
            assert schema["additionalProperties"] is False, path
