"""Parsing submitted answers refuses anything that does not belong to the question."""

import pytest
from django.http import QueryDict

from assessments.answers import AnswerError, parse_answer
from tests.assessments.test_scoring import MULTI, ORDER, question


def test_single_choice_from_another_question_is_refused():
    with pytest.raises(AnswerError, match="not one of this question's choices"):
        parse_answer(question(), {"choice": "zz"})


def test_missing_answers_are_refused_with_a_clear_message():
    with pytest.raises(AnswerError, match="Select an answer"):
        parse_answer(question(), {})
    with pytest.raises(AnswerError, match="at least one"):
        parse_answer(question("multiple", choices=MULTI), QueryDict(""))


def test_multiple_choices_must_all_belong():
    data = QueryDict("choices=a&choices=zz")
    with pytest.raises(AnswerError):
        parse_answer(question("multiple", choices=MULTI), data)
    assert parse_answer(question("multiple", choices=MULTI), QueryDict("choices=b&choices=a")) == {
        "choices": ["a", "b"]
    }


@pytest.mark.parametrize("raw", ["", "abc", "NaN", "Infinity", "1e400", "12,,5.5.5"])
def test_numeric_must_be_a_finite_number(raw):
    with pytest.raises(AnswerError):
        parse_answer(question("numeric", choices=[], answer="1"), {"value": raw})


def test_numeric_out_of_range_is_refused():
    with pytest.raises(AnswerError, match="between"):
        parse_answer(question("numeric", choices=[], answer="1"), {"value": "99999999999"})


def test_numeric_accepts_thousands_separators():
    assert parse_answer(question("numeric", choices=[], answer="1"), {"value": " 1,250.5 "}) == {"value": "1250.5"}


def test_ordering_needs_a_full_permutation():
    q = question("ordering", choices=ORDER)
    good = {"position-s1": "2", "position-s2": "1", "position-s3": "3", "position-s4": "4"}
    assert parse_answer(q, good) == {"order": ["s2", "s1", "s3", "s4"]}
    for bad in [
        {**good, "position-s4": "3"},  # duplicate position
        {**good, "position-s4": "9"},  # out of range
        {k: v for k, v in good.items() if k != "position-s1"},  # missing
        {**good, "position-s1": "x"},
    ]:
        with pytest.raises(AnswerError, match="different position"):
            parse_answer(q, bad)
