"""SCORM lessons with a real package stored, for tests."""

from __future__ import annotations

import io
from pathlib import Path

import factory
import wagtail_factories

from learning.models import ModulePage, ScormLessonPage
from learning.scorm.manifest import package_check
from learning.scorm.services import package_version_store


class ScormLessonPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ScormLessonPage

    title = factory.Sequence(lambda n: f"SCORM lesson {n}")
    estimated_minutes = 15


def package_store(source: Path | bytes, package=None):
    """Check and store a package zip (a file, or its bytes) as a version of ``package``, or of a new package."""
    if isinstance(source, bytes):
        return package_version_store(checked=package_check(io.BytesIO(source)), package=package, original_name="zip")
    with source.open("rb") as file:
        return package_version_store(checked=package_check(file), package=package, original_name=source.name)


def scorm_lesson_in(module: ModulePage, path: Path, **kwargs) -> ScormLessonPage:
    """Add a published SCORM lesson playing the package at ``path`` to the end of ``module``."""
    return ScormLessonPageFactory(parent=module, package_version=package_store(path), **kwargs)
