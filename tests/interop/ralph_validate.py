"""Run by Ralph's own Python (tests/lrs.py): read a JSON list of statements on stdin, validate each against
Ralph's xAPI models, and print a JSON list of errors (empty when all are valid); exit 1 when there are errors.

Every statement must be a valid ``BaseXapiStatement`` (xAPI 1.0.3 structure, UUID id, no empty values, no unknown
fields, valid language maps and IRIs). Where Ralph models the exact verb or activity type (SCORM profile's
"completed" verb, ADL's course activity), the statement's verb or course activity must match that model too;
other verbs must be ADL vocabulary IRIs with an en-US display of their name.
"""

import json
import sys

from pydantic import ValidationError
from ralph.models.xapi.base.statements import BaseXapiStatement
from ralph.models.xapi.concepts.activity_types.scorm_profile import CourseActivity
from ralph.models.xapi.concepts.verbs.scorm_profile import CompletedVerb

ADL_VERBS = {"completed", "passed", "failed", "mastered"}
COURSE = "http://adlnet.gov/expapi/activities/course"


def _check(found: list, index: int, model, value) -> None:
    try:
        model.model_validate(value)
    except ValidationError as exc:
        found.append(f"{index}: {exc}")


def errors_of(index: int, statement) -> list[str]:
    found: list[str] = []
    _check(found, index, BaseXapiStatement, statement)
    if found or not isinstance(statement, dict):
        return found
    verb = statement["verb"]
    if verb["id"] == CompletedVerb.model_fields["id"].default:
        _check(found, index, CompletedVerb, verb)
    else:
        name = verb["id"].rsplit("/", 1)[-1]
        if not verb["id"].startswith("http://adlnet.gov/expapi/verbs/") or name not in ADL_VERBS:
            found.append(f"{index}: verb {verb['id']!r} is not an ADL verb used here")
        elif verb.get("display") != {"en-US": name}:
            found.append(f"{index}: verb display {verb.get('display')!r} should be {{'en-US': {name!r}}}")
    activities = [statement["object"]]
    activities += statement.get("context", {}).get("contextActivities", {}).get("parent", [])
    for activity in activities:
        if activity.get("definition", {}).get("type") == COURSE:
            _check(found, index, CourseActivity, activity)
    return found


def main() -> int:
    statements = json.load(sys.stdin)
    errors = [error for index, statement in enumerate(statements) for error in errors_of(index, statement)]
    sys.stdout.write(json.dumps(errors))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
