"""Where a package version's files live, through Django's storage API only (the ``scorm`` entry of
``STORAGES``, so a shared backend serves every node), and how they are read back.

The ``scorm`` storage is kept apart from ``default`` (whose files the main site serves under ``MEDIA_URL`` in
development): package files are served only by the content view, on the content host (``content.py``)."""

from __future__ import annotations

import itertools
import logging
import secrets
import threading

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import transaction

from learning.scorm.manifest import CheckedPackage
from learning.scorm.unpack import member_bytes, safe_path

logger = logging.getLogger(__name__)

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


# Files written inside a transaction that has not committed yet, per thread (as database connections are): each
# group under a key that an on_commit callback removes. Django has no rollback hook, so a group still here once no
# transaction is open was rolled back, and ``uncommitted_files_delete`` deletes its files.
_uncommitted = threading.local()
_keys = itertools.count()


def _uncommitted_groups() -> dict[int, list[str]]:
    if not hasattr(_uncommitted, "groups"):
        _uncommitted.groups = {}
    return _uncommitted.groups


def files_keep_if_committed(names: list[str]) -> None:
    """Keep ``names`` only if the transaction open now commits; outside a transaction they are already kept."""
    if not names or not transaction.get_connection().in_atomic_block:
        return
    groups = _uncommitted_groups()
    key = next(_keys)
    groups[key] = list(names)
    transaction.on_commit(lambda: groups.pop(key, None))


def uncommitted_files_delete(**_signal) -> int:
    """Delete the files of transactions that ended without committing; return how many. Run when each request
    finishes (``LearningConfig.ready``), when the request's transactions have ended; while one is still open it
    cannot tell, and does nothing."""
    groups = _uncommitted_groups()
    if not groups or transaction.get_connection().in_atomic_block:
        return 0
    names = [name for group in groups.values() for name in group]
    groups.clear()
    try:
        files_delete(names)
    except Exception:  # the request has been answered: a storage fault is logged, never raised into the server
        logger.warning("Could not delete the files of a SCORM package that was not saved", exc_info=True)
    return len(names)


def stored_name(prefix: str, path: str) -> str | None:
    """Return the storage name of a package file for a requested path, or None for a path that is not safe."""
    try:
        checked = safe_path(path)
    except ValueError:
        return None
    return f"{prefix}/{checked}" if checked else None
