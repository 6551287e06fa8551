"""Decide which members of an uploaded SCORM zip may be stored, and read their bytes within stated limits.

Nothing here writes to disk or trusts a member's name: every name is split into segments, each segment is
checked, and the stored path is rebuilt from the checked segments. The caller (``storage.py``) hands those
paths to Django's storage API under a folder of its own choosing. A refused package raises ``PackageRefused``
with a sentence an editor can act on; nothing has been stored at that point.
"""

from __future__ import annotations

import hashlib
import stat
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

MAX_FILES = 3000
MAX_UNPACKED_BYTES = 300 * 1024 * 1024  # 300 MiB
MAX_COMPRESSION_RATIO = 200  # a member may not unpack to more than 200 times its compressed size ...
RATIO_CHECKED_FROM_BYTES = 1024 * 1024  # ... once it unpacks to more than 1 MiB (small text files compress well)
READ_CHUNK = 64 * 1024

NOT_A_ZIP = "The file is not a zip archive. Upload the SCORM package as a .zip file."
EMPTY_ZIP = "The zip archive is empty."
TOO_MANY_FILES = f"The package has {{count}} files; at most {MAX_FILES} are allowed."
TOO_LARGE = (
    f"The package unpacks to more than {MAX_UNPACKED_BYTES // (1024 * 1024)} MiB; "
    f"at most {MAX_UNPACKED_BYTES // (1024 * 1024)} MiB is allowed."
)
ZIP_BOMB = (
    f"“{{name}}” unpacks to {{ratio}} times its compressed size (at most {MAX_COMPRESSION_RATIO} times is allowed): "
    "the archive looks like a zip bomb."
)
ABSOLUTE_PATH = "“{name}” has an absolute path; every file in a package must sit below the package's root."
PARENT_PATH = "“{name}” climbs out of the package with “..”; every file must sit below the package's root."
UNSAFE_NAME = (
    "“{name}” is not a safe file name (backslashes, drive letters, control characters and empty parts are refused)."
)
SYMLINK = "“{name}” is a symbolic link; packages may hold only plain files and folders."
DUPLICATE = "“{name}” appears twice in the archive."
ENCRYPTED = "“{name}” is encrypted; packages must not be password-protected."
SIZE_MISMATCH = "“{name}” holds more data than the archive declares for it; the archive is damaged or crafted."
DAMAGED = "“{name}” cannot be read from the archive (it is damaged): {error}."


class PackageRefused(ValueError):
    """A package that will not be stored, with the reason in words an editor can act on."""


@dataclass(frozen=True)
class Member:
    """A file of the package that may be stored: the checked path and the zip entry it comes from."""

    path: str  # segments joined by "/", never starting with "/", never containing "." or ".."
    info: zipfile.ZipInfo

    @property
    def size(self) -> int:
        return self.info.file_size


def _is_symlink(info: zipfile.ZipInfo) -> bool:
    """Return True when the entry's Unix mode (the top 16 bits of its external attributes) says symbolic link."""
    mode = info.external_attr >> 16
    return mode != 0 and stat.S_ISLNK(mode)


def safe_path(name: str) -> str | None:
    """Return the checked path for a member name, or None for a folder entry; raise ``PackageRefused`` otherwise.

    Refused: absolute paths ("/x", "C:..."), any ".." segment, backslashes, control characters and empty
    segments in the middle ("a//b"). A "." segment is dropped.
    """
    if name.startswith("/"):
        raise PackageRefused(ABSOLUTE_PATH.format(name=name))
    if "\\" in name or any(ord(char) < 32 or ord(char) == 127 for char in name):
        raise PackageRefused(UNSAFE_NAME.format(name=name))
    segments = name.split("/")
    if len(segments[0]) >= 2 and segments[0][1] == ":":
        raise PackageRefused(ABSOLUTE_PATH.format(name=name))
    is_folder = segments[-1] == ""
    if is_folder:
        segments = segments[:-1]
    kept = []
    for segment in segments:
        if segment == "..":
            raise PackageRefused(PARENT_PATH.format(name=name))
        if segment == "":
            raise PackageRefused(UNSAFE_NAME.format(name=name))
        if segment != ".":
            kept.append(segment)
    if is_folder:
        return None
    if not kept:
        raise PackageRefused(UNSAFE_NAME.format(name=name))
    return "/".join(kept)


def package_digest(file: IO[bytes]) -> str:
    """Return the SHA-256 of the whole uploaded file as hex, read in chunks (never the whole file in memory at
    once), and leave the file at its start for the zip reader. Two uploads with this digest are the same zip."""
    digest = hashlib.sha256()
    try:
        file.seek(0)
        while chunk := file.read(READ_CHUNK):
            digest.update(chunk)
        file.seek(0)
    except (OSError, ValueError) as error:
        raise PackageRefused(NOT_A_ZIP) from error
    return digest.hexdigest()


def package_open(file: IO[bytes]) -> zipfile.ZipFile:
    """Open an uploaded file as a zip archive, or refuse it."""
    try:
        return zipfile.ZipFile(file)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise PackageRefused(NOT_A_ZIP) from error


def package_members(archive: zipfile.ZipFile) -> list[Member]:
    """Return every file of the archive that may be stored, in archive order; refuse the whole package at the
    first unsafe entry or when a stated limit is passed."""
    infos = archive.infolist()
    if not infos:
        raise PackageRefused(EMPTY_ZIP)
    files = [info for info in infos if not info.is_dir()]
    if len(files) > MAX_FILES:
        raise PackageRefused(TOO_MANY_FILES.format(count=len(files)))
    members: list[Member] = []
    seen: set[str] = set()
    total = 0
    for info in infos:
        path = safe_path(info.filename)
        if _is_symlink(info):
            raise PackageRefused(SYMLINK.format(name=info.filename))
        if path is None:
            continue
        if info.flag_bits & 0x1:
            raise PackageRefused(ENCRYPTED.format(name=info.filename))
        if path.casefold() in seen:
            raise PackageRefused(DUPLICATE.format(name=info.filename))
        seen.add(path.casefold())
        if info.file_size > RATIO_CHECKED_FROM_BYTES:
            ratio = info.file_size // max(info.compress_size, 1)
            if ratio > MAX_COMPRESSION_RATIO:
                raise PackageRefused(ZIP_BOMB.format(name=info.filename, ratio=ratio))
        total += info.file_size
        if total > MAX_UNPACKED_BYTES:
            raise PackageRefused(TOO_LARGE)
        members.append(Member(path=path, info=info))
    return members


def member_read(archive: zipfile.ZipFile, member: Member, *, limit: int | None = None) -> Iterator[bytes]:
    """Yield a member's bytes in chunks, refusing it if it yields more than its declared size (a crafted header)
    or more than ``limit`` bytes."""
    allowed = member.size if limit is None else min(member.size, limit)
    produced = 0
    try:
        with archive.open(member.info) as stream:
            while chunk := stream.read(READ_CHUNK):
                produced += len(chunk)
                if produced > allowed:
                    raise PackageRefused(SIZE_MISMATCH.format(name=member.info.filename))
                yield chunk
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as error:
        raise PackageRefused(DAMAGED.format(name=member.info.filename, error=error)) from error


def member_bytes(archive: zipfile.ZipFile, member: Member) -> bytes:
    """Return a (small) member's whole content, within its declared size."""
    return b"".join(member_read(archive, member))
