"""The statement builders (pure): shape, stable ids, scores, and never an email address."""

from datetime import UTC, datetime

import pytest

from interop import statements as xapi

AT = datetime(2027, 3, 1, 9, 30, tzinfo=UTC)
ACTOR = xapi.Actor(home_page="https://learning.example.gov.uk/", name="0b8f3c1e-9b7a-4c43-8d8e-3e0d6f1f2a11")
COURSE = xapi.Activity("https://learning.example.gov.uk/xapi/activities/pages/7/", xapi.COURSE, "Data basics")


def lesson(**changes):
    arguments = {
        "actor": ACTOR,
        "base_url": "https://learning.example.gov.uk/",
        "lesson_id": 12,
        "lesson_title": "Reading a table",
        "course": COURSE,
        "registration": "5d4f0c0e-1111-4aaa-8bbb-123456789abc",
        "at": AT,
    }
    return xapi.lesson_completed(**{**arguments, **changes})


def test_lesson_completed_names_the_actor_by_account_and_the_course_as_parent():
    built = lesson()
    assert built["actor"] == {
        "objectType": "Agent",
        "account": {"homePage": "https://learning.example.gov.uk/", "name": ACTOR.name},
    }
    assert built["verb"] == {"id": "http://adlnet.gov/expapi/verbs/completed", "display": {"en-US": "completed"}}
    assert built["object"]["id"] == "https://learning.example.gov.uk/xapi/activities/pages/12/"
    assert built["object"]["definition"] == {"type": xapi.LESSON, "name": {"en-GB": "Reading a table"}}
    assert built["context"]["contextActivities"]["parent"] == [COURSE.as_dict()]
    assert built["context"]["registration"] == "5d4f0c0e-1111-4aaa-8bbb-123456789abc"
    assert built["result"] == {"completion": True}
    assert built["timestamp"] == "2027-03-01T09:30:00.000+00:00"
    assert "mbox" not in str(built) and "@" not in str(built)


def test_the_same_event_always_gets_the_same_statement_id_and_another_event_another():
    assert lesson()["id"] == lesson()["id"]
    assert lesson(lesson_id=13)["id"] != lesson()["id"]
    other_person = xapi.Actor(home_page=ACTOR.home_page, name="another-opaque-name")
    assert lesson(actor=other_person)["id"] != lesson()["id"]
    assert len(lesson()["id"]) == 36


def test_assessment_results_carry_scaled_raw_min_and_max():
    check = xapi.Activity("https://learning.example.gov.uk/xapi/activities/pages/30/", xapi.ASSESSMENT, "Check")
    arguments = {"actor": ACTOR, "assessment": check, "course": COURSE, "registration": None, "at": AT}
    failed = xapi.assessment_result(attempt_key="4", passed=False, score=xapi.Score(1, 0, 4), **arguments)
    passed = xapi.assessment_result(attempt_key="5", passed=True, score=xapi.Score(3.5, 0, 4), **arguments)
    assert failed["verb"]["id"].endswith("/failed") and failed["result"]["success"] is False
    assert failed["result"]["score"] == {"scaled": 0.25, "raw": 1, "min": 0, "max": 4}
    assert passed["verb"]["id"].endswith("/passed") and passed["result"]["success"] is True
    assert passed["result"]["score"] == {"scaled": 0.875, "raw": 3.5, "min": 0, "max": 4}
    assert "registration" not in failed["context"]
    assert failed["id"] != passed["id"]


@pytest.mark.parametrize(("raw", "low", "high"), [(5, 0, 4), (-1, 0, 4), (1, 2, 2)])
def test_a_score_outside_its_range_is_refused(raw, low, high):
    with pytest.raises(ValueError, match="min <= raw <= max"):
        xapi.Score(raw, low, high)


def test_a_skill_level_is_an_objective_mastered_with_the_check_as_parent():
    check = xapi.Activity("https://x.example/xapi/activities/pages/30/", xapi.ASSESSMENT, "Skills check")
    built = xapi.skill_level_reached(
        actor=ACTOR,
        base_url="https://x.example",
        area_id=3,
        area_name="Reading data",
        level=2,
        percent=75,
        attempt_key="9",
        assessment=check,
        at=AT,
    )
    assert built["verb"]["id"] == "http://adlnet.gov/expapi/verbs/mastered"
    assert built["object"]["id"] == "https://x.example/xapi/activities/skill-areas/3/levels/2/"
    assert built["object"]["definition"]["name"] == {"en-GB": "Reading data level 2"}
    assert built["result"]["score"]["scaled"] == 0.75
    assert built["context"]["contextActivities"]["parent"][0]["id"] == check.id


def test_scorm_results_give_completed_then_passed_or_failed():
    page = xapi.Activity("https://x.example/xapi/activities/pages/40/", xapi.LESSON, "Golf")
    common = {"actor": ACTOR, "lesson": page, "course": COURSE, "registration": None, "attempt_key": "a1", "at": AT}
    both = xapi.scorm_results(completed=True, passed=True, score=xapi.Score(80, 0, 100), **common)
    assert [s["verb"]["display"]["en-US"] for s in both] == ["completed", "passed"]
    assert both[1]["result"]["score"]["scaled"] == 0.8
    assert xapi.scorm_results(completed=False, passed=None, score=None, **common) == []
    failed = xapi.scorm_results(completed=False, passed=False, score=None, **common)
    assert [s["verb"]["display"]["en-US"] for s in failed] == ["failed"]


def test_a_naive_timestamp_is_refused():
    with pytest.raises(ValueError, match="time zone"):
        lesson(at=datetime(2027, 3, 1, 9, 30))
