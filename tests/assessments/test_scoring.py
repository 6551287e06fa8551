"""Pure scoring: responses, percentages and levels (no database)."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from assessments.scoring import area_levels, level_from_percentages, score_response, self_rated_level
from assessments.versions import ChoiceVersion, QuestionVersion


def question(kind="single", partial=False, choices=None, answer=None, tolerance="0", area=1, level=1):
    if choices is None:
        choices = [("a", True), ("b", False), ("c", False)]
    return QuestionVersion(
        question_id=1,
        revision_id=1,
        area_id=area,
        level=level,
        question_type=kind,
        prompt="?",
        choices=tuple(ChoiceVersion(cid, cid.upper(), ok) for cid, ok in choices),
        partial_credit=partial,
        numeric_answer=Decimal(answer) if answer is not None else None,
        numeric_tolerance=Decimal(tolerance),
        unit="",
        explanation="",
    )


def test_single_choice_right_and_wrong():
    q = question()
    assert score_response(q, {"choice": "a"}) == 1
    assert score_response(q, {"choice": "b"}) == 0
    assert score_response(q, None) == 0


MULTI = [("a", True), ("b", True), ("c", False), ("d", False)]


def test_multiple_response_all_or_nothing():
    q = question("multiple", choices=MULTI)
    assert score_response(q, {"choices": ["a", "b"]}) == 1
    assert score_response(q, {"choices": ["a"]}) == 0
    assert score_response(q, {"choices": ["a", "b", "c"]}) == 0


def test_multiple_response_partial_credit_subtracts_wrong_picks():
    q = question("multiple", partial=True, choices=MULTI)
    assert score_response(q, {"choices": ["a"]}) == 0.5
    assert score_response(q, {"choices": ["a", "c"]}) == 0
    assert score_response(q, {"choices": ["a", "b"]}) == 1
    assert score_response(q, {"choices": ["c", "d"]}) == 0  # never negative


def test_numeric_within_tolerance():
    q = question("numeric", choices=[], answer="12.5", tolerance="0.1")
    assert score_response(q, {"value": "12.5"}) == 1
    assert score_response(q, {"value": "12.6"}) == 1
    assert score_response(q, {"value": "12.7"}) == 0
    assert score_response(q, {"value": "not a number"}) == 0


ORDER = [("s1", False), ("s2", False), ("s3", False), ("s4", False)]


def test_ordering_exact_and_partial():
    strict = question("ordering", choices=ORDER)
    assert score_response(strict, {"order": ["s1", "s2", "s3", "s4"]}) == 1
    assert score_response(strict, {"order": ["s2", "s1", "s3", "s4"]}) == 0
    partial = question("ordering", partial=True, choices=ORDER)
    assert score_response(partial, {"order": ["s2", "s1", "s3", "s4"]}) == 0.5


def test_level_needs_threshold_at_each_level_and_below():
    assert level_from_percentages({1: 100, 2: 100, 3: 100}, 70) == 3
    assert level_from_percentages({1: 100, 2: 50, 3: 100}, 70) == 1
    assert level_from_percentages({1: 69.9, 2: 100, 3: 100}, 70) == 0
    assert level_from_percentages({1: 70, 2: 70}, 70) == 2


def test_level_stops_at_first_level_without_questions():
    assert level_from_percentages({1: 100, 3: 100}, 70) == 1
    assert level_from_percentages({2: 100, 3: 100}, 70) == 0


def test_area_levels_groups_by_area():
    result = area_levels([(1, 1, 1.0), (1, 2, 1.0), (2, 1, 0.0), (2, 2, 1.0)], 70)
    assert result[1].level == 2
    assert result[2].level == 0
    assert result[2].percent == 50


def test_self_rated_level_is_the_mean_rounded_down():
    assert self_rated_level([2, 3]) == 2
    assert self_rated_level([4, 4]) == 4
    assert self_rated_level([]) == 0


# Properties -------------------------------------------------------------------

answers = st.lists(st.tuples(st.integers(1, 3), st.booleans()), min_size=1, max_size=30)


def _levels(items, threshold=70):
    return area_levels([(1, level, 1.0 if right else 0.0) for level, right in items], threshold).get(1)


@given(items=answers, index=st.integers(min_value=0), threshold=st.integers(1, 100))
def test_changing_a_wrong_answer_to_right_never_lowers_the_level(items, index, threshold):
    before = _levels(items, threshold).level
    i = index % len(items)
    improved = list(items)
    improved[i] = (items[i][0], True)
    assert _levels(improved, threshold).level >= before


@given(items=answers)
def test_level_never_above_the_highest_level_that_has_questions(items):
    assert _levels(items).level <= max(level for level, _ in items)


@given(items=answers)
def test_all_wrong_gives_level_zero(items):
    assert _levels([(level, False) for level, _ in items]).level == 0


@given(items=answers)
def test_all_right_reaches_the_top_of_the_consecutive_levels(items):
    levels = {level for level, _ in items}
    expected = 0
    while expected + 1 in levels:
        expected += 1
    assert _levels([(level, True) for level, _ in items]).level == expected
