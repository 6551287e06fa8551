"""The whole demo, in the order its parts need: people and the course, the skills framework, cohorts (whose
targets name skill areas), then new starters with nothing yet, then assessments and each cohort's sittings."""

from __future__ import annotations

from django.db import transaction

from assessments.demo.seed import assessments_seed, framework_create
from learning.demo.seed import learning_seed, new_starters_create
from learning.models import StaffMember
from readiness.demo.cohort_history import cohort_sittings_create
from readiness.demo.cohorts import cohorts_create


@transaction.atomic
def demo_seed() -> dict:
    """Create all demo content (safe to run again) and return a summary for the command to print."""
    learning = learning_seed()
    framework = framework_create()
    cohorts = cohorts_create(learning["orgs"], learning["course"])
    new_starters_create(learning["orgs"])  # after progress and cohorts: nothing of theirs yet
    assessments_seed(framework)
    cohort_sittings_create(framework)
    return {
        "course": learning["course"],
        "staff": StaffMember.objects.count(),
        "logins": learning["logins"],
        "cohorts": cohorts,
    }
