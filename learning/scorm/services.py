"""Writes for SCORM lessons: storing a checked package as a new version, and committing runtime values."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from learning import events, selectors
from learning import services as learning_services
from learning.models import StaffMember
from learning.scorm import runtime
from learning.scorm.manifest import CheckedPackage
from learning.scorm.models import ScormAttempt, ScormPackage, ScormPackageVersion
from learning.scorm.storage import files_delete, files_keep_if_committed, files_write, version_prefix


def package_version_store(
    *,
    checked: CheckedPackage,
    package: ScormPackage | None = None,
    user=None,
    original_name: str = "",
    now: datetime | None = None,
) -> ScormPackageVersion:
    """Store a checked package's files in media storage and record them as the next version of ``package`` (a new
    package when None). The files go again if recording the version fails, and if the caller's transaction (a page
    save in the admin) is rolled back afterwards (``storage.files_keep_if_committed``).

    A zip byte for byte the same as the package's latest version (same SHA-256) is that version, returned as it is
    and nothing stored: the page editor's autosave sends the chosen file with every save, and editors upload the
    same zip twice. The package's row is locked first, so two saves of one upload at once (two autosaves, or an
    autosave and Publish) queue: the second finds the version the first stored once that one commits.
    """
    now = now or timezone.now()
    manifest = checked.manifest
    written: list[str] = []
    try:
        with transaction.atomic():
            latest = None
            if package is None:
                package = ScormPackage.objects.create(title=manifest.title[:255], created_at=now)
            else:
                package = ScormPackage.objects.select_for_update().get(pk=package.pk)
                latest = package.versions.order_by("-number").first()
                if latest is not None and same_zip(latest, checked):
                    return latest
            number = (latest.number if latest is not None else 0) + 1
            prefix = version_prefix(package.id, number)
            written = files_write(checked=checked, prefix=prefix)
            version = ScormPackageVersion.objects.create(
                package=package,
                number=number,
                storage_prefix=prefix,
                scorm_version=manifest.version,
                edition=manifest.edition,
                manifest_identifier=manifest.identifier[:255],
                title=manifest.title[:255],
                items=[asdict(item) for item in manifest.items],
                unsupported_sequencing=list(manifest.unsupported_sequencing),
                file_count=len(checked.members),
                unpacked_bytes=sum(member.size for member in checked.members),
                original_name=original_name[:255],
                sha256=checked.sha256,
                uploaded_at=now,
                uploaded_by=user if getattr(user, "is_authenticated", False) else None,
            )
    except BaseException:  # the version was not recorded (or not committed, when this block is the outermost)
        files_delete(written)
        raise
    files_keep_if_committed(written)
    return version


def same_zip(version: ScormPackageVersion, checked: CheckedPackage) -> bool:
    """Whether the checked upload is the zip the version was stored from. A version stored before digests were
    recorded has none, and matches nothing."""
    return bool(version.sha256) and version.sha256 == checked.sha256


UNKNOWN_ITEM = "“{item}” is not an item of this package that a learner can open."
WRONG_VERSION = "This package version does not belong to this lesson."
BAD_SESSION = "The launch id must be text of at most 64 characters."


@dataclass(frozen=True)
class CommitResult:
    """The attempt after a commit, and whether this commit completed the lesson."""

    attempt: ScormAttempt
    lesson_completed: bool
    course_completed: bool


def attempt_commit(
    *,
    staff: StaffMember,
    lesson,
    version: ScormPackageVersion,
    item: str,
    values: object,
    session_key: str = "",
    visited: bool = False,
    now: datetime | None = None,
) -> CommitResult:
    """Apply a batch of runtime values to the learner's attempt at this version (creating it on first use).

    Refuses (``RuntimeValueError``) a version of another lesson, an unknown item or any bad value, before writing
    anything. When the package's state first says the lesson is done, the lesson is completed through
    ``learning.services.lesson_complete``; when it first says passed, ``events.scorm_lesson_passed`` is sent so
    skill areas can record it (both inside the same transaction).
    """
    now = now or timezone.now()
    current = lesson.package_version
    if current is None or current.package_id != version.package_id:
        raise runtime.RuntimeValueError(WRONG_VERSION)
    launchable = {entry["identifier"]: entry for entry in version.launchable_items}
    if item not in launchable:
        raise runtime.RuntimeValueError(UNKNOWN_ITEM.format(item=str(item)[:100]))
    if not isinstance(session_key, str) or len(session_key) > 64:
        raise runtime.RuntimeValueError(BAD_SESSION)
    with transaction.atomic():
        attempt = _attempt_locked(staff=staff, version=version, lesson=lesson, now=now)
        items = dict(attempt.items or {})
        state = runtime.values_apply(version.scorm_version, runtime.ItemState.from_dict(items.get(item)), values)
        if visited and launchable[item].get("scorm_type") != "sco":
            state = replace(state, completion=runtime.COMPLETED)  # an asset cannot report: opening it is enough
        if state.session_seconds is not None and session_key:
            if session_key != attempt.session_key:
                attempt.session_key, attempt.session_base_seconds = session_key, attempt.total_seconds
            attempt.total_seconds = attempt.session_base_seconds + state.session_seconds
        items[item] = state.as_dict()
        completion, success = runtime.package_outcome(
            {key: runtime.ItemState.from_dict(value) for key, value in items.items()}, list(launchable)
        )
        attempt.items = items
        was_failed = attempt.success_status == runtime.FAILED
        attempt.completion_status, attempt.success_status = completion, success
        attempt.location, attempt.suspend_data = state.location, state.suspend_data
        attempt.score_raw, attempt.score_min, attempt.score_max = state.score_raw, state.score_min, state.score_max
        attempt.score_scaled = state.score_scaled
        attempt.lesson = lesson
        attempt.updated_at = now
        attempt.commits += 1
        newly_done = runtime.lesson_done(completion, success) and attempt.completed_at is None
        newly_passed = success == runtime.PASSED and attempt.passed_at is None
        # a fail is announced when the package says so after saying something else, never once the attempt has
        # passed; the statement id names the attempt, so the record keeps the attempt's first fail and its score
        # (a later announcement of the same attempt adds nothing)
        newly_failed = success == runtime.FAILED and not was_failed and attempt.passed_at is None
        if newly_done:
            attempt.completed_at = now
        if newly_passed:
            attempt.passed_at = now
        attempt.save()
        course_completed = False
        if newly_done:
            course_completed = _lesson_complete(staff=staff, lesson=lesson, now=now)
        if newly_passed:
            events.scorm_lesson_passed_send(attempt=attempt, now=now)
        if newly_passed or newly_failed:
            _result_announce(attempt=attempt, staff=staff, lesson=lesson, now=now)
    return CommitResult(attempt=attempt, lesson_completed=newly_done, course_completed=course_completed)


def _attempt_locked(*, staff: StaffMember, version: ScormPackageVersion, lesson, now: datetime) -> ScormAttempt:
    """Return the learner's attempt at the version, locked for this transaction, creating it on first use.

    The insert comes first (ignored when the row exists, guarded by ``scorm_attempt_one_per_version``): it takes
    the write lock at once on SQLite, so two commits at the same moment queue instead of both reading and then
    failing to write; on PostgreSQL the row lock that follows orders them the same way.
    """
    ScormAttempt.objects.bulk_create(
        [ScormAttempt(staff=staff, version=version, lesson=lesson, started_at=now, updated_at=now)],
        ignore_conflicts=True,
    )
    return ScormAttempt.objects.select_for_update().get(staff=staff, version=version)


def _result_announce(*, attempt: ScormAttempt, staff: StaffMember, lesson, now: datetime) -> None:
    """Announce the attempt's pass or fail and score for the record (``interop`` writes an xAPI statement in this
    transaction). Its completion is already announced by ``lesson_complete``, so it is not announced again."""
    course, _ = selectors.course_and_lessons_for_lesson(lesson)
    success = {runtime.PASSED: True, runtime.FAILED: False}.get(attempt.success_status)
    events.scorm_result_send(
        staff=staff,
        lesson=lesson,
        course=course,
        now=now,
        completed=False,
        passed=success,
        score_raw=attempt.score_raw,
        score_min=attempt.score_min,
        score_max=attempt.score_max,
        attempt_key=str(attempt.pk),
    )


def _lesson_complete(*, staff: StaffMember, lesson, now: datetime) -> bool:
    """Complete the lesson through the one lesson-completion service; return whether the course is complete."""
    course, lessons = selectors.course_and_lessons_for_lesson(lesson)
    if course is None:
        return False
    result = learning_services.lesson_complete(
        staff=staff, lesson=lesson, course=course, ordered_lesson_ids=[page.id for page in lessons], now=now
    )
    return result.course_completed
