"""The exchange format's name, version and JSON Schema (``reports/schema/``, linked from
``docs/``)."""

import json
from functools import cache
from pathlib import Path

FORMAT = "guidance-ethics/exchange"
VERSION = 1
SCHEMA_PATH = Path(__file__).parent.parent / "schema" / "exchange-v1.schema.json"


@cache
def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text())
