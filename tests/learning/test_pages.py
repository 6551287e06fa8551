"""Page-type rules editors work within."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from cms.models import HomePage, StandardPage
from learning.models import CourseIndexPage, CoursePage, LessonPage, ModulePage


class PageTreeRulesTests(WagtailPageTestCase):
    def test_course_tree_is_index_course_module_lesson(self):
        self.assertAllowedParentPageTypes(CourseIndexPage, {HomePage})
        self.assertAllowedParentPageTypes(CoursePage, {CourseIndexPage})
        self.assertAllowedParentPageTypes(ModulePage, {CoursePage})
        self.assertAllowedParentPageTypes(LessonPage, {ModulePage})

    def test_lessons_have_no_children(self):
        self.assertAllowedSubpageTypes(LessonPage, set())

    def test_courses_hold_only_modules_and_modules_only_lessons(self):
        self.assertAllowedSubpageTypes(CoursePage, {ModulePage})
        self.assertAllowedSubpageTypes(ModulePage, {LessonPage})

    def test_home_page_sits_at_the_root_only(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})
