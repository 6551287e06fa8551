"""The SCORM data models, 1.2 and 2004, mapped onto one item state: pure functions on plain values.

A commit carries the values the package set (``SetValue`` / ``LMSSetValue``) since the last commit. Each is
checked against its model's vocabulary and sizes; one bad value refuses the whole commit (``RuntimeValueError``),
so nothing is written. Elements the platform does not keep (interactions, objectives, preferences, comments,
navigation requests) are accepted and ignored, as long as they belong to the package's version.

SCORM 1.2 has one ``lesson_status``; it is split into completion and success as 2004 reports them, so
"passed" and "failed" both mean the content was completed. A lesson counts as done when it is passed, or
completed and not failed (``lesson_done``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

from learning.scorm.manifest import SCORM_12, SCORM_2004

MAX_VALUES_PER_COMMIT = 500
MAX_VALUE_LENGTH = 64000
LIMITS = {  # characters, by the SPM (smallest permitted maximum) of each model
    SCORM_12: {"location": 255, "suspend_data": 4096},
    SCORM_2004: {"location": 1000, "suspend_data": 64000},
}

COMPLETED, INCOMPLETE, NOT_ATTEMPTED, BROWSED, UNKNOWN = (
    "completed",
    "incomplete",
    "not attempted",
    "browsed",
    "unknown",
)
PASSED, FAILED = "passed", "failed"

STATUS_12 = {  # cmi.core.lesson_status -> (completion, success)
    "passed": (COMPLETED, PASSED),
    "completed": (COMPLETED, UNKNOWN),
    "failed": (COMPLETED, FAILED),
    "incomplete": (INCOMPLETE, UNKNOWN),
    "browsed": (BROWSED, UNKNOWN),
    "not attempted": (NOT_ATTEMPTED, UNKNOWN),
}
COMPLETION_2004 = {COMPLETED, INCOMPLETE, NOT_ATTEMPTED, UNKNOWN}
SUCCESS_2004 = {PASSED, FAILED, UNKNOWN}

IGNORED_12 = ("cmi.core.exit", "cmi.comments", "cmi.objectives.", "cmi.interactions.", "cmi.student_preference.")
IGNORED_2004 = (
    "cmi.exit",
    "cmi.progress_measure",
    "cmi.objectives.",
    "cmi.interactions.",
    "cmi.comments_from_learner.",
    "cmi.learner_preference.",
    "adl.nav.request",
    "adl.data.",
)

NOT_A_MAPPING = "The values must be an object of data model element names and their values."
TOO_MANY_VALUES = f"A commit may carry at most {MAX_VALUES_PER_COMMIT} values."
NOT_TEXT = "The value of {element} must be text."
TOO_LONG = "The value of {element} is {length} characters long; at most {limit} are allowed."
UNKNOWN_ELEMENT = "{element} is not a data model element of SCORM {version} that a package may set."
BAD_STATUS = "{element} cannot be “{value}”; allowed: {allowed}."
BAD_NUMBER = "{element} must be a number, not “{value}”."
BAD_SCALED = "cmi.score.scaled must be between -1 and 1, not “{value}”."
BAD_DURATION_12 = "cmi.core.session_time must look like HHHH:MM:SS.SS, not “{value}”."
BAD_DURATION_2004 = "cmi.session_time must be an ISO 8601 duration such as PT1H5M3S, not “{value}”."


class RuntimeValueError(ValueError):
    """A commit value that breaks its data model; the message names the element and the rule."""


@dataclass(frozen=True)
class ItemState:
    """What the platform keeps of one item (a SCO or asset) of an attempt."""

    completion: str = NOT_ATTEMPTED
    success: str = UNKNOWN
    score_raw: float | None = None
    score_min: float | None = None
    score_max: float | None = None
    score_scaled: float | None = None
    location: str = ""
    suspend_data: str = ""
    session_seconds: float | None = None  # the session_time reported in this commit, if any

    def as_dict(self) -> dict:
        return {key: value for key, value in self.__dict__.items() if key != "session_seconds"}

    @classmethod
    def from_dict(cls, data: Mapping | None) -> ItemState:
        fields = {key: value for key, value in (data or {}).items() if key in cls.__dataclass_fields__}
        fields.pop("session_seconds", None)
        return cls(**fields)


_DURATION_12 = re.compile(r"^(\d{2,4}):([0-5]\d):([0-5]\d)(\.\d{1,2})?$")
_DURATION_2004 = re.compile(
    r"^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d{1,2})?)S)?)?$"
)


def duration_12_seconds(value: str) -> float:
    """Return the seconds of a SCORM 1.2 CMITimespan (HHHH:MM:SS.SS)."""
    match = _DURATION_12.match(value)
    if not match:
        raise RuntimeValueError(BAD_DURATION_12.format(value=value))
    hours, minutes, seconds, fraction = match.groups()
    return int(hours) * 3600 + int(minutes) * 60 + int(seconds) + float(fraction or 0)


def duration_2004_seconds(value: str) -> float:
    """Return the seconds of a SCORM 2004 timeinterval (ISO 8601 duration; a month is 30 days, a year 365)."""
    match = _DURATION_2004.match(value)
    if not match:
        raise RuntimeValueError(BAD_DURATION_2004.format(value=value))
    years, months, days, hours, minutes, seconds = (float(part) if part else 0.0 for part in match.groups())
    return ((years * 365 + months * 30 + days) * 24 + hours) * 3600 + minutes * 60 + seconds


def _number(element: str, value: str) -> float | None:
    if value == "":
        return None
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        raise RuntimeValueError(BAD_NUMBER.format(element=element, value=value))
    return number


def _limited(version: str, key: str, element: str, value: str) -> str:
    limit = LIMITS[version][key]
    if len(value) > limit:
        raise RuntimeValueError(TOO_LONG.format(element=element, length=len(value), limit=limit))
    return value


def scaled_from_raw(raw: float | None, low: float | None, high: float | None) -> float | None:
    """Return a 1.2 score as a fraction: (raw - min) / (max - min), with min 0 and max 100 when not given."""
    if raw is None:
        return None
    low = 0.0 if low is None else low
    high = 100.0 if high is None else high
    if high <= low:
        return None
    return max(-1.0, min(1.0, (raw - low) / (high - low)))


def _apply_12(state: ItemState, element: str, value: str) -> ItemState:
    if element == "cmi.core.lesson_status":
        if value not in STATUS_12:
            allowed = ", ".join(STATUS_12)
            raise RuntimeValueError(BAD_STATUS.format(element=element, value=value, allowed=allowed))
        completion, success = STATUS_12[value]
        return replace(state, completion=completion, success=success)
    if element in ("cmi.core.score.raw", "cmi.core.score.min", "cmi.core.score.max"):
        return replace(state, **{"score_" + element.rsplit(".", 1)[-1]: _number(element, value)})
    if element == "cmi.core.lesson_location":
        return replace(state, location=_limited(SCORM_12, "location", element, value))
    if element == "cmi.suspend_data":
        return replace(state, suspend_data=_limited(SCORM_12, "suspend_data", element, value))
    if element == "cmi.core.session_time":
        return replace(state, session_seconds=duration_12_seconds(value))
    if element.startswith(IGNORED_12):
        return state
    raise RuntimeValueError(UNKNOWN_ELEMENT.format(element=element, version=SCORM_12))


def _apply_2004(state: ItemState, element: str, value: str) -> ItemState:
    if element == "cmi.completion_status":
        if value not in COMPLETION_2004:
            allowed = ", ".join(sorted(COMPLETION_2004))
            raise RuntimeValueError(BAD_STATUS.format(element=element, value=value, allowed=allowed))
        return replace(state, completion=value)
    if element == "cmi.success_status":
        if value not in SUCCESS_2004:
            allowed = ", ".join(sorted(SUCCESS_2004))
            raise RuntimeValueError(BAD_STATUS.format(element=element, value=value, allowed=allowed))
        return replace(state, success=value)
    if element == "cmi.score.scaled":
        scaled = _number(element, value)
        if scaled is not None and not -1 <= scaled <= 1:
            raise RuntimeValueError(BAD_SCALED.format(value=value))
        return replace(state, score_scaled=scaled)
    if element in ("cmi.score.raw", "cmi.score.min", "cmi.score.max"):
        return replace(state, **{"score_" + element.rsplit(".", 1)[-1]: _number(element, value)})
    if element == "cmi.location":
        return replace(state, location=_limited(SCORM_2004, "location", element, value))
    if element == "cmi.suspend_data":
        return replace(state, suspend_data=_limited(SCORM_2004, "suspend_data", element, value))
    if element == "cmi.session_time":
        return replace(state, session_seconds=duration_2004_seconds(value))
    if element.startswith(IGNORED_2004):
        return state
    raise RuntimeValueError(UNKNOWN_ELEMENT.format(element=element, version=SCORM_2004))


def values_apply(version: str, state: ItemState, values: object) -> ItemState:
    """Return the item state after a commit's values, applied in order; refuse the lot on the first bad value."""
    if not isinstance(values, Mapping):
        raise RuntimeValueError(NOT_A_MAPPING)
    if len(values) > MAX_VALUES_PER_COMMIT:
        raise RuntimeValueError(TOO_MANY_VALUES)
    apply = _apply_12 if version == SCORM_12 else _apply_2004
    state = replace(state, session_seconds=None)
    for element, value in values.items():
        if not isinstance(element, str) or not isinstance(value, str):
            raise RuntimeValueError(NOT_TEXT.format(element=element))
        if len(value) > MAX_VALUE_LENGTH:
            raise RuntimeValueError(TOO_LONG.format(element=element, length=len(value), limit=MAX_VALUE_LENGTH))
        state = apply(state, element, value)
    if version == SCORM_12 and any(key.startswith("cmi.core.score.") for key in values):
        state = replace(state, score_scaled=scaled_from_raw(state.score_raw, state.score_min, state.score_max))
    return state


