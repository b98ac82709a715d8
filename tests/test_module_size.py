"""No source module over 500 lines (issue 23): a module that grows past that is split along
its sections (docs/decisions.md, "Modules split along their sections"). Migrations are
generated history and are left out."""

from pathlib import Path

import guidance_ethics

LIMIT = 500
SOURCE = Path(guidance_ethics.__file__).parent


def test_no_source_module_is_over_500_lines():
    over = {
        str(path.relative_to(SOURCE)): lines
        for path in SOURCE.rglob("*.py")
        if "migrations" not in path.parts
        and (lines := len(path.read_text(encoding="utf-8").splitlines())) > LIMIT
    }
    assert not over, f"split these along their sections: {over}"
