from tests.library.conftest import dave  # noqa: F401 - a member of a third organisation
