"""Compute cohort readiness exactly as the readiness rules (docs/architecture.md) defines it: tables in, tables out.

Pure pandas: no ORM, no clock; every function takes an explicit ``as_of`` date. The rules for days and expiry
come from their homes, ``cms.calendar`` and ``assessments.validity``.

Input frames (extra columns are allowed and ignored unless said otherwise):

``members`` - one row per membership spell of the cohort
    person       hashable      stable id of the staff member (pk or employee number)
    joined_on    date-like     first day of membership
    left_on      date-like/NaT optional column; the spell has ended on this day
    left_org_on  date-like/NaT optional column; the person's leave date from the organisation
    team, job_role, band, ... optional; carried into staff rows and usable as breakdowns

``results`` - one row per SkillResult (the full history)
    person       hashable      as in ``members``
    skill_area   str           area slug
    level        int           0-4
    source       str           "assessed" | "observed" | "self_rated" (self-ratings never count)
    assessed_on  date/datetime when the result was recorded
    expires_on   date/datetime optional column; NaT means the start of the local day ``expiry_months`` after
                               the local day of assessed_on (``assessments.validity.expiry_day``)
    id           int           optional column; breaks ties between results with equal assessed_on

``targets`` - mapping skill_area -> target level; areas with a target >= 1 are "targeted", in mapping order.
``expiry_months`` - mapping skill_area -> months a result stays valid; needed only for results without expires_on.

Dates are read as the state at the end of day ``as_of``: a result recorded on that day counts, one expiring on
that day no longer does, and a spell with ``left_on`` equal to that day is over. Days are Europe/London days:
timezone-aware datetimes are converted to that zone's wall-clock time; naive ones are taken as already local.

Fractions are returned unrounded (NaN where undefined, e.g. no members); ``rounded`` applies the 4 places of the
export contract. Suppressed breakdown rows carry NA counts, NaN readiness and ``suppressed`` = 1, as in the
worked example; ``label_suppressed`` turns them into the "<5" shown to people.

The package is split by job: ``tables`` (members, evidence and the readiness tables), ``gain`` (learning gain
between two dates) and ``counts`` (the same tables from counts the database made). Import from here.
"""

from readiness.engine.counts import GROUP_COUNT_COLUMNS, LEVEL_COUNT_COLUMNS, report_from_counts, report_from_levels
from readiness.engine.gain import gain_from_pairs, learning_gain, pair_staff, paired_levels
from readiness.engine.tables import (
    AREA_COLUMNS,
    BREAKDOWN_COLUMNS,
    ERROR_NO_EXPIRY,
    FRACTION_PLACES,
    GAIN_COLUMNS,
    LEVEL_COLUMNS,
    MEMBER_DATE_COLUMNS,
    PAIRED_COLUMNS,
    STAFF_RESULT_COLUMNS,
    SUMMARY_COLUMNS,
    DateLike,
    ExpiryMonths,
    Targets,
    area_table,
    colour_band,
    evidence_levels,
    label_suppressed,
    members_on,
    readiness_report,
    rounded,
    staff_table,
    summary,
    targeted_areas,
    team_table,
)

__all__ = [
    "AREA_COLUMNS",
    "BREAKDOWN_COLUMNS",
    "DateLike",
    "ERROR_NO_EXPIRY",
    "ExpiryMonths",
    "FRACTION_PLACES",
    "GAIN_COLUMNS",
    "GROUP_COUNT_COLUMNS",
    "LEVEL_COLUMNS",
    "LEVEL_COUNT_COLUMNS",
    "MEMBER_DATE_COLUMNS",
    "PAIRED_COLUMNS",
    "STAFF_RESULT_COLUMNS",
    "SUMMARY_COLUMNS",
    "Targets",
    "area_table",
    "colour_band",
    "evidence_levels",
    "gain_from_pairs",
    "label_suppressed",
    "learning_gain",
    "members_on",
    "pair_staff",
    "paired_levels",
    "readiness_report",
    "report_from_counts",
    "report_from_levels",
    "rounded",
    "staff_table",
    "summary",
    "targeted_areas",
    "team_table",
]
