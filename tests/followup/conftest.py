# A member of a third organisation; the demo session held on the cast's case, and published.
from tests.library.conftest import dave, held, published  # noqa: F401
