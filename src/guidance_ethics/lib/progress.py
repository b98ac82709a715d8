"""Progress bars for long command-line work (tqdm), on standard error and only on a terminal."""

import sys

from tqdm import tqdm


def progress_bar(total: int, description: str, unit: str = "case") -> tqdm:
    return tqdm(total=total, unit=unit, desc=description, file=sys.stderr, disable=None)
