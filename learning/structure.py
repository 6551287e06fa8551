"""A cached outline of each course's lessons, refreshed whenever any page is published or moved.

Every lesson page needs the course and its lesson order (for previous/next and progress). That
outline only changes when editors publish, unpublish, move or delete pages, so it is cached under
a content version that those events bump. The cache is shared between app nodes in production
(Redis); a short timeout bounds staleness where it is not (the in-process cache of a dev server).
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
    return [Page(id=r.id, title=r.title, url_path=r.url_path, path=r.path, depth=r.depth, live=True) for r in refs]


def cached_outline(course_path: str, loader) -> list[PageRef]:
    """Return the cached outline for a course path, loading it with ``loader()`` on a miss."""
    key = f"learning:outline:{content_version()}:{course_path}"
    refs = cache.get(key)
    if refs is None:
        refs = loader()
        cache.set(key, refs, timeout=OUTLINE_TIMEOUT)
    return refs
