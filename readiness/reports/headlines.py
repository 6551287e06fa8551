"""Each cohort's headline figures (readiness, coverage, completion, overdue) for the lists that show many cohorts
at once: the dashboard's cohort list and the admin home panel.

Built by the report service and the presenters (the readiness rules live there, not here) and kept in the cache
for a few minutes under a key that changes as soon as results, memberships, enrolments, completions, leave dates
or the cohort's targets, courses or bands change, so a list of cohorts costs a fixed number of queries once warm.
"""

from __future__ import annotations

from datetime import date

from django.core.cache import cache

from readiness.models import Cohort
from readiness.reports.lazy import presenters, service

HEADLINE_SECONDS = 5 * 60


def cohort_headline_cached(cohort: Cohort, today: date, version: str) -> dict:
    """Return a cohort's headline (``presenters.headline``) for ``today``, from the cache when it is fresh."""
    key = f"readiness:headline:{cohort.pk}:{today.isoformat()}:{version}:{cohort.green_from}-{cohort.amber_from}"
    headline = cache.get(key)
    if headline is None:
        headline = presenters.headline(service.cohort_report(cohort, today), presenters.Bands.of(cohort))
        cache.set(key, headline, HEADLINE_SECONDS)
    return headline


def cohort_headlines(cohorts: list[Cohort], today: date) -> list[dict]:
    """Return ``{"cohort": ..., "headline": ...}`` for each cohort, in the order given.

    Seven queries for any number of cohorts whose figures are cached (five for the data's version, two for the
    cohorts' settings); a cohort whose figures are not builds its report once.
    """
    if not cohorts:
        return []
    version = service.data_version()
    settings = service.cohort_settings([cohort.pk for cohort in cohorts])
    return [
        {"cohort": cohort, "headline": cohort_headline_cached(cohort, today, f"{version}-{settings[cohort.pk]}")}
        for cohort in cohorts
    ]
