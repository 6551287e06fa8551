"""Extra conditions for a course to count as complete, registered by other apps.

``learning`` does not import ``assessments``; instead ``assessments`` registers a check here
(for example "required knowledge checks passed") when its app loads.
"""

from __future__ import annotations

from collections.abc import Callable

Requirement = Callable[[object, object], bool]
_requirements: list[Requirement] = []
RequiredPages = Callable[[object], set[int]]
_required_pages: list[RequiredPages] = []


def register_requirement(check: Requirement) -> Requirement:
    """Register ``check(staff, course) -> bool``; a course is complete only when every check passes."""
    if check not in _requirements:
        _requirements.append(check)
    return check


def requirements_met(staff, course) -> bool:
    """Return True when every registered requirement is met for this staff member and course."""
    return all(check(staff, course) for check in _requirements)


def register_required_pages(loader: RequiredPages) -> RequiredPages:
    """Register ``loader(course) -> set of page ids`` naming the pages (checks) a course needs passed, so the
    course outline can show them as required."""
    if loader not in _required_pages:
        _required_pages.append(loader)
    return loader


def required_page_ids(course) -> set[int]:
    """Return the ids of the pages every registered loader says the course needs passed."""
    ids: set[int] = set()
    for loader in _required_pages:
        ids |= set(loader(course))
    return ids
