"""Search results say what each hit is, and a course whose title matches comes first; /favicon.ico is served."""

from __future__ import annotations

import re

import pytest
from django.templatetags.static import static

from cms.views import FAVICON, page_kind, ranked_results, title_matches
from tests.factories.learning import (
    CourseIndexPageFactory,
    CoursePageFactory,
    LessonPageFactory,
    ModulePageFactory,
    site_home,
)

pytestmark = pytest.mark.django_db
WORDY = "<p>" + " ".join(["Data, data and more data: data tables and data charts."] * 8) + "</p>"


@pytest.fixture
def catalogue():
    home = site_home()
    courses = CourseIndexPageFactory(parent=home, slug="courses")
    course = CoursePageFactory(parent=courses, title="Working with data", slug="working-with-data")
    module = ModulePageFactory(parent=course, title="Reading tables", slug="reading-tables")
    lessons = [
        LessonPageFactory(parent=module, title=f"Lesson {n}", slug=f"lesson-{n}", body=[("paragraph", WORDY)])
        for n in range(1, 10)
    ]
    titled = LessonPageFactory(parent=module, title="Data in charts", slug="data-in-charts")
    data_module = ModulePageFactory(parent=course, title="Data protection", slug="data-protection")
    return {"course": course, "module": module, "lessons": lessons, "titled": titled, "data_module": data_module}


def hits(client, query: str) -> list[tuple[str, str]]:
    """Return (kind, title) of each result on the first page, in order."""
    html = client.get("/search/", {"q": query}).content.decode()
    return re.findall(r'app-search-results__kind">([^<]+)</strong></p>\s*<a [^>]*>([^<]+)</a>', html)


def test_each_result_says_whether_it_is_a_course_module_or_lesson(client, catalogue):
    found = {title: kind for kind, title in hits(client, "data")}
    assert found["Working with data"] == "Course"
    assert found["Data protection"] == "Module"
    assert found["Data in charts"] == "Lesson"
    body_only = [kind for title, kind in found.items() if re.fullmatch(r"Lesson \d", title)]
    assert body_only and set(body_only) == {"Lesson"}


def test_a_course_whose_title_matches_comes_first_then_modules_then_lessons(client, catalogue):
    results = hits(client, "data")
    assert results[:3] == [("Course", "Working with data"), ("Module", "Data protection"), ("Lesson", "Data in charts")]
    # Pages that only mention the word follow, in the search engine's order.
    assert {title for _, title in results[3:]} <= {f"Lesson {n}" for n in range(1, 10)}


def test_ranking_keeps_the_engine_order_within_each_group(catalogue):
    c = catalogue
    pages = [c["lessons"][0], c["titled"], c["lessons"][1], c["course"], c["data_module"]]
    ranked = [result["page"].title for result in ranked_results(pages, "data")]
    assert ranked == ["Working with data", "Data protection", "Data in charts", "Lesson 1", "Lesson 2"]
    assert [page_kind(page) for page in pages] == ["Lesson", "Lesson", "Lesson", "Course", "Module"]


def test_a_title_matches_when_every_word_starts_one_of_its_words():
    assert title_matches("Working with data", "data")
    assert title_matches("Databases for beginners", "data begin")
    assert not title_matches("Working with data", "data protection")
    assert not title_matches("Metadata", "data")


def test_favicon_is_served_from_the_static_files(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == static(FAVICON)
    assert "max-age" in response["Cache-Control"]
    assert client.post("/favicon.ico").status_code == 405


def test_every_site_page_names_its_icon(client, catalogue):
    html = client.get("/").content.decode()
    assert f'<link rel="icon" href="{static(FAVICON)}"' in html
    assert 'type="image/svg+xml"' in html
