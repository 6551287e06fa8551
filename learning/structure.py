"""Cached outlines of each course, refreshed whenever any page is published or moved.

Every lesson page needs the course and its lesson order (for previous/next and progress), and every
course page its modules, lessons and checks. These outlines only change when editors publish,
unpublish, move or delete pages, so they are cached under a content version that those events bump.
The cache is shared between app nodes in production (Redis); a short timeout bounds staleness where it
is not (the in-process cache of a dev server).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from wagtail.models import Page

VERSION_KEY = "learning:content-version"
OUTLINE_TIMEOUT = 300


@dataclass(frozen=True)
class PageRef:
    id: int
    title: str
    url_path: str
    path: str
    depth: int
    is_lesson: bool = True  # False for a knowledge check (or any other page) between the lessons


@dataclass(frozen=True)
class OutlineEntry:
    """A page inside a module: a lesson (with its estimated minutes) or another page, such as a check."""

    page: PageRef
    is_lesson: bool
    minutes: int | None = None
    required: bool = False  # a check the course needs passed (``completion.required_page_ids``)


@dataclass(frozen=True)
class ModuleOutline:
    """A live module of a course and its live pages, in order."""

    page: PageRef
    entries: tuple[OutlineEntry, ...]


@dataclass(frozen=True)
class CourseOutline:
    """What a course page shows whoever reads it: the catalogue above it, its modules and its lessons in order."""

    parent: PageRef | None
    modules: tuple[ModuleOutline, ...]
    lesson_ids: tuple[int, ...]

    @property
    def minutes(self) -> int:
        """Return the course's length: the sum of its live lessons' minutes."""
        return sum(entry.minutes or 0 for module in self.modules for entry in module.entries if entry.is_lesson)

    @property
    def required_checks(self) -> list[PageRef]:
        """Return the checks the course needs passed, in course order."""
        return [entry.page for module in self.modules for entry in module.entries if entry.required]


def content_version() -> int:
    """Return the current content version (1 when the cache has none)."""
    return cache.get_or_set(VERSION_KEY, 1, timeout=None)


def content_version_bump(**kwargs) -> None:
    """Invalidate every cached outline; connected to Wagtail's publish, unpublish and move signals."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)


def page_deleted(sender, instance, **kwargs) -> None:
    """Bump the content version when any page is deleted."""
    if isinstance(instance, Page):
        content_version_bump()


def to_pages(refs: list[PageRef]) -> list[Page]:
    """Return light, unsaved ``Page`` objects that templates can link to."""
    return [to_page(ref) for ref in refs]


@dataclass(frozen=True)
class PageLink:
    """What a template needs to link to a page: its id, title and URL (no ``Page`` object to build)."""

    id: int
    title: str
    url: str | None


def link_beside(ref: PageRef, anchor_url: str | None, anchor_url_path: str) -> PageLink:
    """Return a link to ``ref`` worked out from the URL of another page of the same course (the anchor).

    Wagtail's URL for a page is its ``url_path`` with the site root's part replaced by the site's address (or
    by "/" on the current site); two pages under the same root share that replacement. Building a ``Page``
    to ask it costs about 0.1 ms a page, which a course page paid for every lesson.
    """
    if anchor_url is None:
        return PageLink(ref.id, ref.title, None)
    common = 0
    for position, (mine, theirs) in enumerate(zip(anchor_url_path, ref.url_path, strict=False)):
        if mine != theirs:
            break
        if mine == "/":
            common = position + 1
    base = anchor_url[: len(anchor_url) - (len(anchor_url_path) - common)]
    return PageLink(ref.id, ref.title, base + ref.url_path[common:])


def to_page(ref: PageRef) -> Page:
    """Return one light, unsaved ``Page`` that templates can link to."""
    return Page(id=ref.id, title=ref.title, url_path=ref.url_path, path=ref.path, depth=ref.depth, live=True)


def cached_outline(course_path: str, loader, *, kind: str = "outline"):
    """Return the cached ``kind`` of outline for a course path, loading it with ``loader()`` on a miss.

    The outline is stored with the content version it was built under, and the version and the outline are
    read in one round trip to the cache; an outline from an older version is rebuilt.
    """
    key = f"learning:{kind}:{course_path}"
    found = cache.get_many([VERSION_KEY, key])
    version = found.get(VERSION_KEY) or content_version()
    stored = found.get(key)
    if stored is not None and stored[0] == version:
        return stored[1]
    outline = loader()
    cache.set(key, (version, outline), timeout=OUTLINE_TIMEOUT)
    return outline


def course_outline_build(
    parent: PageRef | None,
    course_depth: int,
    rows: list[tuple[PageRef, str, int | None]],
    required_ids: frozenset[int] | set[int] = frozenset(),
) -> CourseOutline:
    """Return a course's outline from its pages in tree order, each with its kind and minutes.

    ``rows`` are the pages one and two levels below the course, ordered by path; kind is "module", "lesson"
    or "other". Pages under something that is not a module are left out, as the course page always did.
    ``required_ids`` are the pages (knowledge checks) the course needs passed.
    """
    modules: list[tuple[PageRef, list[OutlineEntry]]] = []
    by_path: dict[str, list[OutlineEntry]] = {}
    lesson_ids: list[int] = []
    for ref, kind, minutes in rows:
        if ref.depth == course_depth + 1:
            if kind == "module":
                entries: list[OutlineEntry] = []
                modules.append((ref, entries))
                by_path[ref.path] = entries
            continue
        if kind == "lesson":
            lesson_ids.append(ref.id)
        entries_of_module = by_path.get(ref.path[: -Page.steplen])
        if entries_of_module is not None:
            entries_of_module.append(
                OutlineEntry(page=ref, is_lesson=kind == "lesson", minutes=minutes, required=ref.id in required_ids)
            )
    return CourseOutline(
        parent=parent,
        modules=tuple(ModuleOutline(page=ref, entries=tuple(entries)) for ref, entries in modules),
        lesson_ids=tuple(lesson_ids),
    )
