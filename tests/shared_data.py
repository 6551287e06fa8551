"""Find the project's shared test data, which lives outside the repository (../shared/data beside a checkout).

Looked for, in order: $UPSKILL_SHARED_DATA, ../shared/data beside this checkout, then /work/shared/data (where
the shared folder sits on the team's machines, for clones made elsewhere). A missing file is an error, never
a skip: the tests that use it must run.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = next(p for p in Path(__file__).resolve().parents if (p / "manage.py").is_file())
SEARCHED = [
    *([Path(os.environ["UPSKILL_SHARED_DATA"])] if os.environ.get("UPSKILL_SHARED_DATA") else []),
    REPO_ROOT.parent / "shared" / "data",
    Path("/work/shared/data"),
]


def shared_data_path(name: str) -> Path:
    """Return the path of shared data file ``name``, or raise FileNotFoundError naming every place looked in."""
    for folder in SEARCHED:
        if (folder / name).is_file():
            return (folder / name).resolve()
    places = ", ".join(str(folder) for folder in SEARCHED)
    raise FileNotFoundError(f"Shared test data {name} not found in: {places}. Set UPSKILL_SHARED_DATA.")
