"""Reads for SCORM lessons: what the lesson page shows and hands the player, in a fixed number of queries."""

from __future__ import annotations

from learning.scorm import runtime
from learning.scorm.models import ScormAttempt, ScormPackageVersion


def attempt_for(*, staff_id: int, version_id: int) -> ScormAttempt | None:
    return ScormAttempt.objects.filter(staff_id=staff_id, version_id=version_id).first()


def attempts_on_earlier_versions(*, staff_id: int, version: ScormPackageVersion) -> list[ScormAttempt]:
    """Return the learner's attempts at earlier versions of the same package, newest version first."""
    return list(
        ScormAttempt.objects.filter(staff_id=staff_id, version__package_id=version.package_id)
        .exclude(version_id=version.id)
        .select_related("version")
        .order_by("-version__number")
    )


def player_config(*, version: ScormPackageVersion, attempt: ScormAttempt | None) -> dict:
    """Return what the lesson page's script needs: the version, each launchable item and its resume values."""
    items = attempt.items if attempt is not None else {}
    return {
        "version": version.id,
        "scorm": version.scorm_version,
        "items": [
            {
                "id": item["identifier"],
                "title": item["title"],
                "href": item["href"],
                "sco": item.get("scorm_type") == "sco",
                "done": runtime.lesson_done(*_status(items.get(item["identifier"]))),
                "resume": runtime.resume_values(
                    version.scorm_version, runtime.ItemState.from_dict(items.get(item["identifier"]))
                ),
            }
            for item in version.launchable_items
        ],
    }


def _status(data: dict | None) -> tuple[str, str]:
    state = runtime.ItemState.from_dict(data)
    return state.completion, state.success


def scorm_lesson_context(*, lesson, staff_id: int | None) -> dict:
    """Return the SCORM part of the lesson page: version, the learner's attempt, earlier attempts, player data."""
    version = lesson.package_version
    if version is None:
        return {"scorm_version": None}
    attempt = attempt_for(staff_id=staff_id, version_id=version.id) if staff_id else None
    return {
        "scorm_version": version,
        "scorm_attempt": attempt,
        "scorm_earlier_attempts": attempts_on_earlier_versions(staff_id=staff_id, version=version) if staff_id else [],
        "scorm_player": player_config(version=version, attempt=attempt),
    }
