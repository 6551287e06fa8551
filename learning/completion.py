"""Extra conditions for a course to count as complete, registered by other apps.

``learning`` does not import ``assessments``; instead ``assessments`` registers a check here
(for example "required knowledge checks passed") when its app loads.
"""

from __future__ import annotations

from collections.abc import Callable

Requirement = Callable[[object, object], bool]
_requirements: list[Requirement] = []


def register_requirement(check: Requirement) -> Requirement:
    """Register ``check(staff, course) -> bool``; a course is complete only when every check passes."""
    if check not in _requirements:
        _requirements.append(check)
    return check


def requirements_met(staff, course) -> bool:
    """Return True when every registered requirement is met for this staff member and course."""
    return all(check(staff, course) for check in _requirements)
