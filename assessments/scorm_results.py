"""Skill results from SCORM lessons: when a learner first passes one, record the levels its editor said a pass
gives (``ScormSkillAward``) as assessed results, with the expiry every result gets (``assessments.validity``).

``learning`` announces the pass (``learning.events.scorm_lesson_passed``, inside its transaction) and this
module listens, so ``learning`` never imports ``assessments``.
"""

from __future__ import annotations

from decimal import Decimal

from assessments import validity
from assessments.models import ScormSkillAward, SkillResult
from assessments.selectors import expiry_months_by_area


def scorm_skill_results_record(*, attempt, now, **kwargs) -> list[SkillResult]:
    """Write one assessed result per award of the attempt's lesson; the score is the package's scaled score as a
    percentage when it gave one of 0 or more."""
    if attempt.lesson_id is None:
        return []
    awards = list(ScormSkillAward.objects.filter(page_id=attempt.lesson_id).values_list("area_id", "level"))
    if not awards:
        return []
    months = expiry_months_by_area(area_id for area_id, _ in awards)
    scaled = attempt.score_scaled
    score = Decimal(str(round(scaled * 100, 2))) if scaled is not None and scaled >= 0 else None
    return SkillResult.objects.bulk_create(
        [
            SkillResult(
                staff_id=attempt.staff_id,
                area_id=area_id,
                level=level,
                source=SkillResult.Source.ASSESSED,
                score=score,
                assessed_at=now,
                expires_at=validity.expires_at_for(now, months[area_id]),
            )
            for area_id, level in awards
        ]
    )