def lesson_done(completion: str, success: str) -> bool:
    """Return True when a package's state completes its lesson: passed, or completed and not failed."""
    return success == PASSED or (completion == COMPLETED and success != FAILED)


def package_outcome(items: Mapping[str, ItemState], launchable: list[str]) -> tuple[str, str]:
    """Return the whole package's (completion, success) from its items' states.

    One item: its own. Several: completed when every launchable item is done (``lesson_done``), incomplete when
    any was started; failed when any item failed, passed when at least one passed and every item is done.
    """
    states = [items.get(identifier, ItemState()) for identifier in launchable]
    if len(states) == 1:
        return states[0].completion, states[0].success
    all_done = bool(states) and all(lesson_done(state.completion, state.success) for state in states)
    started = any(state.completion != NOT_ATTEMPTED for state in states)
    completion = COMPLETED if all_done else (INCOMPLETE if started else NOT_ATTEMPTED)
    if any(state.success == FAILED for state in states):
        success = FAILED
    elif all_done and any(state.success == PASSED for state in states):
        success = PASSED
    else:
        success = UNKNOWN
    return completion, success


def resume_values(version: str, state: ItemState) -> dict[str, str]:
    """Return the values the runtime starts with so the package resumes where the learner left it."""
    started = state.completion != NOT_ATTEMPTED or bool(state.suspend_data or state.location)
    if version == SCORM_12:
        status = {v: k for k, v in STATUS_12.items()}.get((state.completion, state.success), "not attempted")
        if state.completion == COMPLETED and state.success == UNKNOWN:
            status = "completed"
        values = {
            "cmi.core.lesson_status": status,
            "cmi.core.lesson_location": state.location,
            "cmi.suspend_data": state.suspend_data,
            "cmi.core.entry": "resume" if started else "ab-initio",
        }
        if state.score_raw is not None:
            values["cmi.core.score.raw"] = _text(state.score_raw)
        return values
    values = {"cmi.location": state.location, "cmi.suspend_data": state.suspend_data}
    values["cmi.entry"] = "resume" if started else "ab-initio"
    if state.completion != NOT_ATTEMPTED:  # else the runtime's own start value, "unknown", as packages expect
        values["cmi.completion_status"] = state.completion
    if state.success != UNKNOWN:
        values["cmi.success_status"] = state.success
    if state.score_scaled is not None:
        values["cmi.score.scaled"] = _text(state.score_scaled)
    return values


def _text(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else repr(number)
