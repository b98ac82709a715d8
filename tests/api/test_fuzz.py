"""API fuzzing (issue 10): schemathesis generates requests from the OpenAPI document, valid
and invalid, and sends them to the platform in-process (WSGI) for three callers: a
participant, the session's moderator (personal API token) and nobody. No answer may be a
server error, and every answer must match the document: its status, content type and body.
"""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from hypothesis import HealthCheck
from hypothesis import settings as fuzzing
from schemathesis.checks import (
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.core.parameters import ParameterLocation

from guidance_ethics.accounts.actions import create_api_token
from guidance_ethics.api.openapi import openapi_document
from guidance_ethics.workshops import actions
from guidance_ethics.workshops.models import Phase

schema = schemathesis.openapi.from_dict(openapi_document()).exclude(
    # A stream that never ends: WSGI cannot carry it. It runs against real servers in
    # tests/live/test_streams.py, bad input included.
    path="/api/v1/workshops/{workshop_id}/events"
)
schema.app = WSGIHandler()

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


@pytest.fixture(autouse=True)
def _one_connection_for_the_test():
    """The WSGI handler closes the database connection after each request, as in production;
    with PostgreSQL's pool that hands the test's open transaction back to the pool. Django's
    test client switches this off for its requests; so does this test for schemathesis's."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def callers(workshop, alice, join, settings):
    settings.ALLOWED_HOSTS = ["localhost"]  # schemathesis's WSGI client's host
    actions.set_phase(alice, workshop, Phase.EFFECTS)
    _participant, participant_token = join()
    _token, staff_token = create_api_token(alice, name="fuzz")
    return {"participant": participant_token, "moderator": staff_token, "nobody": ""}


@pytest.mark.parametrize("persona", ["participant", "moderator", "nobody"])
@schema.parametrize()
@fuzzing(  # how many, and whether they are the same every run: the profile (conftest.py)
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_answers_every_generated_request_as_documented(case, persona, callers, workshop):
    if case.path_parameters and "workshop_id" in case.path_parameters:
        case.path_parameters["workshop_id"] = workshop.pk
    headers = {"Authorization": f"Bearer {callers[persona]}"} if callers[persona] else {}
    checks = CHECKS
    if case.meta and not any(
        case.meta.is_negative_at(where)
        for where in (ParameterLocation.BODY, ParameterLocation.QUERY)
    ):
        # Invalid only where the test puts its own values (the session, the caller's
        # credentials): what is sent is valid, and may well be accepted.
        checks = [check for check in CHECKS if check is not negative_data_rejection]
    case.call_and_validate(headers=headers, checks=checks)
