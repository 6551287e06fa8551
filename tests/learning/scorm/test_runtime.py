"""Both SCORM data models mapped onto one item state (learning/scorm/runtime.py)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from learning.scorm import runtime as r
from learning.scorm.runtime import ItemState, RuntimeValueError, values_apply

START = ItemState()


@pytest.mark.parametrize(
    ("status", "completion", "success"),
    [
        ("passed", "completed", "passed"),  # passed implies completed
        ("completed", "completed", "unknown"),
        ("failed", "completed", "failed"),
        ("incomplete", "incomplete", "unknown"),
        ("browsed", "browsed", "unknown"),
        ("not attempted", "not attempted", "unknown"),
    ],
)
def test_scorm_12_lesson_status_splits_into_completion_and_success(status, completion, success):
    state = values_apply("1.2", START, {"cmi.core.lesson_status": status})
    assert (state.completion, state.success) == (completion, success)


def test_scorm_12_passed_then_incomplete_keeps_the_last_status_only():
    state = values_apply("1.2", START, {"cmi.core.lesson_status": "passed"})
    state = values_apply("1.2", state, {"cmi.core.lesson_status": "incomplete"})
    assert (state.completion, state.success) == ("incomplete", "unknown")


def test_scorm_12_score_location_suspend_data_and_session_time():
    state = values_apply(
        "1.2",
        START,
        {
            "cmi.core.score.raw": "80",
            "cmi.core.score.min": "0",
            "cmi.core.score.max": "100",
            "cmi.core.lesson_location": "page-3",
            "cmi.suspend_data": "answers=1,2,3",
            "cmi.core.session_time": "0001:02:03.5",
            "cmi.core.exit": "suspend",
            "cmi.interactions.0.id": "q1",
        },
    )
    assert (state.score_raw, state.score_min, state.score_max, state.score_scaled) == (80, 0, 100, 0.8)
    assert (state.location, state.suspend_data) == ("page-3", "answers=1,2,3")
    assert state.session_seconds == 3723.5


def test_scorm_12_scaled_score_uses_0_to_100_when_min_and_max_are_not_given():
    assert values_apply("1.2", START, {"cmi.core.score.raw": "45"}).score_scaled == 0.45
    assert values_apply("1.2", START, {"cmi.core.score.raw": "5", "cmi.core.score.max": "10"}).score_scaled == 0.5


def test_scorm_12_empty_score_clears_it():
    state = values_apply("1.2", START, {"cmi.core.score.raw": "80"})
    state = values_apply("1.2", state, {"cmi.core.score.raw": ""})
    assert (state.score_raw, state.score_scaled) == (None, None)


def test_scorm_2004_completion_success_scores_location_suspend_and_time():
    state = values_apply(
        "2004",
        START,
        {
            "cmi.completion_status": "completed",
            "cmi.success_status": "passed",
            "cmi.score.scaled": "0.75",
            "cmi.score.raw": "15",
            "cmi.score.min": "0",
            "cmi.score.max": "20",
            "cmi.location": "slide-9",
            "cmi.suspend_data": "x" * 5000,
            "cmi.session_time": "PT1H2M3.25S",
            "cmi.exit": "suspend",
            "cmi.progress_measure": "1",
            "adl.nav.request": "continue",
        },
    )
    assert (state.completion, state.success) == ("completed", "passed")
    assert (state.score_scaled, state.score_raw, state.score_min, state.score_max) == (0.75, 15, 0, 20)
    assert (state.location, len(state.suspend_data)) == ("slide-9", 5000)
    assert state.session_seconds == 3723.25


@pytest.mark.parametrize(
    ("duration", "seconds"),
    [("PT0S", 0), ("P1D", 86400), ("PT90M", 5400), ("P1DT1H1M1.5S", 90061.5), ("P1Y", 365 * 86400)],
)
def test_scorm_2004_durations(duration, seconds):
    assert r.duration_2004_seconds(duration) == seconds


@pytest.mark.parametrize("duration", ["", "P", "PT", "1H", "PT1.234S", "PT-1S", "P1H"])
def test_scorm_2004_bad_durations_are_refused(duration):
    with pytest.raises(RuntimeValueError) as refused:
        values_apply("2004", START, {"cmi.session_time": duration})
    assert str(refused.value) == r.BAD_DURATION_2004.format(value=duration)


@pytest.mark.parametrize("duration", ["1:00:00", "00:60:00", "00:00:00.123", "abc"])
def test_scorm_12_bad_durations_are_refused(duration):
    with pytest.raises(RuntimeValueError) as refused:
        values_apply("1.2", START, {"cmi.core.session_time": duration})
    assert str(refused.value) == r.BAD_DURATION_12.format(value=duration)


@pytest.mark.parametrize(
    ("version", "values", "message"),
    [
        ("1.2", {"cmi.core.lesson_status": "done"}, "cmi.core.lesson_status cannot be “done”"),
        ("2004", {"cmi.completion_status": "passed"}, "cmi.completion_status cannot be “passed”"),
        ("2004", {"cmi.success_status": "completed"}, "cmi.success_status cannot be “completed”"),
        ("2004", {"cmi.score.scaled": "1.5"}, r.BAD_SCALED.format(value="1.5")),
        ("2004", {"cmi.score.raw": "lots"}, r.BAD_NUMBER.format(element="cmi.score.raw", value="lots")),
        ("2004", {"cmi.score.raw": "NaN"}, r.BAD_NUMBER.format(element="cmi.score.raw", value="NaN")),
        ("1.2", {"cmi.completion_status": "completed"}, "not a data model element of SCORM 1.2"),
        ("2004", {"cmi.core.lesson_status": "passed"}, "not a data model element of SCORM 2004"),
        ("2004", {"cmi.location": 5}, r.NOT_TEXT.format(element="cmi.location")),
        ("1.2", {"cmi.suspend_data": "x" * 4097}, "is 4097 characters long; at most 4096"),
        ("1.2", {"cmi.core.lesson_location": "x" * 256}, "at most 255"),
        ("2004", {"cmi.location": "x" * 1001}, "at most 1000"),
        ("2004", ["cmi.location", "x"], r.NOT_A_MAPPING),
        ("2004", {f"cmi.interactions.{n}.id": "q" for n in range(501)}, r.TOO_MANY_VALUES),
    ],
)
def test_bad_values_are_refused_with_a_message_naming_the_rule(version, values, message):
    with pytest.raises(RuntimeValueError) as refused:
        values_apply(version, START, values)
    assert message in str(refused.value)


def test_one_bad_value_refuses_the_whole_batch_and_returns_nothing_changed():
    state = ItemState(location="kept")
    with pytest.raises(RuntimeValueError):
        values_apply("2004", state, {"cmi.location": "moved", "cmi.success_status": "nearly"})
    assert state.location == "kept"  # the state object is never changed in place


@pytest.mark.parametrize(
    ("completion", "success", "done"),
    [
        ("completed", "unknown", True),
        ("completed", "passed", True),
        ("incomplete", "passed", True),
        ("completed", "failed", False),
        ("incomplete", "unknown", False),
        ("browsed", "unknown", False),
        ("unknown", "failed", False),
    ],
)
def test_which_states_complete_the_lesson(completion, success, done):
    assert r.lesson_done(completion, success) is done


def test_several_items_complete_the_package_only_when_every_one_is_done():
    done = ItemState(completion="completed")
    started = ItemState(completion="incomplete")
    assert r.package_outcome({"a": done, "b": started}, ["a", "b"]) == ("incomplete", "unknown")
    assert r.package_outcome({"a": done}, ["a", "b"]) == ("incomplete", "unknown")
    assert r.package_outcome({}, ["a", "b"]) == ("not attempted", "unknown")
    passed = ItemState(completion="completed", success="passed")
    assert r.package_outcome({"a": done, "b": passed}, ["a", "b"]) == ("completed", "passed")
    failed = ItemState(completion="completed", success="failed")
    assert r.package_outcome({"a": done, "b": failed}, ["a", "b"]) == ("incomplete", "failed")


def test_one_item_gives_its_own_state():
    assert r.package_outcome({"a": ItemState(completion="completed", success="failed")}, ["a"]) == (
        "completed",
        "failed",
    )


def test_resume_values_give_the_runtime_its_place_back():
    state = values_apply(
        "1.2",
        START,
        {"cmi.core.lesson_status": "incomplete", "cmi.core.lesson_location": "p2", "cmi.suspend_data": "s"},
    )
    assert r.resume_values("1.2", state) == {
        "cmi.core.lesson_status": "incomplete",
        "cmi.core.lesson_location": "p2",
        "cmi.suspend_data": "s",
        "cmi.core.entry": "resume",
    }
    assert r.resume_values("2004", START) == {"cmi.location": "", "cmi.suspend_data": "", "cmi.entry": "ab-initio"}
    passed = values_apply("2004", START, {"cmi.success_status": "passed", "cmi.score.scaled": "0.9"})
    assert r.resume_values("2004", passed)["cmi.score.scaled"] == "0.9"
    assert (
        r.resume_values("1.2", values_apply("1.2", START, {"cmi.core.lesson_status": "passed"}))[
            "cmi.core.lesson_status"
        ]
        == "passed"
    )


def test_item_state_survives_a_round_trip_through_json_without_session_time():
    state = values_apply("2004", START, {"cmi.location": "x", "cmi.session_time": "PT5S"})
    assert ItemState.from_dict(state.as_dict()) == ItemState(location="x")


@given(st.integers(0, 9999), st.integers(0, 59), st.integers(0, 59), st.integers(0, 99))
def test_every_valid_12_timespan_reads_back_to_its_seconds(hours, minutes, seconds, hundredths):
    text = f"{hours:04d}:{minutes:02d}:{seconds:02d}.{hundredths:02d}"
    assert r.duration_12_seconds(text) == pytest.approx(hours * 3600 + minutes * 60 + seconds + hundredths / 100)


@given(st.floats(-1, 1, allow_nan=False))
def test_any_scaled_score_in_range_is_kept(scaled):
    assert values_apply("2004", START, {"cmi.score.scaled": repr(scaled)}).score_scaled == scaled
