from tests.api.conftest import api  # noqa: F401 - POST JSON as the API's callers do
