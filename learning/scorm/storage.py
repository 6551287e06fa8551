"""Where a package version's files live, through Django's storage API only (the ``scorm`` entry of
``STORAGES``, so a shared backend serves every node), and how they are read back.

The ``scorm`` storage is kept apart from ``default`` (whose files the main site serves under ``MEDIA_URL`` in
development): package files are served only by the content view, on the content host (``content.py``)."""

from __future__ import annotations

import secrets

from django.core.files.base import ContentFile
from django.core.files.storage import storages

from learning.scorm.manifest import CheckedPackage
from learning.scorm.unpack import member_bytes, safe_path

ROOT = "scorm"
NAME_CHANGED = "The storage renamed “{path}” while saving it, so the package cannot be stored as it is."


def package_storage():
    return storages["scorm"]


def version_prefix(package_id: int, number: int) -> str:
    """Return a fresh folder for a version: unguessable, so no two uploads ever share or overwrite files."""
    return f"{ROOT}/{package_id}/v{number}-{secrets.token_hex(8)}"


def files_write(*, checked: CheckedPackage, prefix: str) -> list[str]:
    """Write every checked member under ``prefix``; on any failure delete what was written and re-raise."""
    written: list[str] = []
    try:
        for member in checked.members:
            wanted = f"{prefix}/{member.path}"
            saved = package_storage().save(wanted, ContentFile(member_bytes(checked.archive, member)))
            written.append(saved)
            if saved != wanted:
                raise OSError(NAME_CHANGED.format(path=member.path))
    except BaseException:
        files_delete(written)
        raise
    return written


def files_delete(names: list[str]) -> None:
    for name in names:
        package_storage().delete(name)


def stored_name(prefix: str, path: str) -> str | None:
    """Return the storage name of a package file for a requested path, or None for a path that is not safe."""
    try:
        checked = safe_path(path)
    except ValueError:
        return None
    return f"{prefix}/{checked}" if checked else None
