"""Assessment models, re-exported so Django finds them in one place."""

from assessments.models.attempts import Attempt, Response, SkillResult
from assessments.models.framework import ProficiencyLevel, SkillArea, SkillFramework
from assessments.models.questions import Question
from assessments.models.skill_tags import CourseSkillTag, LessonSkillTag, ScormSkillAward
from assessments.pages import AssessmentPage

__all__ = [
    "AssessmentPage",
    "Attempt",
    "CourseSkillTag",
    "LessonSkillTag",
    "ProficiencyLevel",
    "Question",
    "Response",
    "ScormSkillAward",
    "SkillArea",
    "SkillFramework",
    "SkillResult",
]
