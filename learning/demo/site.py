"""Demo site pages and the demo course: the home page, the catalogue, an accessibility statement, one course.

Each page is looked up by slug first, so running the demo again changes nothing.
"""

from __future__ import annotations

from django.conf import settings as django_settings
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from cms.models import HomePage, SiteSettings, StandardPage
from learning.demo.course_data import COURSE
from learning.models import CourseIndexPage, CoursePage, LessonPage, ModulePage


def _publish(page: Page) -> None:
    page.save_revision().publish()


def _raw_block(block_type: str, value):
    """Return a StreamField raw block from the course data's (type, value) pair."""
    if block_type == "heading":
        value = {"text": value, "level": "h2"}
    elif block_type == "table":
        value = {
            "data": value["rows"],
            "first_row_is_table_header": True,
            "first_col_is_header": False,
            "table_caption": value.get("caption", ""),
        }
    return {"type": block_type, "value": value}


def site_pages_create() -> tuple[HomePage, CourseIndexPage]:
    """Create (or find) the home page, course catalogue, standard pages and site settings."""
    Locale.objects.get_or_create(language_code=get_supported_content_language_variant(django_settings.LANGUAGE_CODE))
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    home = HomePage.objects.first()
    if home is None:
        home = HomePage(
            title="Upskill: digital and data skills for public services",
            slug="upskill-home",
            intro=(
                "<p>Short, practical courses that help council and NHS staff work confidently with "
                "data and digital tools, and skills checks that show where you are today.</p>"
            ),
        )
        root.add_child(instance=home)
        _publish(home)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    elif site.root_page_id != home.id:
        old_root = site.root_page
        site.root_page = home
        site.site_name = "Upskill"
        site.save()
        if old_root.depth == 2 and old_root.specific_class is Page:
            old_root.delete()

    catalogue = CourseIndexPage.objects.child_of(home).first()
    if catalogue is None:
        catalogue = CourseIndexPage(
            title="Courses",
            slug="courses",
            show_in_menus=True,
            intro="<p>Every course is free to staff and can be taken at your own pace.</p>",
        )
        home.add_child(instance=catalogue)
        _publish(catalogue)

    statement = StandardPage.objects.child_of(home).filter(slug="accessibility").first()
    if statement is None:
        statement = StandardPage(
            title="Accessibility statement",
            slug="accessibility",
            intro="We want everyone who works in public services to be able to use this site.",
            body=[
                {"type": "heading", "value": {"text": "How accessible this site is", "level": "h2"}},
                {
                    "type": "paragraph",
                    "value": (
                        "<p>This site aims to meet the Web Content Accessibility Guidelines version 2.2 at "
                        "level AA. You should be able to use it with a keyboard alone, zoom it to 400% "
                        "without losing content, and use it with a screen reader.</p>"
                    ),
                },
                {"type": "heading", "value": {"text": "Reporting a problem", "level": "h2"}},
                {
                    "type": "paragraph",
                    "value": (
                        "<p>If something does not work for you, tell your learning and development team "
                        "and we will aim to fix it or provide the content another way.</p>"
                    ),
                },
            ],
        )
        home.add_child(instance=statement)
        _publish(statement)

    settings = SiteSettings.for_site(site)
    if settings.accessibility_statement_id is None:
        settings.organisation_name = "Upskill demo academy"
        settings.accessibility_statement = statement
        settings.save()
    return home, catalogue


def course_create(catalogue: CourseIndexPage, data: dict = COURSE) -> CoursePage:
    """Create and publish the demo course from its data, unless a course with its slug exists."""
    existing = CoursePage.objects.child_of(catalogue).filter(slug=data["slug"]).first()
    if existing is not None:
        return existing
    course = CoursePage(
        title=data["title"],
        slug=data["slug"],
        summary=data["summary"],
        search_description=data["summary"],
        intro=data.get("intro", ""),
        outcomes=[{"type": "outcome", "value": text} for text in data["outcomes"]],
        skill_areas=[{"type": "skill_area", "value": slug} for slug in data["skill_areas"]],
    )
    catalogue.add_child(instance=course)
    _publish(course)
    for module_data in data["modules"]:
        module = ModulePage(title=module_data["title"], slug=module_data["slug"], intro=module_data.get("intro", ""))
        course.add_child(instance=module)
        _publish(module)
        for lesson_data in module_data["lessons"]:
            lesson = LessonPage(
                title=lesson_data["title"],
                slug=lesson_data["slug"],
                summary=lesson_data["summary"],
                search_description=lesson_data["summary"],
                estimated_minutes=lesson_data["minutes"],
                body=[_raw_block(kind, value) for kind, value in lesson_data["body"]],
            )
            module.add_child(instance=lesson)
            _publish(lesson)
    return course


def home_feature_course(home: HomePage, course: CoursePage) -> None:
    """Feature the course on the home page once."""
    if any(block.value["page"] and block.value["page"].id == course.id for block in home.featured):
        return
    home.featured = [{"type": "featured_page", "value": {"page": course.id, "description": course.summary}}]
    _publish(home)
