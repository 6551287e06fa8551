"""What the "scorm" storage holds, for tests that count the files a save wrote (or did not write)."""

from __future__ import annotations

from django.core.files.storage import storages


def stored_files() -> list[str]:
    """Every file in the "scorm" storage, as storage names."""
    files = storages["scorm"]

    def under(folder: str) -> list[str]:
        folders, names = files.listdir(folder)
        here = [f"{folder}/{name}".lstrip("/") for name in names]
        return here + [name for sub in folders for name in under(f"{folder}/{sub}".lstrip("/"))]

    return under("") if files.exists("") else []
