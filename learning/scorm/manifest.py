"""Read a SCORM package's ``imsmanifest.xml``: version and edition, organisation, items and their launch files.

The XML is parsed with ``defusedxml`` (no entity expansion, no external references). Namespaces differ
between SCORM 1.2 and 2004, so elements are matched by their local name and attributes by local name too
(``adlcp:scormtype`` in 1.2, ``adlcp:scormType`` in 2004). A package is refused, with a sentence saying what is
missing, when it has no manifest at its root or nothing a learner could launch.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from typing import IO
from xml.etree.ElementTree import Element

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring

from learning.scorm.unpack import Member, PackageRefused, member_bytes, package_digest, package_members, package_open

MANIFEST_NAME = "imsmanifest.xml"
MAX_MANIFEST_BYTES = 5 * 1024 * 1024

SCORM_12 = "1.2"
SCORM_2004 = "2004"

NO_MANIFEST = (
    "The package has no imsmanifest.xml at the root of the zip, so it is not a SCORM package "
    "(zip the package's contents, not the folder that holds them)."
)
MANIFEST_IN_FOLDER = (
    "The package's imsmanifest.xml is in the folder “{folder}” rather than at the root of the zip. "
    "Zip the contents of “{folder}” instead, so that imsmanifest.xml sits at the top."
)
MANIFEST_TOO_LARGE = f"imsmanifest.xml is larger than {MAX_MANIFEST_BYTES // (1024 * 1024)} MiB."
MANIFEST_UNREADABLE = "imsmanifest.xml is not well-formed XML: {error}."
MANIFEST_UNSAFE = "imsmanifest.xml uses XML entities or external references, which are refused."
NOT_A_MANIFEST = "imsmanifest.xml does not start with a <manifest> element."
UNKNOWN_VERSION = (
    "The manifest does not say which SCORM version it follows (no <schemaversion> of 1.2 or 2004 and no SCORM "
    "namespace), so it cannot be played."
)
NO_ORGANISATION = "The manifest has no <organization>, so there is nothing for a learner to open."
NO_LAUNCHABLE = (
    "The package has no launchable resource: no <item> of organisation “{organisation}” points "
    "(identifierref) to a <resource> with an href."
)
MISSING_RESOURCE = "Item “{item}” points to resource “{resource}”, which the manifest does not define."
NO_HREF = "Item “{item}” points to resource “{resource}”, which has no href (launch file)."
LAUNCH_FILE_MISSING = "The launch file “{href}” of item “{item}” is not in the package."

# 2004 sequencing the runtime does not carry out: the lesson page lists these instead of failing silently.
# The player offers every item of the organisation in order (choice and flow navigation) and nothing more.
UNSUPPORTED_SEQUENCING = {
    "sequencingRules": "pre-condition, exit and post-condition rules (such as items disabled until another is done)",
    "rollupRules": "custom rollup rules",
    "limitConditions": "attempt limits",
    "randomizationControls": "random selection or ordering of items",
    "mapInfo": "global objectives shared between items",
    "data": "shared data between items (adlcp:data)",
}


@dataclass(frozen=True)
class Item:
    """An item of the organisation: a launchable SCO or asset (``href`` set) or a heading that groups others."""

    identifier: str
    title: str
    depth: int
    href: str = ""  # the launch file with any parameters, relative to the package root
    scorm_type: str = ""  # "sco" (talks to the runtime) or "asset" (a plain page)

    @property
    def launchable(self) -> bool:
        return bool(self.href)


@dataclass(frozen=True)
class Manifest:
    """What the package's manifest says, enough to store, list and launch it."""

    identifier: str
    version: str  # SCORM_12 or SCORM_2004
    edition: str  # "" for 1.2; "2nd", "3rd", "4th" or "" (unknown) for 2004
    title: str
    items: tuple[Item, ...]
    unsupported_sequencing: tuple[str, ...] = field(default=())

    @property
    def launchable_items(self) -> list[Item]:
        return [item for item in self.items if item.launchable]

    @property
    def version_label(self) -> str:
        if self.version == SCORM_12:
            return "SCORM 1.2"
        return f"SCORM 2004 {self.edition} Edition" if self.edition else "SCORM 2004"


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _attr(element: Element, name: str) -> str:
    """Return an attribute by local name, case-insensitively (``scormtype`` / ``scormType``)."""
    wanted = name.lower()
    for key, value in element.attrib.items():
        if _local(key).lower() == wanted:
            return value.strip()
    return ""


def _children(element: Element, name: str) -> list[Element]:
    return [child for child in element if _local(child.tag) == name]


def _child_text(element: Element, name: str) -> str:
    for child in _children(element, name):
        return (child.text or "").strip()
    return ""


def manifest_locate(paths: list[str]) -> str:
    """Return the manifest's path among the package's files, or refuse the package saying where it is."""
    if MANIFEST_NAME in paths:
        return MANIFEST_NAME
    nested = sorted(
        (path for path in paths if path.rsplit("/", 1)[-1].lower() == MANIFEST_NAME), key=lambda p: p.count("/")
    )
    if nested:
        raise PackageRefused(MANIFEST_IN_FOLDER.format(folder=nested[0].rsplit("/", 1)[0]))
    raise PackageRefused(NO_MANIFEST)


