"""Page-type rules editors work within."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from cms.models import HomePage, StandardPage
from learning.models import CourseIndexPage, CoursePage, LessonPage, ModulePage, ScormLessonPage


class PageTreeRulesTests(WagtailPageTestCase):
    def test_course_tree_is_index_course_module_lesson(self):
        self.assertAllowedParentPageTypes(CourseIndexPage, {HomePage})
        self.assertAllowedParentPageTypes(CoursePage, {CourseIndexPage})
        self.assertAllowedParentPageTypes(ModulePage, {CoursePage})
        self.assertAllowedParentPageTypes(LessonPage, {ModulePage})
        self.assertAllowedParentPageTypes(ScormLessonPage, {ModulePage})

    def test_lessons_have_no_children(self):
        self.assertAllowedSubpageTypes(LessonPage, set())
        self.assertAllowedSubpageTypes(ScormLessonPage, set())

    def test_courses_hold_only_modules_and_modules_lessons_and_checks(self):
        from assessments.models import AssessmentPage

        self.assertAllowedSubpageTypes(CoursePage, {ModulePage})
        self.assertAllowedSubpageTypes(ModulePage, {LessonPage, ScormLessonPage, AssessmentPage})

    def test_home_page_sits_at_the_root_only(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})


class PagePreviewAndEditingTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        from tests.factories import course_with_lessons

        cls.course = course_with_lessons(modules=1, lessons_per_module=2)

    def setUp(self):
        from tests.factories.learning import mfa_activate

        self.user = self.create_test_user()  # a superuser, as an editor with full rights
        mfa_activate(self.user)
        self.client.force_login(self.user)  # with the second factor, as tests/conftest.py arranges

    def test_every_course_page_type_can_be_previewed(self):
        from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

        from learning.selectors import lesson_list_for_course

        lesson = lesson_list_for_course(self.course)[0]
        course_data = nested_form_data(
            {
                "title": self.course.title,
                "slug": self.course.slug,
                "summary": "Preview summary",
                "intro": rich_text("<p>Intro</p>"),
                "outcomes": streamfield([("outcome", "Read a table")]),
                "skill_areas": streamfield([("skill_area", "reading-and-interpreting-data")]),
                "skill_tags": inline_formset([]),
            }
        )
        self.assertPageIsPreviewable(self.course, post_data=course_data, user=self.user)
        self.assertPageIsPreviewable(self.course.get_children().first().specific, user=self.user)
        self.assertPageIsPreviewable(lesson, post_data=self._lesson_form(lesson), user=self.user)

    @staticmethod
    def _lesson_form(lesson):
        from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

        return nested_form_data(
            {
                "title": lesson.title,
                "slug": lesson.slug,
                "summary": "",
                "estimated_minutes": 10,
                "body": streamfield([("paragraph", rich_text("<p>Preview text.</p>"))]),
                "skill_tags": inline_formset([]),
            }
        )

    def test_preview_records_no_progress(self):
        from learning.models import LessonProgress
        from learning.selectors import lesson_list_for_course
        from tests.factories import StaffMemberFactory

        StaffMemberFactory(user=self.user)
        lesson = lesson_list_for_course(self.course)[0]
        self.assertPageIsPreviewable(lesson, post_data=self._lesson_form(lesson), user=self.user)
        self.assertFalse(LessonProgress.objects.exists())

    def test_editor_can_create_a_lesson_in_a_module(self):
        from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

        module = self.course.get_children().first().specific
        self.assertCanCreate(
            module,
            LessonPage,
            nested_form_data(
                {
                    "title": "A new lesson",
                    "slug": "a-new-lesson",
                    "summary": "Short.",
                    "estimated_minutes": 5,
                    "body": streamfield([("paragraph", rich_text("<p>Some text.</p>"))]),
                    "skill_tags": inline_formset([]),
                }
            ),
        )
