"""Pure progress calculations (no database)."""

from hypothesis import given
from hypothesis import strategies as st

from learning.progress import continue_after, course_progress, neighbours, next_lesson_id, percent_complete


def test_percent_rounds_down_so_unfinished_never_shows_100():
    assert percent_complete(8, 9) == 88
    assert percent_complete(2, 9) == 22
    assert percent_complete(9, 9) == 100


def test_percent_of_an_empty_course_is_zero():
    assert percent_complete(0, 0) == 0


def test_next_lesson_is_first_incomplete_in_course_order():
    assert next_lesson_id([10, 11, 12], {10, 12}) == 11


def test_next_lesson_is_none_when_all_complete():
    assert next_lesson_id([10, 11], {10, 11}) is None


def test_neighbours_at_the_ends_and_middle():
    assert neighbours([1, 2, 3], 1) == (None, 2)
    assert neighbours([1, 2, 3], 2) == (1, 3)
    assert neighbours([1, 2, 3], 3) == (2, None)
    assert neighbours([1, 2, 3], 99) == (None, None)


def test_continue_after_last_lesson_goes_back_to_a_skipped_one():
    assert continue_after([1, 2, 3], 3, {1}) == 2


def test_continue_after_last_lesson_with_all_done_is_none():
    assert continue_after([1, 2, 3], 3, {1, 2}) is None


def test_course_complete_only_when_every_lesson_is():
    assert not course_progress([1, 2], {1}).is_complete
    assert course_progress([1, 2], {1, 2}).is_complete
    assert not course_progress([], set()).is_complete


def test_completions_outside_the_course_are_ignored():
    summary = course_progress([1, 2], {2, 99})
    assert summary.completed == 1
    assert summary.percent == 50


def test_viewing_a_lesson_counts_as_started():
    assert course_progress([1, 2], set(), {1}).started
    assert not course_progress([1, 2], set(), set()).started


@given(
    ids=st.lists(st.integers(min_value=1, max_value=500), min_size=1, max_size=40, unique=True),
    data=st.data(),
)
def test_progress_invariants(ids, data):
    done = set(data.draw(st.lists(st.sampled_from(ids), unique=True)))
    summary = course_progress(ids, done)
    assert 0 <= summary.percent <= 100
    assert summary.completed == len(done)
    assert (summary.next_lesson_id is None) == summary.is_complete
    if summary.next_lesson_id is not None:
        assert summary.next_lesson_id not in done
        assert all(i in done for i in ids[: ids.index(summary.next_lesson_id)])