def _version(root: Element) -> tuple[str, str]:
    metadata = _children(root, "metadata")
    text = _child_text(metadata[0], "schemaversion").lower() if metadata else ""
    if text.startswith("1.2"):
        return SCORM_12, ""
    if "2004" in text or "1.3" in text:
        for edition in ("4th", "3rd", "2nd"):
            if edition in text:
                return SCORM_2004, edition
        return SCORM_2004, "2nd" if "cam 1.3" in text else ""
    namespaces = " ".join(name for element in root.iter() for name in (element.tag, *element.attrib.keys()))
    if "adlcp_rootv1p2" in namespaces:
        return SCORM_12, ""
    if "adlcp_v1p3" in namespaces:
        return SCORM_2004, ""
    raise PackageRefused(UNKNOWN_VERSION)


def _unsupported(root: Element) -> tuple[str, ...]:
    names = {_local(element.tag) for element in root.iter()}
    return tuple(words for name, words in UNSUPPORTED_SEQUENCING.items() if name in names)


def manifest_parse(content: bytes, *, paths: list[str] | None = None) -> Manifest:
    """Parse the manifest; with ``paths`` (the package's files) also check every launch file is there."""
    if len(content) > MAX_MANIFEST_BYTES:
        raise PackageRefused(MANIFEST_TOO_LARGE)
    try:
        root = fromstring(content, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as error:
        raise PackageRefused(MANIFEST_UNSAFE) from error
    except ParseError as error:
        raise PackageRefused(MANIFEST_UNREADABLE.format(error=error)) from error
    if _local(root.tag) != "manifest":
        raise PackageRefused(NOT_A_MANIFEST)
    version, edition = _version(root)

    resources: dict[str, tuple[Element, str]] = {}
    for holder in _children(root, "resources"):
        base = _attr(holder, "base")
        for resource in _children(holder, "resource"):
            resources[_attr(resource, "identifier")] = (resource, base)

    organisations_holder = _children(root, "organizations")
    organisations = _children(organisations_holder[0], "organization") if organisations_holder else []
    if not organisations:
        raise PackageRefused(NO_ORGANISATION)
    default = _attr(organisations_holder[0], "default")
    organisation = next((org for org in organisations if _attr(org, "identifier") == default), organisations[0])
    organisation_id = _attr(organisation, "identifier")

    items: list[Item] = []
    file_set = set(paths) if paths is not None else None

    def walk(parent: Element, depth: int) -> None:
        for element in _children(parent, "item"):
            identifier = _attr(element, "identifier")
            title = _child_text(element, "title") or identifier
            ref = _attr(element, "identifierref")
            href = ""
            scorm_type = ""
            if ref:
                if ref not in resources:
                    raise PackageRefused(MISSING_RESOURCE.format(item=identifier, resource=ref))
                resource, base = resources[ref]
                file_href = _attr(resource, "href")
                if not file_href:
                    raise PackageRefused(NO_HREF.format(item=identifier, resource=ref))
                file_path = base + _attr(resource, "base") + file_href
                launch_file = file_path.split("?", 1)[0].split("#", 1)[0]
                if file_set is not None and launch_file not in file_set:
                    raise PackageRefused(LAUNCH_FILE_MISSING.format(href=launch_file, item=identifier))
                parameters = _attr(element, "parameters")
                if parameters and not parameters.startswith(("?", "#")):
                    parameters = "?" + parameters
                if parameters.startswith("?") and "?" in file_path:
                    parameters = "&" + parameters[1:]
                href = file_path + parameters
                scorm_type = (_attr(resource, "scormtype") or "asset").lower()
            items.append(Item(identifier=identifier, title=title, depth=depth, href=href, scorm_type=scorm_type))
            walk(element, depth + 1)

    walk(organisation, 0)
    if not any(item.launchable for item in items):
        raise PackageRefused(NO_LAUNCHABLE.format(organisation=organisation_id))
    return Manifest(
        identifier=_attr(root, "identifier"),
        version=version,
        edition=edition,
        title=_child_text(organisation, "title") or _attr(root, "identifier"),
        items=tuple(items),
        unsupported_sequencing=_unsupported(root) if version == SCORM_2004 else (),
    )


@dataclass(frozen=True)
class CheckedPackage:
    """A package that passed every check: its open archive, the files that may be stored, its manifest, and the
    SHA-256 of the uploaded zip (hex), which tells a re-upload of the same bytes from a new version."""

    archive: zipfile.ZipFile
    members: list[Member]
    manifest: Manifest
    sha256: str


def package_check(file: IO[bytes]) -> CheckedPackage:
    """Open and check an uploaded package (``unpack`` rules, then the manifest); raise ``PackageRefused``.

    The file is hashed first, in one streamed pass, since the zip reader jumps about in it (the central directory
    at the end first) and never reads some of its bytes."""
    sha256 = package_digest(file)
    archive = package_open(file)
    members = package_members(archive)
    paths = [member.path for member in members]
    manifest_path = manifest_locate(paths)
    member = next(member for member in members if member.path == manifest_path)
    if member.size > MAX_MANIFEST_BYTES:
        raise PackageRefused(MANIFEST_TOO_LARGE)
    manifest = manifest_parse(member_bytes(archive, member), paths=paths)
    return CheckedPackage(archive=archive, members=members, manifest=manifest, sha256=sha256)
